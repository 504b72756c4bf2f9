namespace Vigil.Reporting.Card;

/// <summary>What a card.yaml value must be.</summary>
public enum CardValueKind
{
    /// <summary>A scalar, read as text.</summary>
    Text,

    /// <summary>A sequence of scalars.</summary>
    TextList,

    /// <summary>A mapping with the listed keys.</summary>
    Section,

    /// <summary>A sequence of mappings, each with the listed keys.</summary>
    SectionList,
}

/// <summary>One key of card.yaml: its kind, whether it is required, its children (for sections), allowed values.</summary>
public sealed record CardField(string Key, CardValueKind Kind, bool Required, IReadOnlyList<CardField>? Children = null, IReadOnlyList<string>? AllowedValues = null);

/// <summary>
/// The keys of card.yaml: the facts of a Model Card (Mitchell et al. 2019) that only a human knows, and the
/// owners, treatments and statuses of risk-register rows. docs/report.md lists them with their meaning.
/// </summary>
public static class CardSchema
{
    /// <summary>Statuses a risk row may have.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "mitigating", "accepted", "closed"];

    /// <summary>The top-level keys.</summary>
    public static readonly IReadOnlyList<CardField> Root =
    [
        new("model_details", CardValueKind.Section, true,
        [
            new("name", CardValueKind.Text, true),
            new("version", CardValueKind.Text, true),
            new("date", CardValueKind.Text, true),
            new("developer", CardValueKind.Text, true),
            new("type", CardValueKind.Text, true),
            new("training_approach", CardValueKind.Text, true),
            new("paper", CardValueKind.Text, false),
            new("citation", CardValueKind.Text, false),
            new("license", CardValueKind.Text, true),
            new("contact", CardValueKind.Text, true),
        ]),
        new("intended_use", CardValueKind.Section, true,
        [
            new("primary_uses", CardValueKind.Text, true),
            new("primary_users", CardValueKind.Text, true),
            new("out_of_scope", CardValueKind.TextList, true),
        ]),
        new("factors", CardValueKind.Section, true,
        [
            new("relevant", CardValueKind.Text, true),
            new("evaluation", CardValueKind.Text, false),
        ]),
        new("evaluation_data", CardValueKind.Section, true,
        [
            new("datasets", CardValueKind.Text, true),
            new("motivation", CardValueKind.Text, true),
            new("preprocessing", CardValueKind.Text, true),
        ]),
        new("training_data", CardValueKind.Text, true),
        new("ethical_considerations", CardValueKind.Section, true,
        [
            new("data", CardValueKind.Text, true),
            new("human_life", CardValueKind.Text, true),
            new("mitigations", CardValueKind.Text, true),
            new("risks_and_harms", CardValueKind.Text, true),
            new("use_cases", CardValueKind.Text, true),
        ]),
        new("caveats_and_recommendations", CardValueKind.TextList, true),
        new("risk_register", CardValueKind.Section, false,
        [
            new("default_owner", CardValueKind.Text, false),
            new("default_treatment", CardValueKind.Text, false),
            new("default_status", CardValueKind.Text, false, AllowedValues: Statuses),
            new("assignments", CardValueKind.SectionList, false,
            [
                new("kind", CardValueKind.Text, true, AllowedValues: RiskKindNames.All),
                new("group", CardValueKind.Text, false),
                new("owner", CardValueKind.Text, false),
                new("treatment", CardValueKind.Text, false),
                new("status", CardValueKind.Text, false, AllowedValues: Statuses),
            ]),
        ]),
    ];
}
