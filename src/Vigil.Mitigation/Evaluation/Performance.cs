using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;

namespace Vigil.Mitigation.Evaluation;

/// <summary>
/// A classifier's performance on one set of rows: accuracy, balanced accuracy ½(sensitivity + specificity) (the recall
/// of the one class present when a group has one class, as scikit-learn, with a reason), AUROC
/// (of the score, DeLong CI; null when there is no score or one class), sensitivity TP/(TP+FN), specificity
/// TN/(TN+FP) and selection rate (TP+FP)/n, rates with Wilson 95% intervals. Undefined rates are null with a reason.
/// </summary>
public sealed record GroupPerformance(
    string Group, long N, long Positives, Metric Accuracy, Metric BalancedAccuracy, Metric Auroc,
    Metric Sensitivity, Metric Specificity, Metric SelectionRate);

/// <summary>Overall and per-group performance of one set of predictions.</summary>
public sealed record Performance(GroupPerformance Overall, IReadOnlyList<GroupPerformance> ByGroup)
{
    public GroupPerformance? Group(string name) => ByGroup.FirstOrDefault(g => g.Group == name);
}

/// <summary>Confusion counts per group and the metrics computed from them.</summary>
public static class PerformanceEvaluator
{
    public static string Name(Parity kind) => kind switch
    {
        Parity.DemographicParity => "demographic_parity_difference",
        Parity.EqualizedOdds => "equalized_odds_difference",
        Parity.TruePositiveRate => "true_positive_rate_difference",
        Parity.FalsePositiveRate => "false_positive_rate_difference",
        _ => "error_rate_difference",
    };

    /// <summary>
    /// Performance of <paramref name="predictions"/> (and of <paramref name="scores"/> for AUROC; empty for none,
    /// with <paramref name="noScoreReason"/> as the reason).
    /// </summary>
    public static Performance Evaluate(GroupedLabels data, ReadOnlySpan<bool> predictions, ReadOnlySpan<double> scores, string noScoreReason)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = Count(data, predictions);
        var overall = default(ConfusionCounts);
        foreach (var c in counts) overall += c;
        var byGroup = new List<GroupPerformance>();
        for (var g = 0; g < data.GroupCount; g++)
        {
            if (counts[g].N == 0) continue;
            Metric auroc;
            if (scores.IsEmpty)
            {
                auroc = Metric.Undefined(noScoreReason);
            }
            else
            {
                var s = new List<double>();
                var y = new List<bool>();
                for (var i = 0; i < data.Count; i++)
                    if (data.Groups[i] == g)
                    {
                        s.Add(scores[i]);
                        y.Add(data.Labels[i]);
                    }
                auroc = Auroc.WithDeLongCi(s.ToArray(), y.ToArray());
            }
            byGroup.Add(FromCounts(data.GroupNames[g], counts[g], auroc));
        }
        var overallAuroc = scores.IsEmpty ? Metric.Undefined(noScoreReason) : Auroc.WithDeLongCi(scores, data.Labels);
        return new Performance(FromCounts("overall", overall, overallAuroc), byGroup);
    }

    /// <summary>Confusion counts per group.</summary>
    internal static ConfusionCounts[] Count(GroupedLabels data, ReadOnlySpan<bool> predictions)
    {
        if (predictions.Length != data.Count) throw new ArgumentException($"{predictions.Length} predictions for {data.Count} rows", nameof(predictions));
        var cells = new long[data.GroupCount * 4];
        for (var i = 0; i < predictions.Length; i++)
            cells[CellOf(data, i, predictions[i])]++;
        return ConfusionCounts.FromCells(cells, data.GroupCount);
    }

    /// <summary>Row i's index in a flat tally [group·4 + 2·outcome + decision] (<see cref="ConfusionCounts.FromCells"/>).</summary>
    internal static int CellOf(GroupedLabels data, int i, bool predicted) =>
        data.Groups[i] * 4 + (data.Labels[i] ? 2 : 0) + (predicted ? 1 : 0);

    private static GroupPerformance FromCounts(string name, ConfusionCounts c, Metric auroc)
    {
        double tn = c.Tn, fp = c.Fp, fn = c.Fn, tp = c.Tp;
        var n = tn + fp + fn + tp;
        var pos = tp + fn;
        var neg = tn + fp;
        var sens = Rate(tp, pos, "no positive labels in group");
        var spec = Rate(tn, neg, "no negative labels in group");
        // scikit-learn's balanced_accuracy_score: mean recall over the classes present (see GroupMetrics.DefinedQualifier).
        var balanced = (sens.Value, spec.Value) switch
        {
            (double a, double b) => Metric.Of(0.5 * (a + b)),
            (null, double b) => Metric.Of(b) with { Reason = GroupMetrics.DefinedQualifier(GroupMetric.BalancedAccuracy, 0, (long)fp, (long)tn, 0) },
            (double a, null) => Metric.Of(a) with { Reason = GroupMetrics.DefinedQualifier(GroupMetric.BalancedAccuracy, (long)tp, 0, 0, (long)fn) },
            _ => Metric.Undefined("no rows"),
        };
        return new GroupPerformance(name, (long)n, (long)pos, Rate(tp + tn, n, "no rows"), balanced, auroc, sens, spec, Rate(tp + fp, n, "no rows"));
    }

    private static Metric Rate(double successes, double trials, string reason) =>
        trials == 0
            ? Metric.Undefined(reason)
            : Metric.Of(successes / trials) with { Ci = WilsonInterval.Compute(successes, trials), CiMethod = "wilson" };

    /// <summary>
    /// The disparity from per-group counts: max − min over the groups where the rate is defined; undefined when
    /// fewer than two groups have it.
    /// </summary>
    public static double? Disparity(ReadOnlySpan<ConfusionCounts> counts, Parity kind)
    {
        if (kind == Parity.EqualizedOdds)
        {
            // The defined component alone when the other is vacuous (as in the audit, Disparities.WorstDefined).
            var tpr = Disparity(counts, Parity.TruePositiveRate) ?? double.NaN;
            var fpr = Disparity(counts, Parity.FalsePositiveRate) ?? double.NaN;
            var worst = Disparities.WorstDefined(tpr, fpr, larger: true);
            return double.IsNaN(worst) ? null : worst;
        }
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var defined = 0;
        foreach (var c in counts)
        {
            double tn = c.Tn, fp = c.Fp, fn = c.Fn, tp = c.Tp;
            var (num, den) = kind switch
            {
                Parity.DemographicParity => (tp + fp, tn + fp + fn + tp),
                Parity.TruePositiveRate => (tp, tp + fn),
                Parity.FalsePositiveRate => (fp, fp + tn),
                _ => (fp + fn, tn + fp + fn + tp),
            };
            if (den == 0) continue;
            var r = num / den;
            defined++;
            min = Math.Min(min, r);
            max = Math.Max(max, r);
        }
        return defined < 2 ? null : max - min;
    }

    /// <summary>Which rate each group needs for a disparity to be defined, for the reason of an undefined one.</summary>
    public static string UndefinedReason(Parity kind) => kind switch
    {
        Parity.DemographicParity or Parity.ErrorRate => "fewer than two groups with rows",
        Parity.TruePositiveRate => "fewer than two groups with positive labels",
        Parity.FalsePositiveRate => "fewer than two groups with negative labels",
        _ => "fewer than two groups with positive labels and fewer than two with negative labels",
    };
}
