using MathNet.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "z" test for a binary column: each value is coded 1 when it is the first of the sorted keys
/// (0 otherwise), p₁ and p₂ are the shares in reference and current, P = (n₁p₁ + n₂p₂)/(n₁ + n₂),
/// z = (p₁ − p₂)/√(P(1−P)(1/n₁ + 1/n₂)) and p = 2(1 − Φ(|z|)) (two-sided, pooled variance). When both samples
/// hold one and the same single value Evidently returns p = 1. Undefined when a sample is empty or the column has
/// more than two categories. The statistic is the audit's (<see cref="ProportionTests.TwoProportionZ"/>, the same
/// pooled z); only the p-value keeps Evidently's form 2(1 − Φ(|z|)), which is 0 once Φ(|z|) rounds to 1
/// (|z| ≳ 8.3), where the audit's 2Φ(−|z|) keeps the tail (docs/metrics.md).
/// </summary>
public static class TwoProportionZ
{
    public static TestResult? Test(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0 || counts.Count > 2) return null;
        if (counts.Count == 1) return new TestResult(0.0, 1.0);
        var z = ProportionTests.TwoProportionZ(counts.Reference[0], counts.ReferenceTotal, counts.Current[0], counts.CurrentTotal);
        var cdf = 0.5 * SpecialFunctions.Erfc(-Math.Abs(z) / Math.Sqrt(2));
        return new TestResult(z, 2 * (1 - cdf));
    }
}
