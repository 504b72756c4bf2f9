using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Distances between the empirical CDFs of two samples (scipy.stats._cdf_distance):
/// Σ over consecutive pooled values of |F_ref − F_cur|^p · Δx. One merge walk over the sorted samples.
/// </summary>
public static class CdfDistance
{
    /// <summary>
    /// scipy.stats.wasserstein_distance(ref, cur) = ∫|F_ref − F_cur| dx (p = 1). Undefined (NaN) when a sample is empty.
    /// </summary>
    public static double Wasserstein(SortedSample reference, SortedSample current) => Integrate(reference, current, squared: false);

    /// <summary>
    /// scipy.stats.energy_distance(ref, cur) = √2 · (∫(F_ref − F_cur)² dx)^½, Evidently's "ed" score.
    /// Undefined (NaN) when a sample is empty.
    /// </summary>
    public static double Energy(SortedSample reference, SortedSample current) =>
        Math.Sqrt(2) * Math.Sqrt(Integrate(reference, current, squared: true));

    private static double Integrate(SortedSample reference, SortedSample current, bool squared)
    {
        var a = reference.Values;
        var b = current.Values;
        if (a.Length == 0 || b.Length == 0) return double.NaN;
        double n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        var sum = 0.0;
        var prev = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            if (v > prev)
            {
                // Between prev and v both ECDFs are flat at their values after prev.
                var diff = Math.Abs(i / n1 - j / n2);
                sum += (squared ? diff * diff : diff) * (v - prev);
                prev = v;
            }
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
        }
        return sum;
    }
}
