using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Core.Drift;

namespace Vigil.Application.Drift;

/// <summary>
/// The drift disparity of issue #11: each group's share of drifted columns and its difference from the reference
/// group's. The reference group is the named level (--reference a=V), else the group with the most current rows; only
/// groups compared in both files can be it, since a group present in one file has no drift share.
/// </summary>
public static class DriftReferenceGroup
{
    /// <summary>
    /// The reference group among <paramref name="groups"/>: the one whose label matches every named level (per
    /// attribute of <paramref name="columns"/>; an intersection label joins the values with '*') with the most current
    /// rows, ties to the first. Null when no group is compared; an error naming the groups when a named level matches none.
    /// </summary>
    public static string? Resolve(IReadOnlyList<string> columns, IReadOnlyList<string?>? named, IReadOnlyList<GroupDrift> groups)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(groups);
        GroupDrift? best = null;
        foreach (var g in groups)
            if (Matches(g.Value, columns.Count, named) && (best is null || g.CurrentRows > best.CurrentRows)) best = g;
        if (best is not null || groups.Count == 0 && (named is null || named.All(n => n is null))) return best?.Value;
        var given = string.Join(", ", columns.Select((c, k) => named is not null && k < named.Count && named[k] is { } v ? $"{c}={v}" : null).OfType<string>());
        throw VigilException.Option("reference",
            $"{given}: no such group of '{string.Join(Groups.GroupSelection.Separator, columns)}' in both files; groups: {string.Join(", ", groups.Select(x => x.Value))}");
    }

    /// <summary>The group's share of drifted columns (Evidently's dataset share within the group) as a METRIC.</summary>
    public static MetricValue Share(DatasetDrift d) =>
        d.Share is { } s
            ? new MetricValue(s, null, "no interval: the columns of one group are not independent samples")
            : new MetricValue(null, null, "no column has a defined verdict in this group");

    /// <summary>
    /// The group's share minus the reference group's; the reference group's own gap is 0. Null with the reason when
    /// either group is a small cell (its share rests on too few rows to compare) or either share is undefined.
    /// </summary>
    public static MetricValue Gap(GroupDrift group, GroupDrift? reference, IReadOnlySet<string> smallCells)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(smallCells);
        if (reference is null) return new MetricValue(null, null, "no reference group");
        if (smallCells.Contains(group.Value)) return new MetricValue(null, null, "small cell: fewer than min_cell rows in either file");
        if (smallCells.Contains(reference.Value)) return new MetricValue(null, null, "the reference group is a small cell");
        if (group.Result.Dataset.Share is not { } s) return new MetricValue(null, null, "no column has a defined verdict in this group");
        if (reference.Result.Dataset.Share is not { } r) return new MetricValue(null, null, "no column has a defined verdict in the reference group");
        // The reference's own gap is exactly 0, not s - s computed through another path.
        return new MetricValue(ReferenceEquals(group, reference) ? 0 : s - r, null, null);
    }

    private static bool Matches(string label, int attributes, IReadOnlyList<string?>? named)
    {
        if (named is null || named.All(n => n is null)) return true;
        if (attributes == 1) return named[0] is not { } only || string.Equals(label, only, StringComparison.Ordinal);
        var parts = label.Split(Groups.GroupSelection.Separator);
        if (parts.Length != attributes) return false;
        for (var k = 0; k < named.Count && k < parts.Length; k++)
            if (named[k] is { } level && !string.Equals(parts[k], level, StringComparison.Ordinal)) return false;
        return true;
    }
}
