using MathNet.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "z" test for a binary column: each value is coded 1 when it is the first of the sorted keys
/// (0 otherwise), p₁ and p₂ are the shares in reference and current, P = (n₁p₁ + n₂p₂)/(n₁ + n₂),
/// z = (p₁ − p₂)/√(P(1−P)(1/n₁ + 1/n₂)) and p = 2(1 − Φ(|z|)) (two-sided, pooled variance). When both samples
/// hold one and the same single value Evidently returns p = 1. Undefined when a sample is empty or the column has
/// more than two categories.
/// </summary>
public static class TwoProportionZ
{
    public static TestResult? Test(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0 || counts.Count > 2) return null;
        if (counts.Count == 1) return new TestResult(0.0, 1.0);
        double n1 = counts.ReferenceTotal, n2 = counts.CurrentTotal;
        var p1 = counts.Reference[0] / n1;
        var p2 = counts.Current[0] / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        var cdf = 0.5 * SpecialFunctions.Erfc(-Math.Abs(z) / Math.Sqrt(2));
        return new TestResult(z, 2 * (1 - cdf));
    }
}
