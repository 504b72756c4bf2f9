using Vigil.Core.Drift;
using Vigil.Data;

namespace Vigil.Application.Drift;

/// <summary>
/// The drift within the groups of one protected attribute or intersection, which groups are small cells, and the
/// reference group the drift gaps are measured against (null when no group is in both files).
/// </summary>
public sealed record DriftGrouping(string Name, IReadOnlyList<string> Columns, GroupedDrift Drift, IReadOnlySet<string> SmallCells, string? ReferenceGroup = null)
{
    /// <summary>The reference group's drift, or null.</summary>
    public GroupDrift? Reference => ReferenceGroup is null ? null : Drift.Groups.FirstOrDefault(g => g.Value == ReferenceGroup);
}

/// <summary>
/// Drift within protected groups: for each group g of an attribute (or intersection, values joined by '*'; banded when
/// numeric), the column tests of the reference rows with g against the current rows with g. Groups present in only one
/// file are listed, not compared; rows missing an attribute belong to no group. A group with fewer than min_cell rows in
/// either file is a small cell (flagged). A column without values inside a group gets undefined tests with the reason.
/// The reference group is the named level, else the group with the most current rows (<see cref="DriftReferenceGroup"/>).
/// </summary>
public static class DriftGroups
{
    public static DriftGrouping Run(TabularSource reference, TabularSource current, IReadOnlyList<string> columns,
        IReadOnlyList<Bands> bands, int minCell, IReadOnlyList<DriftColumnData> data, DriftOptions options, IReadOnlyList<string?>? referenceLevels = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(data);
        var r = Groups.RowGroupLabels.Of(reference, columns, bands);
        var c = Groups.RowGroupLabels.Of(current, columns, bands);
        var refLevels = Present(r);
        var curLevels = Present(c);
        var both = refLevels.Intersect(curLevels, StringComparer.Ordinal).ToList();
        var groups = new List<GroupDrift>();
        var small = new HashSet<string>(StringComparer.Ordinal);
        var names = data.Select(d => d.Name).ToList();
        foreach (var value in both)
        {
            var refMask = Mask(r, value, out var refRows);
            var curMask = Mask(c, value, out var curRows);
            var result = DriftAnalysis.Run(names, i => data[i].Samples(refMask, curMask), options);
            groups.Add(new GroupDrift(value, refRows, curRows, result));
            if (refRows < minCell || curRows < minCell) small.Add(value);
        }
        var name = string.Join(Groups.GroupSelection.Separator, columns);
        var drift = new GroupedDrift(name, groups,
            refLevels.Except(curLevels, StringComparer.Ordinal).ToList(), curLevels.Except(refLevels, StringComparer.Ordinal).ToList());
        return new DriftGrouping(name, columns, drift, small, DriftReferenceGroup.Resolve(columns, referenceLevels, groups));
    }

    /// <summary>The labels present, in the order of the first file's level order for one column (sorted ordinally).</summary>
    private static List<string> Present(string?[] labels)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var l in labels)
            if (l is not null) seen.Add(l);
        return [.. seen];
    }

    private static bool[] Mask(string?[] labels, string value, out long rows)
    {
        var mask = new bool[labels.Length];
        rows = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = string.Equals(labels[i], value, StringComparison.Ordinal);
            if (mask[i]) rows++;
        }
        return mask;
    }
}
