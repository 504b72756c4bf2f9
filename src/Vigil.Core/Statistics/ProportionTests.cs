using MathNet.Numerics.Distributions;

namespace Vigil.Core.Statistics;

/// <summary>Tests that two binomial proportions x1/n1 and x2/n2 are equal.</summary>
public static class ProportionTests
{
    /// <summary>
    /// The pooled two-proportion z-test when every cell of the 2×2 table [[x1, n1−x1], [x2, n2−x2]] is at
    /// least <paramref name="minCell"/>, else Fisher's exact test (the usual rule: the normal approximation
    /// is poor with small expected counts). Null when either sample is empty.
    /// </summary>
    /// <returns>Two-sided; Method "z" (Statistic z) or "fisher" (Statistic the sample odds ratio, may be infinite).</returns>
    public static TestResult? Compare(long x1, long n1, long x2, long n2, long minCell = 5)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var small = x1 < minCell || n1 - x1 < minCell || x2 < minCell || n2 - x2 < minCell;
        if (small)
        {
            var p = FisherExact.TwoSided(x1, n1 - x1, x2, n2 - x2);
            return new TestResult(FisherExact.OddsRatio(x1, n1 - x1, x2, n2 - x2), p, "fisher");
        }
        var z = TwoProportionZ(x1, n1, x2, n2);
        return new TestResult(z, 2 * Normal.CDF(0, 1, -Math.Abs(z)), "z");
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
}
