using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// scipy.stats.ks_2samp(ref, cur, alternative='two-sided', mode='auto') (scipy 1.10), which Evidently's
/// "ks" test returns as its drift score. D is found exactly on the integer lattice: h = max|i·n2 − j·n1| / g
/// with g = gcd(n1, n2), so D = h / lcm(n1, n2). The p-value is exact when max(n1, n2) ≤ 10,000
/// (Hodges' lattice-path count: scipy's _compute_prob_outside_square when n1 = n2, else the
/// "inside" recursion of Viehmann 2021); otherwise, or when the exact count fails, it is asymptotic:
/// the one-sample Kolmogorov distribution kstwo.sf(D, round(n1·n2/(n1+n2))).
/// Undefined when either sample is empty.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: larger samples use the asymptotic p-value.</summary>
    public const int MaxExactN = 10000;

    /// <summary>Runs the test on two sorted samples (both non-empty).</summary>
    /// <returns>Statistic D = max |F_ref(x) − F_cur(x)|, the two-sided p-value, Method "exact" or "asymp" as scipy resolves mode='auto'.</returns>
    public static TestResult TwoSample(SortedSample reference, SortedSample current)
    {
        var a = reference.Values;
        var b = current.Values;
        long n1 = a.Length, n2 = b.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("both samples must be non-empty");

        long maxAbs = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var v = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            var diff = Math.Abs(i * n2 - j * n1);
            if (diff > maxAbs) maxAbs = diff;
        }
        return FromLattice(maxAbs, n1, n2);
    }

    /// <summary>
    /// The test from the lattice maximum max |i·n2 − j·n1| over the points where the empirical CDFs are compared
    /// (i, j: values at or below the point): how summaries give it without the rows (counts per value or per bin).
    /// </summary>
    public static TestResult FromLattice(long maxAbs, long n1, long n2)
    {
        if (n1 <= 0 || n2 <= 0) throw new ArgumentException("both samples must be non-empty");
        var g = Gcd(n1, n2);
        var h = maxAbs / g;
        var lcm = n1 / g * n2;
        var d = (double)h / lcm;

        if (Math.Max(n1, n2) <= MaxExactN && n1 / g < int.MaxValue / (n2 / g))
        {
            if (h == 0) return new TestResult(d, 1.0, "exact");
            var p = n1 == n2
                ? ProbOutsideSquare((int)n1, (int)h)
                : ProbOutsideInsideMethod((int)n1, (int)n2, (int)g, h);
            if (p is >= 0 and <= 1) return new TestResult(d, p, "exact");
        }
        return new TestResult(d, AsymptoticPValue(d, n1, n2), "asymp");
    }

    /// <summary>kstwo.sf(D, round(n1·n2/(n1+n2))), clipped to [0, 1], as scipy's mode='asymp'.</summary>
    public static double AsymptoticPValue(double d, long n1, long n2)
    {
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return Math.Clamp(KolmogorovDistribution.Sf((long)en, d), 0, 1);
    }

    /// <summary>
    /// P(D ≥ h/n) for n1 = n2 = n: 2·Σ_k (−1)^k C(2n, n − (k+1)h)/C(2n, n), evaluated by scipy's Horner-like
    /// product to avoid cancellation.
    /// </summary>
    private static double ProbOutsideSquare(int n, int h)
    {
        var p = 0.0;
        var k = n / h;
        while (k >= 0)
        {
            var p1 = 1.0;
            for (var j = 0; j < h; j++)
                p1 = (double)(n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /// <summary>
    /// Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| &lt; h/lcm, computed
    /// column by column on a sliding window (scipy _compute_outer_prob_inside_method).
    /// </summary>
    private static double ProbOutsideInsideMethod(int m, int n, int g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        var minj = 0;
        var maxj = (int)Math.Min(CeilDiv(h, mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[Math.Max(lenA, 1)];
        Array.Fill(a, 1.0);
        for (var t = minj; t < maxj; t++) a[t] = 0.0;
        for (var i = 1; i <= m; i++)
        {
            int lastminj = minj, lastlen = curlen;
            minj = (int)Math.Max(FloorDiv(ng * i - h, mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = (int)Math.Min(CeilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            for (var jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (var t = maxj - minj; t < maxj - minj + (lastlen - curlen) && t < a.Length; t++) a[t] = 1.0;
        }
        return a[maxj - minj - 1];
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
