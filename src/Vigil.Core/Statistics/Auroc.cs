using MathNet.Numerics.Distributions;

namespace Vigil.Core.Statistics;

/// <summary>
/// Area under the ROC curve with DeLong's variance (DeLong, DeLong and Clarke-Pearson 1988; the fast midrank
/// algorithm of Sun and Xu 2014). AUROC = P(score₁ &gt; score₀) + ½P(tie) = (R₁ − n₁(n₁+1)/2)/(n₁n₀) from midranks.
/// Var = V₁₀/n₁ + V₀₁/n₀ with V₁₀, V₀₁ the variances of the structural components. CI = AUROC ± z₀.₉₇₅·√Var,
/// clipped to [0, 1]. Undefined when either class is empty.
/// </summary>
public static class Auroc
{
    public static Metric WithDeLongCi(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double level = 0.95)
    {
        if (scores.Length != positive.Length) throw new ArgumentException("scores and labels differ in length");
        var pos = new List<double>();
        var neg = new List<double>();
        for (var i = 0; i < scores.Length; i++) (positive[i] ? pos : neg).Add(scores[i]);
        if (pos.Count == 0 || neg.Count == 0) return Metric.Undefined("needs rows of both classes");
        var x = pos.ToArray();
        var y = neg.ToArray();
        int m = x.Length, n = y.Length;
        var all = new double[m + n];
        x.CopyTo(all, 0);
        y.CopyTo(all, m);
        var tz = MidRanks(all);
        var tx = MidRanks(x);
        var ty = MidRanks(y);
        double sumPos = 0;
        for (var i = 0; i < m; i++) sumPos += tz[i];
        var auc = (sumPos - m * (m + 1) / 2.0) / ((double)m * n);
        // Structural components: v10[i] = P(y < x_i), v01[j] = P(x > y_j).
        var v10 = new double[m];
        for (var i = 0; i < m; i++) v10[i] = (tz[i] - tx[i]) / n;
        var v01 = new double[n];
        for (var j = 0; j < n; j++) v01[j] = 1.0 - (tz[m + j] - ty[j]) / m;
        var variance = SampleVariance(v10) / m + SampleVariance(v01) / n;
        var z = Normal.InvCDF(0, 1, 0.5 + level / 2);
        var half = z * Math.Sqrt(variance);
        return Metric.Of(auc) with { Ci = new Interval(Math.Max(0, auc - half), Math.Min(1, auc + half)), CiMethod = "delong" };
    }

    /// <summary>1-based average ranks.</summary>
    public static double[] MidRanks(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        var k = 0;
        while (k < keys.Length)
        {
            var end = k;
            while (end + 1 < keys.Length && keys[end + 1] == keys[k]) end++;
            var rank = (k + end) / 2.0 + 1;
            for (var t = k; t <= end; t++) ranks[order[t]] = rank;
            k = end + 1;
        }
        return ranks;
    }

    private static double SampleVariance(double[] v)
    {
        if (v.Length < 2) return 0;
        var mean = 0.0;
        foreach (var x in v) mean += x;
        mean /= v.Length;
        var ss = 0.0;
        foreach (var x in v) ss += (x - mean) * (x - mean);
        return ss / (v.Length - 1);
    }
}
