using MathNet.Numerics;
using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Evidently's "t_test": scipy.stats.ttest_ind(ref, cur) with its default equal_var=True (pooled variance),
/// two-sided. t = (x̄₁ − x̄₂) / √(s²ₚ(1/n₁ + 1/n₂)), s²ₚ = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2), df = n₁+n₂−2,
/// p = 2·P(T_df ≥ |t|). Undefined when a sample has fewer than 2 values or both are constant.
/// </summary>
public static class StudentT
{
    /// <summary>Returns (t, p-value), or null when undefined.</summary>
    public static TestResult? Pooled(SortedSample reference, SortedSample current)
    {
        int n1 = reference.Count, n2 = current.Count;
        if (n1 < 2 || n2 < 2) return null;
        var v1 = Ssd(reference.Values, reference.Mean) / (n1 - 1);
        var v2 = Ssd(current.Values, current.Mean) / (n2 - 1);
        double df = n1 + n2 - 2;
        var sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
        var t = (reference.Mean - current.Mean) / Math.Sqrt(sp2 * (1.0 / n1 + 1.0 / n2));
        if (double.IsNaN(t)) return null;
        return new TestResult(t, TwoSidedP(t, df));
    }

    /// <summary>2·P(T_df ≥ |t|) through the regularised incomplete beta, accurate in the far tail.</summary>
    public static double TwoSidedP(double t, double df)
    {
        if (double.IsInfinity(t)) return 0;
        var x = df / (df + t * t);
        return Math.Clamp(SpecialFunctions.BetaRegularized(df / 2, 0.5, x), 0, 1);
    }

    private static double Ssd(ReadOnlySpan<double> values, double mean)
    {
        var ss = 0.0;
        foreach (var x in values)
        {
            var d = x - mean;
            ss += d * d;
        }
        return ss;
    }
}
