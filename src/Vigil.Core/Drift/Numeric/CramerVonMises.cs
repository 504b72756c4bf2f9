using MathNet.Numerics;
using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Two-sample Cramér-von Mises test as Evidently's "cramer_von_mises" (its own copy of scipy's
/// cramervonmises_2samp, method='auto'). U = n_x Σ(r_i − i)² + n_y Σ(s_j − j)² on midranks of the sorted samples,
/// T = U/(n_x n_y N) − (4 n_x n_y − 1)/(6N). When max(n_x, n_y) ≤ 10 the p-value is exact (share of all
/// C(N, n_x) rank splits with U ≥ U_obs); otherwise T is standardised (Anderson 1962, eq. 15) and compared with
/// the limiting distribution, whose series is summed until a term is below 1e-7 as scipy does.
/// Undefined when a sample has fewer than 2 values.
/// </summary>
public static class CramerVonMises
{
    public const int MaxExactN = 10;

    /// <summary>Returns (statistic T, p-value), or null when undefined.</summary>
    public static TestResult? Test(SortedSample reference, SortedSample current)
    {
        int nx = reference.Count, ny = current.Count;
        if (nx < 2 || ny < 2) return null;
        var acc = new Accumulator { Nx = nx, Ny = ny };
        PooledRanks.ForEach(reference, current, ref acc, static (in PooledValue v, ref Accumulator s) =>
        {
            var r = v.MidRank;
            for (var t = 0; t < v.InReference; t++)
            {
                var d = r - (s.NextX + 1);
                s.SumX += d * d;
                s.NextX++;
            }
            for (var t = 0; t < v.InCurrent; t++)
            {
                var d = r - (s.NextY + 1);
                s.SumY += d * d;
                s.NextY++;
            }
        });
        var u = nx * acc.SumX + ny * acc.SumY;
        double k = (double)nx * ny, n = nx + ny;
        var t = u / (k * n) - (4 * k - 1) / (6 * n);
        double p;
        if (Math.Max(nx, ny) <= MaxExactN)
        {
            p = ExactPValue(u, nx, ny);
        }
        else
        {
            var et = (1 + 1 / n) / 6;
            var vt = (n + 1) * (4 * k * n - 3 * ((double)nx * nx + (double)ny * ny) - 2 * k);
            vt /= 45 * n * n * 4 * k;
            var tn = 1.0 / 6 + (t - et) / Math.Sqrt(45 * vt);
            p = tn < 0.003 ? 1.0 : Math.Max(0, 1.0 - LimitingCdf(tn));
        }
        return new TestResult(t, p);
    }

    /// <summary>CDF of the limiting (n → ∞) Cramér-von Mises distribution (Csörgő and Faraway 1996, eq. 1.3).</summary>
    public static double LimitingCdf(double x)
    {
        var total = 0.0;
        for (var k = 0; k < 1000; k++)
        {
            var u = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            double y = 4 * k + 1;
            var q = y * y / (16 * x);
            var term = u * Math.Sqrt(y) * ScaledBesselKQuarter(q);
            total += term;
            if (Math.Abs(term) < 1e-7) break;
        }
        return total;
    }

    /// <summary>
    /// e^{−q}·K_{1/4}(q) = ∫₀^∞ exp(−q(1 + cosh t))·cosh(t/4) dt, by the trapezoid rule (the integrand is
    /// analytic and decays double-exponentially, so the rule converges geometrically; h = 0.02 gives full precision).
    /// </summary>
    internal static double ScaledBesselKQuarter(double q)
    {
        const double h = 0.02;
        var sum = 0.5 * Math.Exp(-2 * q);
        for (var i = 1; i < 100000; i++)
        {
            var t = i * h;
            var f = Math.Exp(-q * (1 + Math.Cosh(t))) * Math.Cosh(t / 4);
            sum += f;
            if (f < 1e-300 || (f < sum * 1e-18 && q * Math.Cosh(t) > 50)) break;
        }
        return sum * h;
    }

    private static double ExactPValue(double observedU, int nx, int ny)
    {
        var n = nx + ny;
        var chosen = new int[nx];
        long total = 0, atLeast = 0;
        Enumerate(0, 0);
        return (double)atLeast / total;

        void Enumerate(int start, int depth)
        {
            if (depth == nx)
            {
                // x positions are 'chosen' (0-based), y positions the rest, as Evidently's _all_partitions.
                double u = 0;
                for (var i = 0; i < nx; i++) u += nx * (double)(chosen[i] - i) * (chosen[i] - i);
                int yi = 0, ci = 0;
                for (var pos = 0; pos < n; pos++)
                {
                    if (ci < nx && chosen[ci] == pos)
                    {
                        ci++;
                        continue;
                    }
                    u += ny * (double)(pos - yi) * (pos - yi);
                    yi++;
                }
                total++;
                if (u >= observedU) atLeast++;
                return;
            }
            for (var p = start; p <= n - (nx - depth); p++)
            {
                chosen[depth] = p;
                Enumerate(p + 1, depth + 1);
            }
        }
    }

    private struct Accumulator
    {
        public int Nx, Ny, NextX, NextY;
        public double SumX, SumY;
    }
}
