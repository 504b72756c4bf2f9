using MathNet.Numerics;
using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Evidently's "mannw": scipy.stats.mannwhitneyu(ref, cur) with scipy 1.10's defaults (alternative='two-sided',
/// use_continuity=True, method='auto'). The golden values (Evidently 0.2.8's own function) are two-sided: the
/// one-sided 'less' p-value the reference README mentions is half of them or one minus that, never equal.
/// U₁ = R₁ − n₁(n₁+1)/2 from midranks, U = max(U₁, n₁n₂ − U₁). Asymptotic when n₁ &gt; 8 and n₂ &gt; 8 or there are
/// ties: z = (U − n₁n₂/2 − 0.5) / √(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))), p = 2·Φ̄(z); else exact,
/// p = 2·P(U' ≥ U) under the null distribution of U. Clipped to [0, 1]. Undefined when a sample is empty.
/// </summary>
public static class MannWhitney
{
    /// <summary>Returns (U₁, two-sided p-value), or null when undefined.</summary>
    public static TestResult? TwoSided(SortedSample reference, SortedSample current)
    {
        int n1 = reference.Count, n2 = current.Count;
        if (n1 == 0 || n2 == 0) return null;
        var acc = default(Accumulator);
        PooledRanks.ForEach(reference, current, ref acc, static (in PooledValue v, ref Accumulator s) =>
        {
            s.RankSumRef += v.InReference * v.MidRank;
            double t = v.Ties;
            s.TieTerm += t * t * t - t;
            if (v.Ties > 1) s.HasTies = true;
        });
        var u1 = acc.RankSumRef - n1 * (n1 + 1.0) / 2;
        var u = Math.Max(u1, (double)n1 * n2 - u1);
        double p;
        if ((n1 > 8 && n2 > 8) || acc.HasTies)
        {
            var n = (double)n1 + n2;
            var mu = (double)n1 * n2 / 2;
            var s = Math.Sqrt((double)n1 * n2 / 12 * ((n + 1) - acc.TieTerm / (n * (n - 1))));
            var z = (u - mu - 0.5) / s;
            p = SpecialFunctions.Erfc(z / Math.Sqrt(2));
        }
        else
        {
            p = 2 * ExactSf((int)Math.Round(u), n1, n2);
        }
        return new TestResult(u1, Math.Clamp(p, 0, 1));
    }

    /// <summary>P(U ≥ u) under H0 for samples without ties, by counting rank arrangements.</summary>
    private static double ExactSf(int u, int n1, int n2)
    {
        // counts[i][j][s] would be large; use the recursion f(m, n, s) = f(m−1, n, s−n) + f(m, n−1, s) over one table.
        var max = n1 * n2;
        var table = new double[n1 + 1, n2 + 1, max + 1];
        for (var i = 0; i <= n1; i++)
        for (var j = 0; j <= n2; j++)
        for (var s = 0; s <= max; s++)
        {
            if (i == 0 || j == 0)
            {
                table[i, j, s] = s == 0 ? 1 : 0;
                continue;
            }
            var v = table[i, j - 1, s];
            if (s >= j) v += table[i - 1, j, s - j];
            table[i, j, s] = v;
        }
        double total = 0, tail = 0;
        for (var s = 0; s <= max; s++)
        {
            total += table[n1, n2, s];
            if (s >= u) tail += table[n1, n2, s];
        }
        return tail / total;
    }

    private struct Accumulator
    {
        public double RankSumRef, TieTerm;
        public bool HasTies;
    }
}
