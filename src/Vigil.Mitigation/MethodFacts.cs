using System.Collections;

namespace Vigil.Mitigation;

/// <summary>
/// What a method reports about itself, in order: its options as applied, and what it fitted (thresholds, weights,
/// mix rates). Values are numbers, text, booleans, null, lists and nested facts; the application layer writes them
/// into the mitigation contract (the algorithm library knows no JSON).
/// </summary>
public sealed class MethodFacts : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _items = [];

    /// <summary>Sets <paramref name="key"/> (replacing an earlier value in place).</summary>
    public object? this[string key]
    {
        get => _items.Find(kv => kv.Key == key).Value;
        set
        {
            var at = _items.FindIndex(kv => kv.Key == key);
            if (at >= 0) _items[at] = new(key, value);
            else _items.Add(new(key, value));
        }
    }

    public int Count => _items.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
