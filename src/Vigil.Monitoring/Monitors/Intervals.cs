using MathNet.Numerics.Distributions;
using Vigil.Core.Statistics;
using Vigil.Reporting.Risk;

namespace Vigil.Monitoring.Monitors;

/// <summary>The intervals the monitors judge with (each at the registration's confidence).</summary>
public static class Intervals
{
    /// <summary>Wilson score interval of <paramref name="successes"/>/<paramref name="trials"/> (<see cref="WilsonInterval"/>); null with no trials.</summary>
    public static double[]? Wilson(long successes, long trials, double confidence) =>
        WilsonInterval.Compute(successes, trials, confidence) is { } i ? [i.Low, i.High] : null;

    /// <summary>
    /// Newcombe's hybrid score interval (Newcombe 1998, method 10) of p₁ − p₂ from the two Wilson intervals [l, u]:
    /// [d − √((p₁ − l₁)² + (u₂ − p₂)²), d + √((u₁ − p₁)² + (p₂ − l₂)²)] (<see cref="DifferenceInterval.Newcombe"/>).
    /// Null when either sample is empty.
    /// </summary>
    public static double[]? NewcombeDifference(long x1, long n1, long x2, long n2, double confidence)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var w1 = WilsonInterval.Compute(x1, n1, confidence)!.Value;
        var w2 = WilsonInterval.Compute(x2, n2, confidence)!.Value;
        var (_, lower, upper) = DifferenceInterval.Newcombe((double)x1 / n1, w1.Low, w1.High, (double)x2 / n2, w2.Low, w2.High);
        return [lower, upper];
    }

    /// <summary>
    /// Byar's approximation (Breslow &amp; Day 1987) to the exact Poisson interval of an observed count O:
    /// lower = O·(1 − 1/(9O) − z/(3√O))³ (0 when O = 0), upper = (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³, with z the
    /// two-sided normal quantile. Divided by the expected count it is the interval of O/E.
    /// </summary>
    public static (double Lower, double Upper) ByarPoisson(long observed, double confidence)
    {
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        double o = observed;
        var lower = o <= 0 ? 0 : o * Math.Pow(1 - 1 / (9 * o) - z / (3 * Math.Sqrt(o)), 3);
        var u = o + 1;
        var upper = u * Math.Pow(1 - 1 / (9 * u) + z / (3 * Math.Sqrt(u)), 3);
        return (Math.Max(0, lower), upper);
    }

    /// <summary>The O/E ratio's interval: Byar's interval of the observed count over the expected count (null when E is not positive).</summary>
    public static double[]? ObservedToExpected(long observed, double expected, double confidence)
    {
        if (!(expected > 0)) return null;
        var (lo, hi) = ByarPoisson(observed, confidence);
        return [lo / expected, hi / expected];
    }
}
