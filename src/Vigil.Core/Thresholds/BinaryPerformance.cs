using Vigil.Core.Statistics;

namespace Vigil.Core.Thresholds;

/// <summary>Overall performance of probabilities against 0/1 outcomes, at one threshold (docs/models.md).</summary>
/// <param name="N">Rows.</param>
/// <param name="Positives">Rows with the positive outcome.</param>
/// <param name="Prevalence">P / n with its Wilson 95% interval.</param>
/// <param name="Auroc">AUROC with the DeLong 95% CI (<see cref="Auroc.WithDeLongCi"/>).</param>
/// <param name="Brier">mean (score − y)².</param>
/// <param name="ObservedExpected">Calibration-in-the-large as observed/expected = Σy / Σscore.</param>
/// <param name="Accuracy">(TP + TN)/n at the threshold, Wilson interval.</param>
/// <param name="MajorityBaseline">max(P, n − P)/n: the accuracy of always predicting the commoner class.</param>
/// <param name="Sensitivity">TP/P, Wilson interval.</param>
/// <param name="Specificity">TN/N, Wilson interval.</param>
/// <param name="Ppv">TP/(TP + FP), Wilson interval.</param>
/// <param name="AlertRate">(TP + FP)/n.</param>
/// <param name="Counts">The confusion counts at the threshold.</param>
public sealed record BinaryPerformance(
    int N, int Positives, Metric Prevalence, Metric Auroc, Metric Brier, Metric ObservedExpected, Metric Accuracy, Metric MajorityBaseline,
    Metric Sensitivity, Metric Specificity, Metric Ppv, Metric AlertRate, ConfusionCounts Counts)
{
    public static BinaryPerformance Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double threshold)
    {
        if (scores.Length != positive.Length) throw new ArgumentException("scores and labels differ in length");
        var n = scores.Length;
        if (n == 0) throw new ArgumentException("no rows");
        var p = 0;
        double brier = 0, expected = 0;
        for (var i = 0; i < n; i++)
        {
            var y = positive[i] ? 1.0 : 0.0;
            if (positive[i]) p++;
            brier += (scores[i] - y) * (scores[i] - y);
            expected += scores[i];
        }
        var c = ConfusionCounts.At(scores, positive, threshold);
        var oe = expected > 0 ? Metric.Of(p / expected) : Metric.Undefined("the scores sum to 0");
        return new BinaryPerformance(
            n, p,
            Rate(p, n, "no rows"),
            Statistics.Auroc.WithDeLongCi(scores, positive),
            Metric.Of(brier / n),
            oe,
            Rate(c.Tp + c.Tn, n, "no rows"),
            Metric.Of((double)Math.Max(p, n - p) / n),
            Rate(c.Tp, c.Tp + c.Fn, "no positives"),
            Rate(c.Tn, c.Tn + c.Fp, "no negatives"),
            Rate(c.Tp, c.Tp + c.Fp, "no row flagged"),
            Metric.Of((double)(c.Tp + c.Fp) / n),
            c);
    }

    private static Metric Rate(long x, long n, string whyUndefined)
    {
        if (n == 0) return Metric.Undefined(whyUndefined);
        return Metric.Of((double)x / n) with { Ci = WilsonInterval.Compute(x, n), CiMethod = "wilson" };
    }
}
