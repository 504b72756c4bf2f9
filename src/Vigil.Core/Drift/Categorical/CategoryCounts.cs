using System.Globalization;
using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Counts per category over the union of the categories seen in either sample (missing values left out),
/// Evidently's `keys` with their value_counts filled with 0. Mergeable: the sum of two windows' counts is the
/// counts of their union, so every categorical statistic can be computed from a running summary.
/// </summary>
public sealed class CategoryCounts
{
    private readonly string[] _keys;
    private readonly long[] _reference;
    private readonly long[] _current;

    public CategoryCounts(string[] keys, long[] reference, long[] current)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (keys.Length != reference.Length || keys.Length != current.Length)
            throw new ArgumentException("keys and counts must have the same length");
        _keys = keys;
        _reference = reference;
        _current = current;
        foreach (var c in reference) ReferenceTotal += c;
        foreach (var c in current) CurrentTotal += c;
    }

    /// <summary>Category labels, sorted (numerically for numeric columns).</summary>
    public IReadOnlyList<string> Keys => _keys;

    public ReadOnlySpan<long> Reference => _reference;

    public ReadOnlySpan<long> Current => _current;

    public long ReferenceTotal { get; }

    public long CurrentTotal { get; }

    public int Count => _keys.Length;

    /// <summary>
    /// Counts from two dictionary-coded columns (code −1 = missing) whose level lists may differ: levels are
    /// matched by their text, so a category present in one file only gets a zero count in the other.
    /// </summary>
    public static CategoryCounts FromCodes(ReadOnlySpan<int> referenceCodes, IReadOnlyList<string> referenceLevels,
        ReadOnlySpan<int> currentCodes, IReadOnlyList<string> currentLevels)
    {
        ArgumentNullException.ThrowIfNull(referenceLevels);
        ArgumentNullException.ThrowIfNull(currentLevels);
        var refByLevel = new long[referenceLevels.Count];
        foreach (var c in referenceCodes)
            if (c >= 0) refByLevel[c]++;
        var curByLevel = new long[currentLevels.Count];
        foreach (var c in currentCodes)
            if (c >= 0) curByLevel[c]++;

        var union = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < referenceLevels.Count; i++)
            if (refByLevel[i] > 0) union.Add(referenceLevels[i]);
        for (var i = 0; i < currentLevels.Count; i++)
            if (curByLevel[i] > 0) union.Add(currentLevels[i]);
        var keys = union.ToArray();
        var index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++) index[keys[i]] = i;
        var reference = new long[keys.Length];
        var current = new long[keys.Length];
        for (var i = 0; i < referenceLevels.Count; i++)
            if (refByLevel[i] > 0) reference[index[referenceLevels[i]]] += refByLevel[i];
        for (var i = 0; i < currentLevels.Count; i++)
            if (curByLevel[i] > 0) current[index[currentLevels[i]]] += curByLevel[i];
        return new CategoryCounts(keys, reference, current);
    }

    /// <summary>Counts per distinct value of two numeric samples (for numeric columns tested per value).</summary>
    public static CategoryCounts FromSorted(SortedSample reference, SortedSample current)
    {
        var keys = new List<string>();
        var r = new List<long>();
        var c = new List<long>();
        var acc = (keys, r, c);
        Numeric.PooledRanks.ForEach(reference, current, ref acc, static (in Numeric.PooledValue v, ref (List<string> K, List<long> R, List<long> C) s) =>
        {
            s.K.Add(v.Value.ToString("R", CultureInfo.InvariantCulture));
            s.R.Add(v.InReference);
            s.C.Add(v.InCurrent);
        });
        return new CategoryCounts(keys.ToArray(), r.ToArray(), c.ToArray());
    }

    /// <summary>Adds another window's counts over the same or other keys (the union's counts).</summary>
    public CategoryCounts Merge(CategoryCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var union = new SortedSet<string>(_keys, StringComparer.Ordinal);
        union.UnionWith(other._keys);
        var keys = union.ToArray();
        var index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++) index[keys[i]] = i;
        var reference = new long[keys.Length];
        var current = new long[keys.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            reference[index[_keys[i]]] += _reference[i];
            current[index[_keys[i]]] += _current[i];
        }
        for (var i = 0; i < other._keys.Length; i++)
        {
            reference[index[other._keys[i]]] += other._reference[i];
            current[index[other._keys[i]]] += other._current[i];
        }
        return new CategoryCounts(keys, reference, current);
    }
}
