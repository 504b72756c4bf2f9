using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Numeric;

namespace Vigil.Core.Drift;

/// <summary>
/// Every test Vigil runs, under Evidently 0.2.8's names, default thresholds and drift rules
/// (docs/drift.md has the table).
/// </summary>
public static class StatTestCatalog
{
    public static readonly StatTest Ks = new("ks", "K-S p_value", ScoreKind.PValue, 0.05, DriftRule.PAtOrBelow, true, false,
        s => TestScore.Of(KolmogorovSmirnov.TwoSample(s.Reference!, s.Current!).PValue));

    public static readonly StatTest Wasserstein = new("wasserstein", "Wasserstein distance (normed)", ScoreKind.Distance, 0.1,
        DriftRule.DistanceAtOrAbove, true, false, s => TestScore.Of(WassersteinNormed.Score(s.Reference!, s.Current!)));

    public static readonly StatTest Psi = new("psi", "PSI", ScoreKind.Distance, 0.1, DriftRule.DistanceAtOrAbove, true, true,
        s => TestScore.Of(ShareDistances.PopulationStabilityIndex(s.Binned.ReferenceShares, s.Binned.CurrentShares)));

    public static readonly StatTest JensenShannon = new("jensenshannon", "Jensen-Shannon distance", ScoreKind.Distance, 0.1,
        DriftRule.DistanceAtOrAbove, true, true,
        s => TestScore.Of(ShareDistances.JensenShannon(s.Binned.ReferenceShares, s.Binned.CurrentShares)));

    public static readonly StatTest KlDiv = new("kl_div", "Kullback-Leibler divergence", ScoreKind.Distance, 0.1,
        DriftRule.DistanceAtOrAbove, true, true,
        s => TestScore.Of(ShareDistances.KullbackLeibler(s.Binned.ReferenceShares, s.Binned.CurrentShares)));

    public static readonly StatTest Hellinger = new("hellinger", "Hellinger distance", ScoreKind.Distance, 0.1,
        DriftRule.DistanceAtOrAbove, true, true,
        s => TestScore.Of(s.Type == ColumnType.Numerical
            ? HellingerNumeric.Distance(s.Reference!, s.Current!)
            : ShareDistances.Hellinger(s.Binned.ReferenceShares, s.Binned.CurrentShares)));

    public static readonly StatTest Anderson = new("anderson", "Anderson-Darling", ScoreKind.PValue, 0.1, DriftRule.PBelow, true, false,
        s => AndersonDarlingKSample.Test(s.Reference!, s.Current!) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs at least 2 values in each sample and 2 distinct values overall"));

    public static readonly StatTest CramerVonMisesTest = new("cramer_von_mises", "Cramer-Von-mises", ScoreKind.PValue, 0.1,
        DriftRule.PAtOrBelow, true, false,
        s => CramerVonMises.Test(s.Reference!, s.Current!) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs at least 2 values in each sample"));

    public static readonly StatTest EnergyDistance = new("ed", "Energy-distance", ScoreKind.Distance, 0.1, DriftRule.DistanceAbove, true, false,
        s => TestScore.Of(CdfDistance.Energy(s.Reference!, s.Current!)));

    public static readonly StatTest TTest = new("t_test", "t_test", ScoreKind.PValue, 0.05, DriftRule.PBelow, true, false,
        s => StudentT.Pooled(s.Reference!, s.Current!) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs at least 2 values in each sample and a non-zero variance"));

    public static readonly StatTest MannW = new("mannw", "Mann-Whitney U-rank test", ScoreKind.PValue, 0.05, DriftRule.PBelow, true, false,
        s => MannWhitney.TwoSided(s.Reference!, s.Current!) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs values in both samples"));

    public static readonly StatTest ChiSquare = new("chisquare", "chi-square p_value", ScoreKind.PValue, 0.05, DriftRule.PBelow, false, true,
        s => ChiSquareGoodnessOfFit.Pearson(s.Counts) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs at least 2 categories"));

    public static readonly StatTest Z = new("z", "Z-test p_value", ScoreKind.PValue, 0.05, DriftRule.PBelow, false, true,
        s => TwoProportionZ.Test(s.Counts) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("applies to binary columns (at most 2 categories)"));

    public static readonly StatTest Fisher = new("fisher_exact", "Fisher's Exact test", ScoreKind.PValue, 0.1, DriftRule.PBelow, false, true,
        s => CategoricalFisher.TwoSided(s.Counts) is { } p
            ? TestScore.Of(p)
            : TestScore.Undefined("applies to binary columns (at most 2 categories)"));

    public static readonly StatTest GTest = new("g_test", "g_test", ScoreKind.PValue, 0.1, DriftRule.PBelow, false, true,
        s => ChiSquareGoodnessOfFit.GTest(s.Counts) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs at least 2 categories"));

    public static readonly StatTest Tvd = new("TVD", "Total-Variation-Distance", ScoreKind.PValue, 0.1, DriftRule.PBelow, false, true,
        s => TotalVariationPermutation.Test(s.Counts) is { } r
            ? TestScore.Of(r.PValue)
            : TestScore.Undefined("needs values in both samples"));

    /// <summary>All tests, in report order.</summary>
    public static IReadOnlyList<StatTest> All { get; } =
    [
        Ks, ChiSquare, Z, Wasserstein, Psi, JensenShannon, KlDiv, Hellinger, Anderson, CramerVonMisesTest, EnergyDistance,
        Fisher, Tvd, GTest, TTest, MannW,
    ];

    /// <summary>The test with this exact name, or null.</summary>
    public static StatTest? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Comma-separated list of names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));
}
