using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Numeric;
using Vigil.Core.Drift.Samples;
using Vigil.Core.Drift.Summaries;

namespace Vigil.Tests.Drift;

/// <summary>Properties every drift statistic must have, on random samples.</summary>
public sealed class DriftPropertyTests
{
    private static Arbitrary<double[]> Samples() =>
        Gen.Choose(-1000, 1000).Select(i => i / 10.0).ArrayOf().Where(a => a.Length >= 3).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Identical_samples_show_no_drift_on_any_numeric_test() => Prop.ForAll(Samples(), values =>
    {
        var samples = ColumnSamples.Numerical(values, values);
        foreach (var test in StatTestCatalog.All.Where(t => t.AppliesToNumerical))
        {
            var outcome = test.Run(samples);
            if (outcome.Score is null) continue; // e.g. t_test on a constant sample: undefined, never drift
            if (outcome.Drift != false) return false;
        }
        return true;
    });

    [Property(MaxTest = 200)]
    public Property Identical_category_counts_show_no_drift() => Prop.ForAll(
        Gen.Choose(1, 50).ArrayOf().Where(a => a.Length is >= 1 and <= 8).ToArbitrary(), counts =>
        {
            var keys = counts.Select((_, i) => "k" + i).ToArray();
            var c = counts.Select(x => (long)x).ToArray();
            var samples = ColumnSamples.Categorical(new CategoryCounts(keys, c, (long[])c.Clone()), 0, 0);
            return StatTestCatalog.All.Where(t => t.AppliesToCategorical)
                .Select(t => t.Run(samples)).All(o => o.Score is null || o.Drift == false);
        });

    [Property(MaxTest = 200)]
    public Property Ks_energy_and_raw_wasserstein_are_symmetric() => Prop.ForAll(Samples(), Samples(), (a, b) =>
    {
        var x = SortedSample.From(a);
        var y = SortedSample.From(b);
        var ks1 = KolmogorovSmirnov.TwoSample(x, y);
        var ks2 = KolmogorovSmirnov.TwoSample(y, x);
        return ks1.Statistic == ks2.Statistic
               && Math.Abs(ks1.PValue - ks2.PValue) <= 1e-12
               && Math.Abs(CdfDistance.Wasserstein(x, y) - CdfDistance.Wasserstein(y, x)) <= 1e-9
               && Math.Abs(CdfDistance.Energy(x, y) - CdfDistance.Energy(y, x)) <= 1e-9;
    });

    [Property(MaxTest = 100)]
    public Property Merged_sorted_halves_give_the_union_s_ks_and_wasserstein() => Prop.ForAll(Samples(), Samples(), (a, b) =>
    {
        var half = a.Length / 2;
        var merged = SortedSample.Merge(SortedSample.From(a.AsSpan(0, half)), SortedSample.From(a.AsSpan(half)));
        var union = SortedSample.From(a);
        var y = SortedSample.From(b);
        return KolmogorovSmirnov.TwoSample(merged, y) == KolmogorovSmirnov.TwoSample(union, y)
               && WassersteinNormed.Score(merged, y) == WassersteinNormed.Score(union, y);
    });

    [Property(MaxTest = 100)]
    public Property Merged_numeric_summaries_give_the_union_s_binned_scores_and_t_test() => Prop.ForAll(Samples(), Samples(), (a, b) =>
    {
        var reference = SortedSample.From(b);
        var edges = Histogram.SturgesEdges(-100, 100, reference.Count + a.Length);
        var refSummary = BinnedSummary.OfSample(reference, edges);
        var half = a.Length / 2;
        var first = new BinnedSummary(edges);
        first.Add(a.AsSpan(0, half));
        var second = new BinnedSummary(edges);
        second.Add(a.AsSpan(half));
        var merged = first.Merge(second);
        var union = new BinnedSummary(edges);
        union.Add(a);
        var tMerged = SummaryTests.TTestPValue(refSummary, merged);
        var tUnion = SummaryTests.TTestPValue(refSummary, union);
        var tSample = StudentT.Pooled(reference, SortedSample.From(a))?.PValue;
        return merged.Bins.SequenceEqual(union.Bins)
               && SummaryTests.Psi(refSummary, merged) == SummaryTests.Psi(refSummary, union)
               && SummaryTests.JensenShannon(refSummary, merged) == SummaryTests.JensenShannon(refSummary, union)
               && SummaryTests.KullbackLeibler(refSummary, merged) == SummaryTests.KullbackLeibler(refSummary, union)
               && Close(tMerged, tUnion) && Close(tUnion, tSample);
    });

    [Property(MaxTest = 100)]
    public Property Merged_category_counts_give_the_union_s_chisquare_and_jensenshannon() => Prop.ForAll(
        Gen.Choose(0, 4).ArrayOf().Where(a => a.Length >= 4).ToArbitrary(), Gen.Choose(0, 4).ArrayOf().Where(a => a.Length >= 4).ToArbitrary(),
        (refCodes, curCodes) =>
        {
            string[] levels = ["a", "b", "c", "d", "e"];
            var half = curCodes.Length / 2;
            var emptyRef = Array.Empty<int>();
            var first = CategoryCounts.FromCodes(refCodes, levels, curCodes.AsSpan(0, half), levels);
            var second = CategoryCounts.FromCodes(emptyRef, levels, curCodes.AsSpan(half), levels);
            var merged = first.Merge(second);
            var union = CategoryCounts.FromCodes(refCodes, levels, curCodes, levels);
            var m = ColumnSamples.Categorical(merged, 0, 0);
            var u = ColumnSamples.Categorical(union, 0, 0);
            return merged.Keys.SequenceEqual(union.Keys)
                   && StatTestCatalog.ChiSquare.Run(m) == StatTestCatalog.ChiSquare.Run(u)
                   && StatTestCatalog.JensenShannon.Run(m) == StatTestCatalog.JensenShannon.Run(u)
                   && StatTestCatalog.Psi.Run(m) == StatTestCatalog.Psi.Run(u);
        });

    private static bool Close(double? a, double? b) =>
        (a is null && b is null) || (a is { } x && b is { } y && Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(y)));
}
