using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Vigil.Core.Statistics;

/// <summary>Result of a two-sample test of proportions.</summary>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Method">"z" (pooled two-proportion z-test) or "fisher" (Fisher's exact test).</param>
/// <param name="Statistic">The z statistic for "z"; the sample odds ratio for "fisher" (may be infinite).</param>
public readonly record struct ProportionTestResult(double PValue, string Method, double Statistic);

/// <summary>Tests that two binomial proportions x1/n1 and x2/n2 are equal.</summary>
public static class ProportionTests
{
    /// <summary>
    /// The pooled two-proportion z-test when every cell of the 2×2 table [[x1, n1−x1], [x2, n2−x2]] is at
    /// least <paramref name="minCell"/>, else Fisher's exact test (the usual rule: the normal approximation
    /// is poor with small expected counts). Null when either sample is empty.
    /// </summary>
    public static ProportionTestResult? Compare(long x1, long n1, long x2, long n2, long minCell = 5)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var small = x1 < minCell || n1 - x1 < minCell || x2 < minCell || n2 - x2 < minCell;
        if (small)
        {
            var p = FisherExactTwoSided(x1, n1 - x1, x2, n2 - x2);
            var odds = (double)x1 * (n2 - x2) / ((double)(n1 - x1) * x2);
            return new ProportionTestResult(p, "fisher", odds);
        }
        var z = TwoProportionZ(x1, n1, x2, n2);
        return new ProportionTestResult(2 * Normal.CDF(0, 1, -Math.Abs(z)), "z", z);
    }

    /// <summary>
    /// z = (p̂1 − p̂2) / sqrt(p̂(1−p̂)(1/n1 + 1/n2)) with the pooled p̂ = (x1+x2)/(n1+n2). When p̂ is 0 or 1
    /// both samples agree perfectly and z is 0.
    /// </summary>
    public static double TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
        return variance > 0 ? (p1 - p2) / Math.Sqrt(variance) : 0;
    }

    /// <summary>
    /// Two-sided Fisher exact p-value for the table [[a, b], [c, d]], as scipy.stats.fisher_exact: the sum
    /// of the hypergeometric probabilities of every table with the same margins that is no more likely
    /// than the observed one (with a relative tolerance of 1e-7 for ties in probability).
    /// </summary>
    public static double FisherExactTwoSided(long a, long b, long c, long d)
    {
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        if (row1 == 0 || col1 == 0 || row1 == n || col1 == n) return 1.0;
        var lo = Math.Max(0, row1 + col1 - n);
        var hi = Math.Min(row1, col1);
        var logObserved = LogHypergeometric(a, n, row1, col1);
        const double relativeTolerance = 1 + 1e-7;
        var total = 0.0;
        for (var k = lo; k <= hi; k++)
        {
            var lp = LogHypergeometric(k, n, row1, col1);
            if (lp <= logObserved + Math.Log(relativeTolerance)) total += Math.Exp(lp);
        }
        return Math.Min(1.0, total);
    }

    private static double LogHypergeometric(long k, long n, long row1, long col1) =>
        SpecialFunctions.BinomialLn((int)col1, (int)k) + SpecialFunctions.BinomialLn((int)(n - col1), (int)(row1 - k))
        - SpecialFunctions.BinomialLn((int)n, (int)row1);
}
