using MathNet.Numerics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "fisher_exact" for a binary column: the 2×2 table [[cur₁, cur₀], [ref₁, ref₀]] and
/// scipy.stats.fisher_exact's two-sided p-value: the total hypergeometric probability of the tables with the same
/// margins that are no more likely than the observed one (relative tolerance 1e-7, as scipy).
/// Evidently refuses samples of unequal size; Vigil computes the test for any sizes (the test is valid).
/// Undefined when a sample is empty or there are more than two categories.
/// </summary>
public static class FisherExact
{
    private const double RelativeTolerance = 1 + 1e-7;

    public static double? TwoSided(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0 || counts.Count > 2) return null;
        if (counts.Count == 1) return 1.0;
        long a = counts.Current[1], b = counts.Current[0], c = counts.Reference[1], d = counts.Reference[0];
        var row1 = a + b;
        var col1 = a + c;
        var total = a + b + c + d;
        var lo = Math.Max(0, col1 - (total - row1));
        var hi = Math.Min(row1, col1);
        var logObserved = LogPmf(a, total, row1, col1);
        var p = 0.0;
        for (var x = lo; x <= hi; x++)
        {
            var lp = LogPmf(x, total, row1, col1);
            if (lp <= logObserved + Math.Log(RelativeTolerance)) p += Math.Exp(lp);
        }
        return Math.Clamp(p, 0, 1);
    }

    private static double LogPmf(long x, long total, long row1, long col1) =>
        SpecialFunctions.BinomialLn((int)row1, (int)x) + SpecialFunctions.BinomialLn((int)(total - row1), (int)(col1 - x))
        - SpecialFunctions.BinomialLn((int)total, (int)col1);
}
