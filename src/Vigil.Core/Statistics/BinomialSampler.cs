using MathNet.Numerics.Random;

namespace Vigil.Core.Statistics;

/// <summary>
/// Exact binomial variates in O(1) expected time for any n, which MathNet's Binomial.Sample (a sum of
/// n Bernoulli draws, n limited to int) does not give. Uses Hörmann's (1993) BTRS transformed
/// rejection with squeeze when n·min(p, 1−p) ≥ 10 and geometric-skip inversion below that, the pair
/// PyTorch and TensorFlow use.
/// </summary>
public static class BinomialSampler
{
    private static readonly double[] StirlingTail =
    [
        0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
        0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287,
    ];

    public static long Sample(RandomSource rng, long n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - Sample(rng, n, 1 - p);
        return n * p < 10 ? Inversion(rng, n, p) : Btrs(rng, n, p);
    }

    /// <summary>Counts geometric waiting times until they pass n: expected n·p + 1 iterations.</summary>
    private static long Inversion(RandomSource rng, long n, double p)
    {
        var logQ = Math.Log(1 - p);
        long sum = 0;
        long k = 0;
        while (true)
        {
            sum += (long)Math.Ceiling(Math.Log(1 - rng.NextDouble()) / logQ);
            if (sum > n) return k;
            k++;
        }
    }

    private static long Btrs(RandomSource rng, long n, double p)
    {
        var stddev = Math.Sqrt(n * p * (1 - p));
        var b = 1.15 + 2.53 * stddev;
        var a = -0.0873 + 0.0248 * b + 0.01 * p;
        var c = n * p + 0.5;
        var vr = 0.92 - 4.2 / b;
        var r = p / (1 - p);
        var alpha = (2.83 + 5.1 / b) * stddev;
        var m = Math.Floor((n + 1) * p);
        while (true)
        {
            var u = rng.NextDouble() - 0.5;
            var v = rng.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return (long)k;
            if (v <= 0) continue;
            v = Math.Log(v * alpha / (a / (us * us) + b));
            var bound = (m + 0.5) * Math.Log((m + 1) / (r * (n - m + 1)))
                        + (n + 1) * Math.Log((n - m + 1) / (n - k + 1))
                        + (k + 0.5) * Math.Log(r * (n - k + 1) / (k + 1))
                        + Tail(m) + Tail(n - m) - Tail(k) - Tail(n - k);
            if (v <= bound) return (long)k;
        }
    }

    /// <summary>log(k!) − [(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)], the Stirling series remainder.</summary>
    private static double Tail(double k)
    {
        if (k <= 9) return StirlingTail[(int)k];
        var kp1 = k + 1;
        var kp1sq = kp1 * kp1;
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / kp1;
    }
}
