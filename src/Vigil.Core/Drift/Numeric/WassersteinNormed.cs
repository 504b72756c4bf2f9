using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Evidently's "wasserstein" test (Wasserstein distance (normed)):
/// W1(ref, cur) / max(std(ref, ddof=0), 0.001). Undefined when a sample is empty.
/// </summary>
public static class WassersteinNormed
{
    /// <summary>Floor on the reference standard deviation, as Evidently's wasserstein_distance_norm.</summary>
    public const double MinNorm = 0.001;

    public static double Score(SortedSample reference, SortedSample current)
    {
        if (reference.Count == 0 || current.Count == 0) return double.NaN;
        var norm = Math.Max(reference.StdDdof0, MinNorm);
        return CdfDistance.Wasserstein(reference, current) / norm;
    }
}
