using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Core.Calibration;
using Vigil.Core.Utility;

namespace Vigil.Core.Curves;

/// <summary>Settings of the curve pass.</summary>
public sealed record CurveOptions
{
    /// <summary>Bins of the reliability curves.</summary>
    public int Bins { get; init; } = Reliability.DefaultBins;

    /// <summary>Threshold probabilities of the decision curves (increasing, in (0, 1)).</summary>
    public double[] DecisionThresholds { get; init; } = DecisionCurve.DefaultGrid();

    /// <summary>Bootstrap replicates for the calibration metrics' intervals (0 = none).</summary>
    public int Bootstrap { get; init; }

    public int Seed { get; init; } = StatisticalDefaults.Seed;

    public double Confidence { get; init; } = 0.95;

    /// <summary>Groups with fewer rows are suppressed (no curves, no counts), as the audit's small cells.</summary>
    public int MinCell { get; init; } = 11;

    /// <summary>Most points of a reported ROC curve.</summary>
    public int MaxRocPoints { get; init; } = Roc.DefaultMaxPoints;
}

/// <summary>Calibration of a group: both reliability curves and the metrics.</summary>
public sealed record GroupCalibration(ReliabilityCurve Uniform, ReliabilityCurve Quantile, CalibrationMetrics Metrics);

/// <summary>
/// The curves of one group (or the population, with a null key). A suppressed group (fewer rows than the
/// minimum cell) carries no curves; <see cref="Roc"/> is null with <see cref="RocReason"/> when a class is missing.
/// </summary>
public sealed record GroupCurves(GroupKey? Key, long N, bool Suppressed, RocCurve? Roc, string? RocReason, GroupCalibration? Calibration,
    DecisionCurveResult? DecisionCurve);

public sealed record GroupingCurves(string Name, IReadOnlyList<GroupCurves> Groups);

public sealed record CurveAnalysisResult(CurveOptions Options, GroupCurves Overall, IReadOnlyList<GroupingCurves> Groupings);

/// <summary>
/// ROC, calibration and decision curves of the population and of every group of every grouping, with the
/// audit's groups (same keys, same order). The rows are sorted by score once (the audit engine's radix
/// sort); each grouping is then a stable counting sort of that order by group, so every group's rows are a
/// contiguous run sorted by descending score, from which its ROC curve, quantile edges and decision curve
/// follow in one pass each.
/// </summary>
public static class CurveAnalysis
{
    /// <summary>Stage timings for the benchmarks (stage name, elapsed milliseconds); null in normal runs.</summary>
    internal static Action<string, long>? Trace { get; set; }

    public static CurveAnalysisResult Run(AuditData data, IReadOnlyList<GroupingSpec> groupings, CurveOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Stage(string name)
        {
            Trace?.Invoke(name, clock.ElapsedMilliseconds);
            clock.Restart();
        }
        if (data.Scores is null) throw VigilException.Usage($"curves need a score column ({Param.Ref("score")})");
        if (data.Rows == 0) throw VigilException.BadData("no rows to audit");
        var attributeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < data.Attributes.Count; a++) attributeIndex[data.Attributes[a].Name] = a;
        var groupingAttributes = new List<int[]>(groupings.Count);
        foreach (var spec in groupings)
        {
            var attrs = new int[spec.Attributes.Count];
            for (var k = 0; k < attrs.Length; k++)
                attrs[k] = attributeIndex.TryGetValue(spec.Attributes[k], out var a) ? a : throw VigilException.Usage($"unknown protected attribute '{spec.Attributes[k]}'");
            groupingAttributes.Add(attrs);
        }

        var index = new CellIndex(data.Attributes);
        var summary = AuditEngine.Summarize(data, index);
        var structure = GroupStructure.Build(summary, index, data.Attributes, groupingAttributes);
        Stage("summary");
        var (keys, payload, _) = AuditEngine.SortByScore(data, index, structure);
        Stage("sort");
        var n = data.Rows;
        var scores = new double[n];
        var logits = new double[n];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = RadixSort.ScoreOfDescendingKey(keys[i]);
            labels[i] = (byte)((payload[i] >> 1) & 1);
        }
        keys = null;
        LogisticRecalibration.LogitsParallel(scores, logits);
        Stage("decode and logits");

        var overall = Group(null, scores, logits, labels, 0, n, options, 0);
        Stage("overall");
        var results = new List<GroupingCurves>(groupings.Count);
        var groupScores = new double[n];
        var groupLogits = new double[n];
        var groupLabels = new byte[n];
        var m = structure.MembersPerCell;
        for (var j = 0; j < groupings.Count; j++)
        {
            var first = structure.GroupingOffsets[j];
            var count = structure.GroupCount(j);
            // Stable counting sort of the score order by group.
            var start = new int[count + 1];
            for (var i = 0; i < n; i++) start[structure.Members[(payload[i] >> 2) * m + j + 1] - first + 1]++;
            for (var g = 0; g < count; g++) start[g + 1] += start[g];
            var cursor = (int[])start.Clone();
            for (var i = 0; i < n; i++)
            {
                var pos = cursor[structure.Members[(payload[i] >> 2) * m + j + 1] - first]++;
                groupScores[pos] = scores[i];
                groupLogits[pos] = logits[i];
                groupLabels[pos] = labels[i];
            }
            Stage($"scatter {groupings[j].Name}");
            var groups = new GroupCurves[count];
            var keyList = structure.Keys[j];
            Parallel.For(0, count, g =>
                groups[g] = Group(keyList[g], groupScores, groupLogits, groupLabels, start[g], start[g + 1] - start[g], options, first + g));
            results.Add(new GroupingCurves(groupings[j].Name, groups));
            Stage($"groups of {groupings[j].Name}");
        }
        return new CurveAnalysisResult(options, overall, results);
    }

    /// <summary>The curves of the rows [start, start + length) of arrays sorted by descending score within the run.</summary>
    private static GroupCurves Group(GroupKey? key, double[] scoreArray, double[] logitArray, byte[] labelArray, int start, int length, CurveOptions options, int stream)
    {
        if (key is not null && length < options.MinCell) return new GroupCurves(key, length, true, null, null, null, null);
        var scores = scoreArray.AsSpan(start, length);
        var labels = labelArray.AsSpan(start, length);
        long positives = 0;
        foreach (var y in labels) positives += y;
        var reason = Roc.UndefinedReason(positives, length - positives);
        var roc = reason is null ? Roc.FromSortedDescending(scores, labels, options.MaxRocPoints) : null;

        var uniform = Reliability.Binned(scores, labels, Reliability.UniformInteriorEdges(options.Bins));
        var quantile = length == 0 ? Reliability.Empty : Reliability.Binned(scores, labels, Reliability.QuantileInteriorEdges(scores, options.Bins, descending: true));
        var metrics = CalibrationStatistics.Compute(scoreArray.AsMemory(start, length), logitArray.AsMemory(start, length),
            labelArray.AsMemory(start, length), options.Bootstrap, unchecked(options.Seed * 31 + stream), options.Confidence);
        var decision = DecisionCurve.FromSortedDescending(scores, labels, options.DecisionThresholds);
        return new GroupCurves(key, length, false, roc, reason, new GroupCalibration(uniform, quantile, metrics), decision);
    }
}
