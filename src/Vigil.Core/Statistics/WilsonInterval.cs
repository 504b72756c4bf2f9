using MathNet.Numerics.Distributions;

namespace Vigil.Core.Statistics;

/// <summary>Confidence intervals for a binomial proportion.</summary>
public static class WilsonInterval
{
    /// <summary>
    /// Wilson score interval (Wilson 1927) for <paramref name="successes"/> out of <paramref name="trials"/>:
    /// centre (p̂ + z²/2n) / (1 + z²/n), half-width z·sqrt(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n), with z the
    /// two-sided normal quantile of <paramref name="confidence"/>. Unlike the Wald interval it stays inside
    /// [0, 1] and keeps its coverage near 0 and 1 and for small n. Null when there are no trials.
    /// </summary>
    public static Interval? Compute(double successes, double trials, double confidence = 0.95)
    {
        if (!(trials > 0)) return null;
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        var p = successes / trials;
        var z2n = z * z / trials;
        var centre = (p + z2n / 2) / (1 + z2n);
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n);
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
