using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "fisher_exact" for a binary column: the 2×2 table [[cur₁, cur₀], [ref₁, ref₀]] tested with
/// <see cref="FisherExact.TwoSided"/> (scipy.stats.fisher_exact's two-sided p-value).
/// Evidently refuses samples of unequal size; Vigil computes the test for any sizes (the test is valid).
/// Undefined when a sample is empty or there are more than two categories; 1 with a single category.
/// </summary>
public static class CategoricalFisher
{
    public static double? TwoSided(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0 || counts.Count > 2) return null;
        if (counts.Count == 1) return 1.0;
        return FisherExact.TwoSided(counts.Current[1], counts.Current[0], counts.Reference[1], counts.Reference[0]);
    }
}
