namespace Vigil.Service.Ingest;

/// <summary>
/// The failing fields of a request by JSON path ("[3].score" → "expected a number in [0, 1]"), at most
/// <see cref="MaxErrors"/> (a batch of 10,000 bad rows answers with the first 100 and the count).
/// Messages never quote an identifier's value.
/// </summary>
internal sealed class ValidationErrors
{
    public const int MaxErrors = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Errors found (also those beyond the cap).</summary>
    public int Count { get; private set; }

    public bool Any => Count > 0;

    public void Add(string path, string message)
    {
        Count++;
        if (_errors.Count >= MaxErrors && !_errors.ContainsKey(path)) return;
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    /// <summary>The map of the problem details' "errors" member.</summary>
    public Dictionary<string, string[]> ToDictionary()
    {
        var map = new Dictionary<string, string[]>(_errors.Count, StringComparer.Ordinal);
        foreach (var (path, messages) in _errors) map[path] = [.. messages];
        return map;
    }

    /// <summary>One sentence for the problem's detail.</summary>
    public string Summary(int events)
    {
        var first = _errors.First();
        var shown = Count > MaxErrors ? $" (the first {MaxErrors} are listed)" : "";
        return $"{Count} error(s) in {events} event(s); nothing was stored{shown}. First: {first.Key}: {first.Value[0]}";
    }
}
