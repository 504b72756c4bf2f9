namespace Vigil.Core.Drift;

/// <summary>
/// Evidently 0.2.8's automatic test choice (_get_default_stattest), n_unique counted over both samples together:
/// <code>
/// n_ref ≤ 1000: numerical → ks if n_unique &gt; 5, else chisquare if n_unique &gt; 2, else z
///               categorical → chisquare if n_unique &gt; 2, else z
/// n_ref &gt; 1000: numerical → wasserstein if n_unique &gt; 5, else jensenshannon
///               categorical → jensenshannon
/// </code>
/// n_ref counts the non-missing reference values.
/// </summary>
public static class DefaultTestChoice
{
    public const int SmallReferenceMax = 1000;

    public static StatTest For(ColumnSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var unique = samples.DistinctUnion(stopAfter: 6);
        return For(samples.Type, samples.ReferenceCount, unique);
    }

    public static StatTest For(ColumnType type, long referenceCount, int distinctValues)
    {
        if (referenceCount <= SmallReferenceMax)
        {
            if (type == ColumnType.Numerical && distinctValues > 5) return StatTestCatalog.Ks;
            return distinctValues > 2 ? StatTestCatalog.ChiSquare : StatTestCatalog.Z;
        }
        if (type == ColumnType.Numerical && distinctValues > 5) return StatTestCatalog.Wasserstein;
        return StatTestCatalog.JensenShannon;
    }
}
