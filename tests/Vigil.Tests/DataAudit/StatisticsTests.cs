using Vigil.Core.DataAudit;
using Xunit;

namespace Vigil.Tests.DataAudit;

public class StatisticsTests
{
    [Fact]
    public void CohensKappa_matches_the_Wikipedia_worked_example()
    {
        // Wikipedia "Cohen's kappa", simple example: 50 grant proposals; both yes 20, A yes/B no 5,
        // A no/B yes 10, both no 15. p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        var a = new List<int>();
        var b = new List<int>();
        void Add(int count, int x, int y)
        {
            for (var i = 0; i < count; i++)
            {
                a.Add(x);
                b.Add(y);
            }
        }
        Add(20, 1, 1);
        Add(5, 1, 0);
        Add(10, 0, 1);
        Add(15, 0, 0);
        var kappa = Kappa.Cohen(a.ToArray(), b.ToArray(), 2);
        Assert.Equal(0.4, kappa.Value!.Value, 12);
    }

    [Fact]
    public void CohensKappa_is_undefined_when_chance_agreement_is_one()
    {
        var kappa = Kappa.Cohen(new[] { 1, 1, 1 }, new[] { 1, 1, 1 }, 2);
        Assert.Null(kappa.Value);
        Assert.Contains("same single category", kappa.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FleissKappa_matches_the_Wikipedia_worked_example()
    {
        // Wikipedia "Fleiss' kappa", worked example: 10 items, 14 raters, 5 categories;
        // P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
        int[] counts =
        [
            0, 0, 0, 0, 14,
            0, 2, 6, 4, 2,
            0, 0, 3, 5, 6,
            0, 3, 9, 2, 0,
            2, 2, 8, 1, 1,
            7, 7, 0, 0, 0,
            3, 2, 6, 3, 0,
            2, 5, 3, 2, 2,
            6, 5, 2, 1, 0,
            0, 2, 2, 3, 7,
        ];
        var kappa = Kappa.Fleiss(counts, 5, 14);
        Assert.Equal(0.210, Math.Round(kappa.Value!.Value, 3));
        // Exact value from the same formula by hand: P̄ = 5.29230769.../14, P̄e = 0.21338...
        var pBar = 0.378021978021978;
        var pe = (20.0 * 20 + 28 * 28 + 39 * 39 + 21 * 21 + 32 * 32) / (140.0 * 140);
        Assert.Equal((pBar - pe) / (1 - pe), kappa.Value!.Value, 12);
    }

    [Fact]
    public void FleissKappa_with_two_raters_is_Scotts_pi()
    {
        // Two raters, 4 items: agreement on 3 of 4. Marginals over 8 ratings: cat0 3, cat1 5.
        // P̄ = 3/4, P̄e = (3/8)² + (5/8)² = 34/64, κ = (0.75 − 0.53125)/(1 − 0.53125) = 0.4666...
        int[] counts = [2, 0, 0, 2, 0, 2, 1, 1];
        Assert.Equal((0.75 - 34.0 / 64) / (1 - 34.0 / 64), Kappa.Fleiss(counts, 2, 2).Value!.Value, 12);
    }

    [Fact]
    public void CramersV_of_a_two_by_two_table_is_the_absolute_phi()
    {
        // [[10, 20], [30, 40]]: E = 12, 18, 28, 42; χ² = 4/12 + 4/18 + 4/28 + 4/42 = 0.793650...;
        // V = sqrt(χ²/100) = |ad − bc| / sqrt(30·70·40·60) = 200 / sqrt(5,040,000).
        var r = ContingencyTable.Test(new long[] { 10, 20, 30, 40 }, 2, 2);
        Assert.Equal(4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42, r.ChiSquare, 12);
        Assert.Equal(200 / Math.Sqrt(5_040_000), r.CramersV!.Value, 12);
        Assert.Equal(1, r.DegreesOfFreedom);
        Assert.Equal(12, r.MinExpected, 12);
        // scipy.stats.chi2.sf(0.7936507936507936, 1)
        Assert.Equal(0.37296, r.PValue!.Value, 4);
    }

    [Fact]
    public void CramersV_is_one_for_a_perfect_three_level_association_and_drops_empty_columns()
    {
        var r = ContingencyTable.Test(new long[] { 5, 0, 0, 0, 0, 7, 0, 0, 0, 0, 9, 0 }, 3, 4);
        Assert.Equal(1.0, r.CramersV!.Value, 12);
        Assert.Equal(4, r.DegreesOfFreedom);
    }

    [Fact]
    public void GoodnessOfFit_matches_a_hand_computed_case()
    {
        // 60 rows, shares 0.5/0.5, observed 40/20: E = 30/30, χ² = 100/30 + 100/30 = 6.667, df 1, p = 0.00982.
        var (chi, df, p, _) = ContingencyTable.GoodnessOfFit(new long[] { 40, 20 }, new[] { 0.5, 0.5 });
        Assert.Equal(200.0 / 30, chi, 12);
        Assert.Equal(1, df);
        Assert.Equal(0.009823, p!.Value, 5);
    }

    [Fact]
    public void Smd_matches_a_hand_computed_case()
    {
        // a = 1,2,3 (mean 2, var 1); b = 2,3,4,5 (mean 3.5, var 5/3); SMD = −1.5 / sqrt((1 + 5/3)/2).
        var a = DescriptiveSummary.OfPresent(new double[] { 3, 1, 2 });
        var b = DescriptiveSummary.OfPresent(new double[] { 5, 2, 4, 3 });
        Assert.Equal(-1.5 / Math.Sqrt((1 + 5.0 / 3) / 2), StandardizedMeanDifference.Continuous(a, b).Value!.Value, 12);
        Assert.Equal(2, a.Median);
        Assert.Equal(2.75, b.Q1, 12);
        Assert.Equal(4.25, b.Q3, 12);
    }

    [Fact]
    public void Smd_of_proportions_and_undefined_cases()
    {
        // p = 0.5 vs 0.2: (0.3) / sqrt((0.25 + 0.16)/2)
        Assert.Equal(0.3 / Math.Sqrt(0.41 / 2), StandardizedMeanDifference.Proportion(5, 10, 2, 10).Value!.Value, 12);
        Assert.Null(StandardizedMeanDifference.Proportion(0, 10, 0, 5).Value);
        var constant = DescriptiveSummary.OfPresent(new double[] { 1, 1, 1 });
        Assert.Equal("no variation in either group", StandardizedMeanDifference.Continuous(constant, constant).Reason);
    }

    [Fact]
    public void Auroc_one_vs_rest_counts_ties_as_half()
    {
        // group 0 values 1, 2, 3; group 1 values 2, 4. Pairs (g0 > g1): 3>2 → 1, ties 2=2 → 0.5; of 6.
        double[] values = [1, 2, 3, 2, 4, double.NaN];
        int[] codes = [0, 0, 0, 1, 1, 1];
        var auroc = GroupSeparation.OneVsRestAuroc(values, codes, 2);
        Assert.Equal(1.5 / 6, auroc[0], 12);
        Assert.Equal(4.5 / 6, auroc[1], 12);
    }

    [Fact]
    public void Consistency_of_a_tiny_case_by_hand()
    {
        // Points on a line 0, 1, 2, 10, 11, 12 with labels 1,1,0,0,0,1; k = 3 (self included):
        // rows 0..2 share the neighbourhood {0,1,2} (mean 2/3), rows 3..5 {3,4,5} (mean 1/3).
        // |1−2/3|+|1−2/3|+|0−2/3|+|0−1/3|+|0−1/3|+|1−1/3| = 8/3; consistency = 1 − (8/3)/6 = 5/9.
        double[] x = [0, 1, 2, 10, 11, 12];
        byte[] y = [1, 1, 0, 0, 0, 1];
        var r = Consistency.Compute([x], y, k: 3);
        Assert.Equal(5.0 / 9, r.Value.Value!.Value, 12);
        Assert.Equal("exact", r.Method);
    }
}
