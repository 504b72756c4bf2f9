namespace Vigil.Core.Statistics;

/// <summary>Sample quantiles.</summary>
public static class Percentile
{
    /// <summary>
    /// The q-quantile (0 ≤ q ≤ 1) of an ascending-sorted sample by linear interpolation between the
    /// closest ranks, h = (n − 1)q (numpy.percentile's default "linear" method, Hyndman–Fan type 7).
    /// </summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) return double.NaN;
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
