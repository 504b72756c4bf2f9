using Vigil.Application.Groups;
using Vigil.Reporting.Audit;

namespace Vigil.Application.Drift;

/// <summary>How one compared group of a drift run is shown: the treatment of its reference rows and of its current rows.</summary>
/// <param name="Reference">The reference-file layer.</param>
/// <param name="Current">The current-file layer.</param>
public sealed record DriftGroupProtection(DriftSideProtection Reference, DriftSideProtection Current)
{
    /// <summary>Everything shown exactly (min-cell 0, or no small cell anywhere).</summary>
    public static DriftGroupProtection Exact { get; } = new(new(CellProtection.Exact), new(CellProtection.Exact));

    /// <summary>
    /// True when the group's statistics are withheld: its drift compares its reference rows with its current rows, so a
    /// suppressed count on either side withholds every test, histogram, share and gap of the group.
    /// </summary>
    public bool StatisticsHidden => Reference.Hidden || Current.Hidden;

    /// <summary>True when a shown count of the group (either side) is rounded to the nearest 10.</summary>
    public bool CountsRounded => Reference.Rounded || Current.Rounded;
}

/// <summary>The treatment of one side (file) of a group, as decided by <see cref="ComplementarySuppression"/>.</summary>
public sealed record DriftSideProtection(CellProtection Cell)
{
    /// <summary>True when this side's counts are not shown at all.</summary>
    public bool Hidden => Cell.Shown == CellShown.Hidden;

    /// <summary>True when this side's counts are shown rounded to the nearest 10 (the group protects a smaller one).</summary>
    public bool Rounded => Cell.Shown is CellShown.Rounded or CellShown.RoundedSizeOnly or CellShown.RoundedOutcome;

    /// <summary>A count of this side as shown: exact, rounded to the nearest 10, or null when hidden.</summary>
    public long? Count(long value) =>
        Hidden ? null : Rounded ? SmallCellPolicy.Round((int)Math.Clamp(value, 0, int.MaxValue)) : value;
}

/// <summary>
/// The small-cell rule of the drift outputs (JSON, Markdown, table; docs/drift.md "Small cells"), decided by the one
/// rule every shareable output follows (<see cref="ComplementarySuppression"/>, docs/suppression.md) on two layers,
/// the reference rows and the current rows of each compared group. Partitions: every grouping's compared groups plus
/// the rows outside them (a missing attribute, a group present in one file only) sum to all rows of the file; in an
/// intersection, the cells sharing one attribute's level plus the level's rows outside them sum to that level's group.
/// The rows outside are a cell: they are never printed, but all rows minus the printed groups would give them back, so
/// 1 to min-cell − 1 of them are protected like a small group. A group of 1 to min-cell − 1 rows in either file shows
/// no count on that side and no statistic at all; complementary protection hides a group under 100 rows or rounds the
/// counts of a larger one. A drift run has no outcome layer: drift tests count no positives.
/// </summary>
public static class DriftSuppression
{
    /// <summary>
    /// The treatment of every compared group, by grouping, in the order of <paramref name="groupings"/> and of their
    /// groups. <paramref name="referenceRows"/> and <paramref name="currentRows"/> are the files' row counts (shown as
    /// the inputs' rows).
    /// </summary>
    public static DriftGroupProtection[][] Decide(IReadOnlyList<DriftGrouping> groupings, long referenceRows, long currentRows, int minCell)
    {
        ArgumentNullException.ThrowIfNull(groupings);
        minCell = Math.Clamp(minCell, 0, SmallCellPolicy.NeverSuppressed);
        var nodes = new Nodes();
        nodes.Add(referenceRows, currentRows, "");
        var ids = new int[groupings.Count][];
        for (var g = 0; g < groupings.Count; g++)
        {
            var groups = groupings[g].Drift.Groups;
            ids[g] = new int[groups.Count];
            for (var k = 0; k < groups.Count; k++)
                ids[g][k] = nodes.Add(groups[k].ReferenceRows, groups[k].CurrentRows, groupings[g].Name + "=" + groups[k].Value);
        }
        var partitions = new List<(int[] Cells, int Total, int Outside)>();
        for (var g = 0; g < groupings.Count; g++) partitions.Add(nodes.WithOutside(ids[g], 0, "outside " + groupings[g].Name));
        AddIntersectionPartitions(groupings, ids, nodes, partitions);

        var labels = nodes.Labels.ToArray();
        var none = new int[labels.Length];
        var reference = ComplementarySuppression.Decide([.. nodes.Reference], none, labels, Layer(partitions, nodes.Reference), minCell);
        var current = ComplementarySuppression.Decide([.. nodes.Current], none, labels, Layer(partitions, nodes.Current), minCell);
        var result = new DriftGroupProtection[groupings.Count][];
        for (var g = 0; g < result.Length; g++)
        {
            result[g] = new DriftGroupProtection[ids[g].Length];
            for (var k = 0; k < ids[g].Length; k++)
                result[g][k] = new DriftGroupProtection(new(reference[ids[g][k]]), new(current[ids[g][k]]));
        }
        return result;
    }

    /// <summary>
    /// The partitions of one layer: the rows outside the cells are a cell only where this file has some, so that an
    /// empty remainder is never chosen (and "hidden") in place of a real group.
    /// </summary>
    private static List<(int[] Cells, int Total)> Layer(List<(int[] Cells, int Total, int Outside)> partitions, List<int> sizes)
    {
        var layer = new List<(int[] Cells, int Total)>(partitions.Count);
        foreach (var (cells, total, outside) in partitions)
            layer.Add((sizes[outside] > 0 ? [.. cells, outside] : cells, total));
        return layer;
    }

    /// <summary>The sentence shown in place of a group's withheld numbers, or null when everything is shown exactly.</summary>
    public static string? Reason(DriftGroupProtection p, int minCell)
    {
        ArgumentNullException.ThrowIfNull(p);
        var parts = new List<string>(2);
        if (Side(p.Reference, "reference", minCell) is { } r) parts.Add(r);
        if (Side(p.Current, "current", minCell) is { } c) parts.Add(c);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string? Side(DriftSideProtection side, string file, int minCell) => side switch
    {
        { Hidden: true, Cell.Reason: CellReason.SmallGroup } => $"suppressed: fewer than {minCell} {file} rows",
        { Hidden: true } => $"suppressed: {file} rows withheld so that a smaller group's cannot be derived",
        { Rounded: true } => $"{file} counts rounded to the nearest {SmallCellPolicy.RoundingBase} so that a smaller group's cannot be derived",
        _ => null,
    };

    /// <summary>In an intersection, the cells sharing one attribute's level (plus its rows outside them) sum to that level's group.</summary>
    private static void AddIntersectionPartitions(IReadOnlyList<DriftGrouping> groupings, int[][] ids, Nodes nodes, List<(int[] Cells, int Total, int Outside)> partitions)
    {
        var single = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groupings.Count; g++)
            if (groupings[g].Columns.Count == 1) single[groupings[g].Columns[0]] = g;
        for (var g = 0; g < groupings.Count; g++)
        {
            var grouping = groupings[g];
            if (grouping.Columns.Count < 2) continue;
            for (var j = 0; j < grouping.Columns.Count; j++)
            {
                if (!single.TryGetValue(grouping.Columns[j], out var margin)) continue;
                var byLevel = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (var k = 0; k < grouping.Drift.Groups.Count; k++)
                {
                    var parts = grouping.Drift.Groups[k].Value.Split(GroupSelection.Separator);
                    if (parts.Length != grouping.Columns.Count) continue;
                    if (!byLevel.TryGetValue(parts[j], out var cells)) byLevel[parts[j]] = cells = [];
                    cells.Add(ids[g][k]);
                }
                var marginGroups = groupings[margin].Drift.Groups;
                foreach (var (level, cells) in byLevel)
                    for (var k = 0; k < marginGroups.Count; k++)
                        if (marginGroups[k].Value == level)
                            partitions.Add(nodes.WithOutside([.. cells], ids[margin][k], $"outside {grouping.Name} within {grouping.Columns[j]}={level}"));
            }
        }
    }

    /// <summary>The nodes of both layers: sizes per file and a label (ties between equal sizes go to the smaller label).</summary>
    private sealed class Nodes
    {
        public List<int> Reference { get; } = [];
        public List<int> Current { get; } = [];
        public List<string> Labels { get; } = [];

        public int Add(long reference, long current, string label)
        {
            Reference.Add(Int(reference));
            Current.Add(Int(current));
            Labels.Add(label);
            return Labels.Count - 1;
        }

        /// <summary>The partition of <paramref name="cells"/> into <paramref name="total"/>, with the node of the total's rows outside them.</summary>
        public (int[] Cells, int Total, int Outside) WithOutside(int[] cells, int total, string label)
        {
            long reference = Reference[total], current = Current[total];
            foreach (var c in cells)
            {
                reference -= Reference[c];
                current -= Current[c];
            }
            var outside = Add(Math.Max(0, reference), Math.Max(0, current), "~" + label);
            return (cells, total, outside);
        }

        private static int Int(long count) => (int)Math.Clamp(count, 0, int.MaxValue);
    }
}
