namespace Vigil.Reporting.Card;

/// <summary>Owner, treatment and status a card.yaml gives to risk rows of a kind (and optionally one group).</summary>
public sealed record RiskAssignment(string Kind, string? Group, string? Owner, string? Treatment, string? Status);

/// <summary>
/// The validated content of card.yaml: text and lists by dotted key (e.g. "intended_use.primary_users"), and
/// the risk assignments.
/// </summary>
public sealed class CardFacts
{
    private readonly IReadOnlyDictionary<string, string> _texts;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _lists;

    /// <summary>Facts from validated values.</summary>
    public CardFacts(IReadOnlyDictionary<string, string> texts, IReadOnlyDictionary<string, IReadOnlyList<string>> lists, IReadOnlyList<RiskAssignment> assignments)
    {
        _texts = texts;
        _lists = lists;
        Assignments = assignments;
    }

    /// <summary>No card given: every human fact is missing.</summary>
    public static CardFacts Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(), []);

    /// <summary>True when no card was given.</summary>
    public bool IsEmpty => _texts.Count == 0 && _lists.Count == 0;

    /// <summary>Risk assignments in file order (the first match wins).</summary>
    public IReadOnlyList<RiskAssignment> Assignments { get; }

    /// <summary>The text at a dotted key, or null.</summary>
    public string? Text(string key) => _texts.GetValueOrDefault(key);

    /// <summary>The list at a dotted key, or null.</summary>
    public IReadOnlyList<string>? List(string key) => _lists.GetValueOrDefault(key);
}
