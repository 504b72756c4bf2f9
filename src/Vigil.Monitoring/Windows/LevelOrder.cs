using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Data;

namespace Vigil.Monitoring.Windows;

/// <summary>
/// The order of an attribute's levels in every monitoring output, the same as the batch audit's loader
/// (<see cref="AuditLoader"/>): a banded attribute's bands lowest first; a categorical attribute's levels sorted
/// numerically when every level is a number, else ordinally (as the tabular reader sorts them); the missing level
/// "(missing)" last.
/// </summary>
public static class LevelOrder
{
    /// <summary>The band labels of a banded attribute (null for a categorical one).</summary>
    public static string[]? BandLabels(ProtectedSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Bands is { Count: > 0 } b ? new Bands(spec.Name, [.. b]).Labels() : null;
    }

    /// <summary><paramref name="present"/> in output order (bands in band order, unknown labels after them).</summary>
    public static List<string> Sort(ProtectedSpec spec, IEnumerable<string> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var levels = present.Distinct(StringComparer.Ordinal).ToList();
        var missing = levels.Remove(AuditLoader.MissingLevel);
        List<string> sorted;
        if (BandLabels(spec) is { } bands)
        {
            var rank = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < bands.Length; i++) rank[bands[i]] = i;
            sorted = [.. levels.OrderBy(l => rank.GetValueOrDefault(l, int.MaxValue)).ThenBy(l => l, StringComparer.Ordinal)];
        }
        else
        {
            sorted = [.. SortCategorical(levels)];
        }
        if (missing) sorted.Add(AuditLoader.MissingLevel);
        return sorted;
    }

    /// <summary>Numerically when every level is a number (ties by text), else ordinally: the tabular reader's rule.</summary>
    public static string[] SortCategorical(IReadOnlyList<string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var array = levels.ToArray();
        var allNumeric = Array.TrueForAll(array, l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (allNumeric)
        {
            Array.Sort(array, (a, b) =>
            {
                var c = double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture));
                return c != 0 ? c : string.CompareOrdinal(a, b);
            });
        }
        else
        {
            Array.Sort(array, StringComparer.Ordinal);
        }
        return array;
    }
}
