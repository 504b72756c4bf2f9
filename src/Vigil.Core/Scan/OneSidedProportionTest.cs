using MathNet.Numerics.Distributions;
using Vigil.Core.Statistics;

namespace Vigil.Core.Scan;

/// <summary>
/// One-sided test that a subgroup's rate x1/n1 exceeds its complement's x2/n2 (H1: p1 &gt; p2). Every cell of
/// the 2×2 table [[x1, n1−x1], [x2, n2−x2]] at least 5: the pooled two-proportion z-test, p = 1 − Φ(z)
/// (<see cref="ProportionTests.TwoProportionZ"/>). Otherwise Fisher's exact test, one-sided: p = P(X ≥ x1) for X
/// hypergeometric with N = n1 + n2 records, K = x1 + x2 events and n1 draws (scipy.stats.fisher_exact with
/// alternative='greater').
/// </summary>
public static class OneSidedProportionTest
{
    public const int MinExpectedCell = 5;

    /// <returns>Method "z" (Statistic z) or "fisher" (Statistic the sample odds ratio); null when a sample is empty.</returns>
    public static TestResult? Greater(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var small = x1 < MinExpectedCell || n1 - x1 < MinExpectedCell || x2 < MinExpectedCell || n2 - x2 < MinExpectedCell;
        if (small) return new TestResult(FisherExact.OddsRatio(x1, n1 - x1, x2, n2 - x2), FisherExact.Greater(x1, n1 - x1, x2, n2 - x2), "fisher");
        var z = ProportionTests.TwoProportionZ(x1, n1, x2, n2);
        return new TestResult(z, Normal.CDF(0, 1, -z), "z");
    }
}
