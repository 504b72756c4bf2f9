using Vigil.Core.Statistics;

namespace Vigil.Core.Audit;

/// <summary>
/// Runs an audit: one scan into a mergeable <see cref="CellSummary"/>, one sorted pass for the exact rank
/// statistics, every metric and disparity as a pure function of the group statistics, and a bootstrap
/// that resamples the summary.
/// </summary>
public static class AuditEngine
{
    /// <summary>Rows per chunk of the parallel scan; each chunk's summary is merged into the total.</summary>
    private const int ChunkRows = 1 << 20;

    public static AuditResult Run(AuditData data, IReadOnlyList<GroupingSpec> groupings, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Run(data, null, data.Rows, groupings, options);
    }

    /// <summary>
    /// The audit of the rows that <paramref name="data"/>'s distinct rows stand for, computed from the distinct rows and
    /// their counts (a summary-native audit: no row is rebuilt). Every pass weighs a distinct row by its count — the
    /// cell summary, the exact rank pass (a distinct row's count is a block of tied scores), the bootstrap's design
    /// (its quantile edges are the weighted quantiles) — so the result, intervals included, is that of
    /// <see cref="WeightedAuditData.Expand"/>'s rows up to floating-point summation order.
    /// </summary>
    public static AuditResult Run(WeightedAuditData data, IReadOnlyList<GroupingSpec> groupings, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Run(data.Distinct, data.Counts, data.Rows, groupings, options);
    }

    /// <summary>The audit of <paramref name="data"/>, each row weighing <paramref name="weights"/>[row] (1 when null).</summary>
    private static AuditResult Run(AuditData data, long[]? weights, long rows, IReadOnlyList<GroupingSpec> groupings, AuditOptions options)
    {
        var attributeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < data.Attributes.Count; a++) attributeIndex[data.Attributes[a].Name] = a;
        var groupingAttributes = groupings.Select(spec => spec.Attributes.Select(name =>
            attributeIndex.TryGetValue(name, out var a) ? a : throw VigilException.Usage($"unknown protected attribute '{name}'")).ToArray()).ToList();
        if (rows == 0) throw VigilException.BadData("no rows to audit");

        var hasScore = data.Scores is not null;
        var index = new CellIndex(data.Attributes);
        var summary = Summarize(data, index, weights);
        var structure = GroupStructure.Build(summary, index, data.Attributes, groupingAttributes);
        var table = new GroupTable(structure.TotalGroups, hasScore);
        structure.Aggregate(summary, table);

        ulong[]? keys = null;
        int[]? payload = null;
        long[]? sortedWeights = null;
        if (hasScore)
        {
            (keys, payload, sortedWeights) = SortByScore(data, index, structure, weights);
            RankStatistics.Exact(keys, payload, sortedWeights, structure, table);
        }

        var references = new int[groupings.Count];
        var referenceIsDefault = new bool[groupings.Count];
        for (var j = 0; j < groupings.Count; j++)
            (references[j], referenceIsDefault[j]) = ResolveReference(groupings[j], structure, table, j);

        var layout = new ValueLayout(structure);
        void Evaluate(GroupTable t, double[] values) => layout.Evaluate(t, references, options, values);
        var point = new double[layout.Length];
        Evaluate(table, point);

        double[]? replicates = null;
        if (options.Bootstrap > 0)
        {
            var design = hasScore
                ? BootstrapDesign.FromSortedScores(keys, payload, sortedWeights, structure.ObservedCells.Length, options.BootstrapScoreBins)
                : BootstrapDesign.FromSummary(summary, structure);
            var resampler = new BootstrapResampler(design, structure, Evaluate, layout.Length, hasScore);
            double[] aurocShift = new double[structure.TotalGroups], auprcShift = new double[structure.TotalGroups];
            if (hasScore)
            {
                // The binned rank statistics on the original data: the replicates are shifted by its error.
                var baseline = new BootstrapResampler.Workspace(design, structure.TotalGroups, hasScore);
                design.Count.CopyTo(baseline.Resampled, 0);
                resampler.Fill(baseline, null, null);
                for (var g = 0; g < structure.TotalGroups; g++)
                {
                    aurocShift[g] = Finite(table.Auroc[g] - baseline.Table.Auroc[g]);
                    auprcShift[g] = Finite(table.Auprc[g] - baseline.Table.Auprc[g]);
                }
            }
            replicates = resampler.Run(options.Bootstrap, options.Seed, aurocShift, auprcShift);
        }

        return AuditResultBuilder.Build(rows, options, structure, table, layout, point, replicates, references, referenceIsDefault,
            groupings, hasScore);
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;

    /// <summary>Scans the rows in chunks (in parallel) and merges the chunk summaries.</summary>
    internal static CellSummary Summarize(AuditData data, CellIndex index, long[]? weights = null)
    {
        var chunks = (data.Rows + ChunkRows - 1) / ChunkRows;
        var parts = new CellSummary[chunks];
        Parallel.For(0, chunks, c => parts[c] = CellSummary.Scan(data, index, c * ChunkRows, Math.Min(data.Rows, (c + 1) * ChunkRows), weights));
        var total = parts[0];
        for (var c = 1; c < chunks; c++) total.Merge(parts[c]);
        return total;
    }

    /// <summary>
    /// The rows sorted by descending score: radix keys, payload compactCell·4 + label·2 + prediction, and with
    /// <paramref name="weights"/> each sorted row's weight (the sort carries the row index, then the payload and weight
    /// are looked up; the unweighted path carries the payload itself).
    /// </summary>
    internal static (ulong[] Keys, int[] Payload, long[]? Weights) SortByScore(AuditData data, CellIndex index, GroupStructure structure,
        long[]? weights = null)
    {
        var n = data.Rows;
        var keys = new ulong[n];
        var payload = new int[n];
        var scores = data.Scores!;
        var labels = data.Labels;
        var predictions = data.Predictions;
        var compact = structure.CompactOfCell;
        Parallel.For(0, (n + ChunkRows - 1) / ChunkRows, c =>
        {
            var end = Math.Min(n, (c + 1) * ChunkRows);
            for (var row = c * ChunkRows; row < end; row++)
            {
                keys[row] = RadixSort.DescendingKey(scores[row]);
                payload[row] = weights is null ? compact[index.CellOf(row)] * 4 + labels[row] * 2 + predictions[row] : row;
            }
        });
        var (sortedKeys, sortedPayload) = RadixSort.SortParallel(keys, payload, new ulong[n], new int[n]);
        if (weights is null) return (sortedKeys, sortedPayload, null);
        var sortedWeights = new long[n];
        for (var i = 0; i < n; i++)
        {
            var row = sortedPayload[i];
            sortedWeights[i] = weights[row];
            sortedPayload[i] = compact[index.CellOf(row)] * 4 + labels[row] * 2 + predictions[row];
        }
        return (sortedKeys, sortedPayload, sortedWeights);
    }

    private static (int Global, bool IsDefault) ResolveReference(GroupingSpec spec, GroupStructure structure, GroupTable table, int grouping)
    {
        var first = structure.GroupingOffsets[grouping];
        var count = structure.GroupCount(grouping);
        var keys = structure.Keys[grouping];
        var wanted = spec.Reference ?? [];
        int? best = null;
        for (var g = first; g < first + count; g++)
        {
            var match = true;
            for (var k = 0; k < wanted.Count; k++)
                if (wanted[k] is { } level && keys[g - first].Values[k].Value != level) match = false;
            if (match && (best is null || table.N(g) > table.N(best.Value))) best = g;
        }
        var isDefault = wanted.Count < spec.Attributes.Count || wanted.Any(w => w is null);
        if (best is { } found) return (found, isDefault);
        var named = string.Join(", ", spec.Attributes.Select((a, k) => k < wanted.Count && wanted[k] is not null ? $"{a}={wanted[k]}" : null).OfType<string>());
        throw VigilException.Usage(
            $"reference group {named} of '{spec.Name}' has no rows; groups present: {string.Join(", ", keys.Select(k => k.Label))}");
    }
}
