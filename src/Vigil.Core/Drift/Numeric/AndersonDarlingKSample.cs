using MathNet.Numerics;
using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// scipy.stats.anderson_ksamp([ref, cur]) with midrank=True (scipy 1.10), whose significance level Evidently's
/// "anderson" test returns. A²_akN of Scholz and Stephens (1987, eq. 7, ties by midranks) is normalised by its
/// exact variance; the p-value is exp of a quadratic fitted (numpy.polyfit) through (critical value, log sig) for
/// sig ∈ {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001} and evaluated at the statistic, and is capped to 0.25 below
/// the smallest critical value and floored to 0.001 above the largest (scipy warns; the cap is part of the score).
/// Undefined when a sample has fewer than 2 values or when the pooled sample has a single distinct value.
/// </summary>
public static class AndersonDarlingKSample
{
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
    private static readonly double[] Sig = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

    /// <summary>Returns null when undefined.</summary>
    /// <returns>Statistic (A²_kN − (k − 1)) / σ_N; PValue the significance level, interpolated and capped to [0.001, 0.25].</returns>
    public static TestResult? Test(SortedSample reference, SortedSample current)
    {
        if (reference.Count < 2 || current.Count < 2) return null;
        if (SortedSample.CountDistinctUnion(reference, current, 2) < 2) return null;
        const int k = 2;
        double n1 = reference.Count, n2 = current.Count, nTotal = n1 + n2;

        var acc = new Accumulator { N = nTotal, N1 = n1, N2 = n2 };
        PooledRanks.ForEach(reference, current, ref acc, static (in PooledValue v, ref Accumulator s) =>
        {
            double lj = v.Ties;
            var bj = v.PooledBelow + lj / 2.0;
            var denom = bj * (s.N - bj) - s.N * lj / 4.0;
            var m1 = s.RefAtOrBelow + v.InReference - v.InReference / 2.0;
            var m2 = s.CurAtOrBelow + v.InCurrent - v.InCurrent / 2.0;
            var t1 = s.N * m1 - bj * s.N1;
            var t2 = s.N * m2 - bj * s.N2;
            s.Sum1 += lj / s.N * t1 * t1 / denom;
            s.Sum2 += lj / s.N * t2 * t2 / denom;
            s.RefAtOrBelow += v.InReference;
            s.CurAtOrBelow += v.InCurrent;
        });
        var a2kn = (acc.Sum1 / n1 + acc.Sum2 / n2) * (nTotal - 1.0) / nTotal;

        var h = 1.0 / n1 + 1.0 / n2;
        // hs_cs = cumsum(1 / arange(N-1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
        var nInt = (long)nTotal;
        double cum = 0, g = 0;
        for (long idx = 0; idx < nInt - 2; idx++)
        {
            cum += 1.0 / (nInt - 1 - idx);
            g += cum / (idx + 2);
        }
        var hh = cum + 1;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * h;
        double b = (2 * g - 4) * k * k + 8 * hh * k + (2 * g - 14 * hh - 4) * h - 8 * hh + 4 * g - 6;
        double c = (6 * hh + 2 * g - 2) * k * k + (4 * hh - 4 * g + 6) * k + (2 * hh - 6) * h + 4 * hh;
        double d = (2 * hh + 6) * k * k - 4 * hh * k;
        var n = nTotal;
        var sigmaSq = (a * n * n * n + b * n * n + c * n + d) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
        const int m = k - 1;
        var a2 = (a2kn - m) / Math.Sqrt(sigmaSq);
        return new TestResult(a2, PValue(a2, m));
    }

    private static double PValue(double a2, int m)
    {
        var critical = new double[7];
        for (var i = 0; i < 7; i++) critical[i] = B0[i] + B1[i] / Math.Sqrt(m) + B2[i] / m;
        if (a2 < critical.Min()) return Sig.Max();
        if (a2 > critical.Max()) return Sig.Min();
        var logSig = Array.ConvertAll(Sig, s => Math.Log(s));
        var coef = Fit.Polynomial(critical, logSig, 2);
        return Math.Exp(coef[0] + coef[1] * a2 + coef[2] * a2 * a2);
    }

    private struct Accumulator
    {
        public double N, N1, N2, Sum1, Sum2, RefAtOrBelow, CurAtOrBelow;
    }
}
