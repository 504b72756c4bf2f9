using System.Globalization;
using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Numeric;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// A numeric column's drift from a <see cref="NumericColumnSummary"/> (no rows), with the tests, defaults, thresholds and
/// verdicts of <see cref="ColumnDriftAnalyzer"/>. Exact summaries (counts per distinct value) give every count- and
/// CDF-based test exactly; binned summaries give ks on the fine bins' CDFs (D is the largest gap at a bin edge: it can
/// miss at most the CDF movement inside one bin), wasserstein integrating the CDFs as linear inside each fine bin (off by
/// at most 2 × bin width / std(ref) in the normed score), psi, jensenshannon and kl_div on the exact Sturges counts, and
/// t_test on the moments. Tests that need the rows (anderson, cramer_von_mises, ed, mannw, numeric hellinger), and
/// per-value tests on a column with too many distinct values, are undefined with the reason.
/// </summary>
public static class SummaryColumnAnalyzer
{
    /// <summary>Tests computed from the rows only: not available from summaries.</summary>
    public static IReadOnlyList<string> RowTests { get; } = ["anderson", "cramer_von_mises", "ed", "mannw", "hellinger"];

    /// <summary>The reason a row test has no score on a summary.</summary>
    public static string RowTestReason { get; } = "needs the rows; not computed from push-down summaries";

    /// <summary>Analyzes one numeric column.</summary>
    public static ColumnDrift Analyze(string column, NumericColumnSummary s, TestSelection selection, ColumnTestOverride? chosen = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(selection);
        var hasData = s.Reference.Count > 0 && s.Current.Count > 0;
        var distinct = hasData ? (int)Math.Min(s.DistinctUnion ?? int.MaxValue, 6) : 0;
        var defaultTest = DefaultTestChoice.For(ColumnType.Numerical, s.Reference.Count, distinct);
        var driftTest = chosen?.Test ?? defaultTest;
        if (chosen is not null && !driftTest.AppliesTo(ColumnType.Numerical))
            throw VigilException.Option("column_test", $"'{driftTest.Name}' does not apply to numerical column '{column}'");
        var counts = s.IsExact ? Counts(s) : null;
        var binned = hasData ? Binned(s, counts) : null;
        var outcomes = new List<TestOutcome>();
        TestOutcome? verdict = null;
        foreach (var test in selection.For(ColumnType.Numerical, driftTest))
        {
            var threshold = test == driftTest ? chosen?.Threshold ?? test.DefaultThreshold : test.DefaultThreshold;
            var score = !hasData
                ? TestScore.Undefined(s.Reference.Count == 0 ? "no reference values" : "no current values")
                : Score(test, s, counts, binned);
            bool? drift = score.Value is { } v ? test.IsDrift(v, threshold) : null;
            var outcome = new TestOutcome(test.Name, score.Value, test.Kind, threshold, drift, score.Reason);
            if (test == driftTest) verdict = outcome;
            outcomes.Add(outcome);
        }
        return new ColumnDrift(column, ColumnType.Numerical, s.Reference.Count, s.Current.Count, s.Reference.Missing, s.Current.Missing,
            defaultTest.Name, driftTest.Name, verdict!.Drift, verdict.Score, outcomes, binned);
    }

    private static TestScore Score(StatTest test, NumericColumnSummary s, CategoryCounts? counts, BinnedShares? binned)
    {
        const string perValue = "needs counts per distinct value; the column has too many distinct values for a push-down summary";
        const string noBins = "needs Evidently's per-value bins; the column has too many distinct values for a push-down summary";
        switch (test.Name)
        {
            case "ks":
                return TestScore.Of(KolmogorovSmirnov.FromLattice(LatticeMax(s), s.Reference.Count, s.Current.Count).PValue);
            case "wasserstein":
                return TestScore.Of(Wasserstein(s) / Math.Max(s.Reference.StdDdof0, WassersteinNormed.MinNorm));
            case "psi":
                return binned is null ? TestScore.Undefined(noBins) : TestScore.Of(ShareDistances.PopulationStabilityIndex(binned.ReferenceShares, binned.CurrentShares));
            case "jensenshannon":
                return binned is null ? TestScore.Undefined(noBins) : TestScore.Of(ShareDistances.JensenShannon(binned.ReferenceShares, binned.CurrentShares));
            case "kl_div":
                return binned is null ? TestScore.Undefined(noBins) : TestScore.Of(ShareDistances.KullbackLeibler(binned.ReferenceShares, binned.CurrentShares));
            case "t_test":
                return TTest(s.Reference, s.Current);
            case "chisquare":
                return counts is null ? TestScore.Undefined(perValue)
                    : ChiSquareGoodnessOfFit.Pearson(counts) is { } c ? TestScore.Of(c.PValue) : TestScore.Undefined("needs at least 2 categories");
            case "z":
                return counts is null ? TestScore.Undefined(perValue)
                    : TwoProportionZ.Test(counts) is { } z ? TestScore.Of(z.PValue) : TestScore.Undefined("applies to binary columns (at most 2 categories)");
            case "fisher_exact":
                return counts is null ? TestScore.Undefined(perValue)
                    : CategoricalFisher.TwoSided(counts) is { } f ? TestScore.Of(f) : TestScore.Undefined("applies to binary columns (at most 2 categories)");
            case "g_test":
                return counts is null ? TestScore.Undefined(perValue)
                    : ChiSquareGoodnessOfFit.GTest(counts) is { } g ? TestScore.Of(g.PValue) : TestScore.Undefined("needs at least 2 categories");
            case "TVD":
                return counts is null ? TestScore.Undefined(perValue)
                    : TotalVariationPermutation.Test(counts) is { } t ? TestScore.Of(t.PValue) : TestScore.Undefined("needs values in both samples");
            default:
                return TestScore.Undefined(RowTestReason);
        }
    }

    /// <summary>scipy's ttest_ind (pooled) from counts, means and Σ(x − mean)²; undefined as <see cref="StudentT.Pooled"/>.</summary>
    private static TestScore TTest(SideMoments r, SideMoments c)
    {
        if (r.Count < 2 || c.Count < 2) return TestScore.Undefined("needs at least 2 values in each sample and a non-zero variance");
        double n1 = r.Count, n2 = c.Count;
        var df = n1 + n2 - 2;
        var sp2 = (r.SumSquaredDeviations + c.SumSquaredDeviations) / df;
        var t = (r.Mean - c.Mean) / Math.Sqrt(sp2 * (1.0 / n1 + 1.0 / n2));
        return double.IsNaN(t)
            ? TestScore.Undefined("needs at least 2 values in each sample and a non-zero variance")
            : TestScore.Of(StudentT.TwoSidedP(t, df));
    }

    /// <summary>max |i·n2 − j·n1| over the points compared: every distinct value (exact) or every fine bin's right edge.</summary>
    private static long LatticeMax(NumericColumnSummary s)
    {
        var (r, c) = s.IsExact ? (s.ValueReference!, s.ValueCurrent!) : (s.FineReference!, s.FineCurrent!);
        long n1 = s.Reference.Count, n2 = s.Current.Count, i = 0, j = 0, max = 0;
        for (var k = 0; k < r.Length; k++)
        {
            i += r[k];
            j += c[k];
            var d = Math.Abs(i * n2 - j * n1);
            if (d > max) max = d;
        }
        return max;
    }

    /// <summary>∫|F_ref − F_cur| dx: exact between distinct values, or with both CDFs linear inside each fine bin.</summary>
    private static double Wasserstein(NumericColumnSummary s)
    {
        double n1 = s.Reference.Count, n2 = s.Current.Count, total = 0;
        long i = 0, j = 0;
        if (s.IsExact)
        {
            var x = s.Values!;
            for (var k = 0; k < x.Length - 1; k++)
            {
                i += s.ValueReference![k];
                j += s.ValueCurrent![k];
                total += Math.Abs(i / n1 - j / n2) * (x[k + 1] - x[k]);
            }
            return total;
        }
        var previous = 0.0;
        for (var k = 0; k < s.FineBinCount; k++)
        {
            i += s.FineReference![k];
            j += s.FineCurrent![k];
            var next = i / n1 - j / n2;
            total += LinearAbsIntegral(previous, next) * s.FineWidth;
            previous = next;
        }
        return total;
    }

    /// <summary>∫₀¹ |a + (b − a)t| dt.</summary>
    private static double LinearAbsIntegral(double a, double b)
    {
        if ((a >= 0) == (b >= 0)) return (Math.Abs(a) + Math.Abs(b)) / 2;
        return (a * a + b * b) / (2 * (Math.Abs(a) + Math.Abs(b)));
    }

    /// <summary>Counts per distinct value with the keys <see cref="CategoryCounts.FromSorted"/> writes.</summary>
    private static CategoryCounts Counts(NumericColumnSummary s)
    {
        var keys = new string[s.Values!.Length];
        for (var k = 0; k < keys.Length; k++) keys[k] = s.Values[k].ToString("R", CultureInfo.InvariantCulture);
        return new CategoryCounts(keys, s.ValueReference!, s.ValueCurrent!);
    }

    /// <summary>Evidently's get_binned_data: per value up to 20 distinct reference values, else the Sturges counts.</summary>
    private static BinnedShares? Binned(NumericColumnSummary s, CategoryCounts? counts)
    {
        if (s.ReferenceDistinct <= BinnedShares.MaxPerValueBins)
            return counts is null ? null : BinnedShares.ForCounts(counts);
        if (s.SturgesEdges is { } edges)
            return BinnedShares.ForEdgeCounts(edges, s.SturgesReference, s.Reference.Count, s.SturgesCurrent, s.Current.Count);
        // Exact summaries: the Sturges counts from the counts per value (numpy.histogram: [e_i, e_i+1), the last closed).
        var x = s.Values!;
        var e = Histogram.SturgesEdges(x[0], x[^1], s.Reference.Count + s.Current.Count);
        var r = new long[e.Length - 1];
        var c = new long[e.Length - 1];
        var bin = 0;
        for (var k = 0; k < x.Length; k++)
        {
            if (x[k] < e[0] || x[k] > e[^1]) continue;
            while (bin < r.Length - 1 && x[k] >= e[bin + 1]) bin++;
            r[bin] += s.ValueReference![k];
            c[bin] += s.ValueCurrent![k];
        }
        return BinnedShares.ForEdgeCounts(e, r, s.Reference.Count, c, s.Current.Count);
    }
}
