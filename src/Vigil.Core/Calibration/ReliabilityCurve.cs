namespace Vigil.Core.Calibration;

/// <summary>
/// A reliability (calibration) curve: for every non-empty bin of the score, the mean predicted probability,
/// the observed event rate and the number of rows. Bins without rows are dropped, as in scikit-learn's
/// calibration_curve.
/// </summary>
public sealed record ReliabilityCurve(double[] MeanPredicted, double[] Observed, long[] Count);

/// <summary>
/// Reliability curves with scikit-learn's calibration_curve conventions (scikit-learn 1.2,
/// sklearn/calibration.py): bin edges e_0 &lt; … &lt; e_B, a score s falls in bin
/// #{k ∈ 1..B−1 : e_k &lt; s} (numpy.searchsorted(edges[1:-1], s), side "left"), so the bins are
/// [e_0, e_1], (e_1, e_2], …, (e_{B−1}, e_B] and scores outside [e_0, e_B] land in the end bins.
/// <list type="bullet">
/// <item><term>uniform</term><description>e_k = k·(1/B) (numpy.linspace(0, 1, B + 1)).</description></item>
/// <item><term>quantile</term><description>e_k = numpy.percentile(scores, 100·k/B) with numpy's default
/// "linear" method: h = (n − 1)·q, e = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋) on the ascending scores (numpy's
/// two-sided lerp); equal edges make empty bins, which are dropped.</description></item>
/// </list>
/// Per bin: mean predicted = Σs / n_b, observed = Σy / n_b.
/// </summary>
public static class Reliability
{
    /// <summary>Default number of bins (scikit-learn's calibration_curve default n_bins=5; Vigil uses 10 as its ECE).</summary>
    public const int DefaultBins = 10;

    /// <summary>The equal-width curve over [0, 1].</summary>
    public static ReliabilityCurve Uniform(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, int bins = DefaultBins)
    {
        Check(scores, labels, bins);
        return Binned(scores, labels, UniformInteriorEdges(bins));
    }

    /// <summary>The equal-count curve, edges at the score quantiles (any order of rows).</summary>
    public static ReliabilityCurve Quantile(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, int bins = DefaultBins)
    {
        Check(scores, labels, bins);
        if (scores.IsEmpty) return Empty;
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        return Binned(scores, labels, QuantileInteriorEdges(sorted, bins, descending: false));
    }

    internal static ReliabilityCurve Empty => new([], [], []);

    /// <summary>e_1 … e_{B−1} of numpy.linspace(0, 1, B + 1): k·step with step = 1/B.</summary>
    public static double[] UniformInteriorEdges(int bins)
    {
        var step = 1.0 / bins;
        var edges = new double[bins - 1];
        for (var k = 1; k < bins; k++) edges[k - 1] = k * step;
        return edges;
    }

    /// <summary>
    /// e_1 … e_{B−1} of numpy.percentile(x, linspace(0, 1, B + 1)·100) on sorted scores (ascending, or
    /// descending with <paramref name="descending"/>).
    /// </summary>
    public static double[] QuantileInteriorEdges(ReadOnlySpan<double> sorted, int bins, bool descending)
    {
        var n = sorted.Length;
        var step = 1.0 / bins;
        var edges = new double[bins - 1];
        for (var k = 1; k < bins; k++)
        {
            var q = k * step * 100 / 100; // linspace, ×100 in scikit-learn, ÷100 in numpy.percentile
            var h = (n - 1) * q;
            var lo = Math.Min((int)Math.Floor(h), n - 1);
            var hi = Math.Min(lo + 1, n - 1);
            var a = descending ? sorted[n - 1 - lo] : sorted[lo];
            var b = descending ? sorted[n - 1 - hi] : sorted[hi];
            var gamma = h - lo;
            var diff = b - a;
            edges[k - 1] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma; // numpy's _lerp
        }
        return edges;
    }

    /// <summary>The bin of a score: the number of interior edges strictly below it.</summary>
    public static int BinOf(ReadOnlySpan<double> interiorEdges, double score)
    {
        int lo = 0, hi = interiorEdges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (interiorEdges[mid] < score) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    internal static ReliabilityCurve Binned(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, ReadOnlySpan<double> interiorEdges)
    {
        var bins = interiorEdges.Length + 1;
        Span<long> count = stackalloc long[bins];
        Span<long> positives = stackalloc long[bins];
        Span<double> sum = stackalloc double[bins];
        count.Clear();
        positives.Clear();
        sum.Clear();
        for (var i = 0; i < scores.Length; i++)
        {
            var b = BinOf(interiorEdges, scores[i]);
            count[b]++;
            positives[b] += labels[i];
            sum[b] += scores[i];
        }
        return FromBins(count, positives, sum);
    }

    internal static ReliabilityCurve FromBins(ReadOnlySpan<long> count, ReadOnlySpan<long> positives, ReadOnlySpan<double> sum)
    {
        var nonEmpty = 0;
        foreach (var c in count)
            if (c > 0) nonEmpty++;
        var predicted = new double[nonEmpty];
        var observed = new double[nonEmpty];
        var counts = new long[nonEmpty];
        var j = 0;
        for (var b = 0; b < count.Length; b++)
        {
            if (count[b] == 0) continue;
            predicted[j] = sum[b] / count[b];
            observed[j] = (double)positives[b] / count[b];
            counts[j++] = count[b];
        }
        return new ReliabilityCurve(predicted, observed, counts);
    }

    internal static void Check(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, int bins)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length", nameof(labels));
        if (bins is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(bins), bins, "expected 1 to 1000 bins");
    }
}
