namespace Vigil.Core.Utility;

/// <summary>Net benefit of the model, of treating everyone, at each threshold probability.</summary>
public sealed record DecisionCurveResult(double[] Threshold, double[] NetBenefit, double[] TreatAll);

/// <summary>
/// Decision-curve analysis (Vickers and Elkin 2006, Med Decis Making 26:565–574; Vickers et al. 2019,
/// Diagn Progn Res 3:18). At a threshold probability t a patient is treated when p ≥ t; with TP and FP the
/// treated positives and negatives among n patients and prevalence π:
/// <list type="bullet">
/// <item><term>model</term><description>NB(t) = TP/n − FP/n · t/(1 − t).</description></item>
/// <item><term>treat all</term><description>NB_all(t) = π − (1 − π) · t/(1 − t).</description></item>
/// <item><term>treat none</term><description>0 at every t (not stored).</description></item>
/// </list>
/// The odds t/(1 − t) are the harm of an unnecessary treatment relative to the benefit of a necessary one
/// that a clinician choosing t implies.
/// </summary>
public static class DecisionCurve
{
    /// <summary>
    /// Thresholds start, start + step, …, up to end (inclusive within 1e-9·step), each rounded to 12
    /// decimals so that 0.01 + 6·0.01 is 0.07 and not 0.069999…; all must lie in (0, 1).
    /// </summary>
    public static double[] Grid(double start, double end, double step)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), step, "expected a positive step");
        if (!(start > 0 && end < 1 && start <= end))
            throw new ArgumentOutOfRangeException(nameof(start), start, "expected 0 < start <= end < 1");
        var count = (int)Math.Floor((end - start) / step + 1e-9) + 1;
        var grid = new double[count];
        for (var k = 0; k < count; k++) grid[k] = Math.Round(start + k * step, 12);
        return grid;
    }

    /// <summary>The default grid 0.01, 0.02, …, 0.99.</summary>
    public static double[] DefaultGrid() => Grid(0.01, 0.99, 0.01);

    /// <summary>Net benefit at each threshold (strictly increasing, in (0, 1)) of rows in any order.</summary>
    public static DecisionCurveResult Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, double[] thresholds)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length", nameof(labels));
        for (var k = 0; k < thresholds.Length; k++)
        {
            if (!(thresholds[k] > 0 && thresholds[k] < 1)) throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds[k], "thresholds must lie in (0, 1)");
            if (k > 0 && !(thresholds[k] > thresholds[k - 1])) throw new ArgumentException("thresholds must increase", nameof(thresholds));
        }
        var t = thresholds.Length;
        // Row with score p is treated at thresholds t_0 … t_{c−1}, c = #{k : t_k ≤ p}: count rows by c.
        var positives = new long[t + 1];
        var negatives = new long[t + 1];
        for (var i = 0; i < scores.Length; i++)
        {
            var c = TreatedAt(thresholds, scores[i]);
            if (labels[i] != 0) positives[c]++;
            else negatives[c]++;
        }
        return FromCounts(thresholds, positives, negatives, scores.Length);
    }

    /// <summary>Net benefit from rows whose scores are sorted descending (one merge-like pass).</summary>
    internal static DecisionCurveResult FromSortedDescending(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, double[] thresholds)
    {
        var t = thresholds.Length;
        var positives = new long[t + 1];
        var negatives = new long[t + 1];
        var c = t; // number of thresholds <= the current score, non-increasing along the rows
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            while (c > 0 && thresholds[c - 1] > s) c--;
            if (labels[i] != 0) positives[c]++;
            else negatives[c]++;
        }
        return FromCounts(thresholds, positives, negatives, scores.Length);
    }

    private static int TreatedAt(double[] thresholds, double p)
    {
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (thresholds[mid] <= p) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static DecisionCurveResult FromCounts(double[] thresholds, long[] positives, long[] negatives, long n)
    {
        var t = thresholds.Length;
        var netBenefit = new double[t];
        var treatAll = new double[t];
        long allPositives = 0;
        foreach (var p in positives) allPositives += p;
        var prevalence = n > 0 ? (double)allPositives / n : double.NaN;
        long tp = 0, fp = 0;
        // TP(t_k) = rows treated at t_k = Σ_{c > k} counts[c]: accumulate from the highest threshold down.
        for (var k = t - 1; k >= 0; k--)
        {
            tp += positives[k + 1];
            fp += negatives[k + 1];
            var odds = thresholds[k] / (1 - thresholds[k]);
            netBenefit[k] = n > 0 ? (double)tp / n - (double)fp / n * odds : double.NaN;
            treatAll[k] = prevalence - (1 - prevalence) * odds;
        }
        return new DecisionCurveResult((double[])thresholds.Clone(), netBenefit, treatAll);
    }
}
