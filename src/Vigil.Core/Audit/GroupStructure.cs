namespace Vigil.Core.Audit;

/// <summary>One group of a grouping: its label ("F" or "F*A") and its level per attribute.</summary>
public sealed record GroupKey(string Label, IReadOnlyList<KeyValuePair<string, string>> Values);

/// <summary>
/// How observed cells map to reported groups. Groups are numbered globally: 0 is the whole population,
/// then the groups of each grouping in order, each grouping's groups sorted by level order. For every
/// observed cell <see cref="Members"/> lists the global groups it belongs to (overall first).
/// </summary>
public sealed class GroupStructure
{
    private GroupStructure(int[] observedCells, int[] compactOfCell, int[] members, int[] groupingOffsets, GroupKey[][] keys)
    {
        ObservedCells = observedCells;
        CompactOfCell = compactOfCell;
        Members = members;
        GroupingOffsets = groupingOffsets;
        Keys = keys;
    }

    /// <summary>Raw cell id of each observed (non-empty) cell, ascending.</summary>
    public int[] ObservedCells { get; }

    /// <summary>Compact id of each raw cell, -1 when the cell is empty.</summary>
    public int[] CompactOfCell { get; }

    /// <summary>Global group ids per compact cell, <see cref="MembersPerCell"/> per cell.</summary>
    public int[] Members { get; }

    public int MembersPerCell => GroupingOffsets.Length;

    /// <summary>Global id of the first group of each grouping; the last entry is the total group count.</summary>
    public int[] GroupingOffsets { get; }

    /// <summary>Group keys per grouping.</summary>
    public GroupKey[][] Keys { get; }

    public int TotalGroups => GroupingOffsets[^1];

    public int Groupings => Keys.Length;

    public int GroupCount(int grouping) => GroupingOffsets[grouping + 1] - GroupingOffsets[grouping];

    public static GroupStructure Build(CellSummary summary, CellIndex index, IReadOnlyList<ProtectedColumn> attributes,
        IReadOnlyList<int[]> groupings)
    {
        var compact = new int[summary.Cells];
        var observed = new List<int>();
        for (var c = 0; c < summary.Cells; c++)
        {
            compact[c] = summary.CellRows(c) > 0 ? observed.Count : -1;
            if (compact[c] >= 0) observed.Add(c);
        }

        var offsets = new int[groupings.Count + 1];
        offsets[0] = 1; // global group 0 is the whole population
        var members = new int[observed.Count * (groupings.Count + 1)];
        var keys = new GroupKey[groupings.Count][];
        for (var j = 0; j < groupings.Count; j++)
        {
            var attrs = groupings[j];
            // Group key of each observed cell: mixed radix over the grouping's attributes (level order).
            var cellKey = new long[observed.Count];
            var distinct = new SortedSet<long>();
            for (var i = 0; i < observed.Count; i++)
            {
                long key = 0;
                foreach (var a in attrs) key = key * index.Levels[a] + index.LevelOf(observed[i], a);
                cellKey[i] = key;
                distinct.Add(key);
            }
            var ordered = distinct.ToArray();
            keys[j] = new GroupKey[ordered.Length];
            for (var g = 0; g < ordered.Length; g++)
            {
                var values = new KeyValuePair<string, string>[attrs.Length];
                var rest = ordered[g];
                for (var k = attrs.Length - 1; k >= 0; k--)
                {
                    var a = attrs[k];
                    var level = (int)(rest % index.Levels[a]);
                    rest /= index.Levels[a];
                    values[k] = new(attributes[a].Name, attributes[a].Levels[level]);
                }
                keys[j][g] = new GroupKey(string.Join("*", values.Select(v => v.Value)), values);
            }
            offsets[j + 1] = offsets[j] + ordered.Length;
            for (var i = 0; i < observed.Count; i++)
                members[i * (groupings.Count + 1) + j + 1] = offsets[j] + Array.BinarySearch(ordered, cellKey[i]);
        }
        return new GroupStructure(observed.ToArray(), compact, members, offsets, keys);
    }

    /// <summary>Adds the cell summary into the groups' confusion counts, squared errors and calibration bins.</summary>
    public void Aggregate(CellSummary summary, GroupTable table)
    {
        var m = MembersPerCell;
        for (var i = 0; i < ObservedCells.Length; i++)
        {
            var cell = ObservedCells[i];
            var c = summary.Counts.AsSpan(cell * 4, 4); // (label 0, pred 0), (0, 1), (1, 0), (1, 1)
            for (var k = 0; k < m; k++)
            {
                var g = Members[i * m + k];
                table.Tn[g] += c[0];
                table.Fp[g] += c[1];
                table.Fn[g] += c[2];
                table.Tp[g] += c[3];
                if (!summary.HasScore) continue;
                // Σ(s − y)² = Σs² over negatives + (Σs² − 2Σs + n) over positives.
                var positives = c[2] + c[3];
                table.SquaredError[g] += summary.ScoreSquareSum[cell * 2]
                                         + summary.ScoreSquareSum[cell * 2 + 1] - 2 * summary.ScoreSum[cell * 2 + 1] + positives;
                for (var b = 0; b < GroupMetrics.CalibrationBins; b++)
                {
                    var src = cell * GroupMetrics.CalibrationBins + b;
                    var dst = g * GroupMetrics.CalibrationBins + b;
                    table.CalibrationCount[dst] += summary.CalibrationCount[src];
                    table.CalibrationPositives[dst] += summary.CalibrationPositives[src];
                    table.CalibrationScoreSum[dst] += summary.CalibrationScoreSum[src];
                }
            }
        }
    }
}
