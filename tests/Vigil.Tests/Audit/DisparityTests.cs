using Vigil.Core.Audit;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.TestSupport.AuditHelpers;

namespace Vigil.Tests.Audit;

/// <summary>
/// Three groups (prediction mode):
/// A: labels 1 1 0 0, preds 1 0 1 0 → tp 1, fn 1, fp 1, tn 1: selection ½, TPR ½, FPR ½, FNR ½.
/// B: labels 1 1 0 0, preds 1 1 0 0 → tp 2, tn 2: selection ½, TPR 1, FPR 0, FNR 0.
/// C: labels 0 0, preds 1 0 → fp 1, tn 1: selection ½, TPR undefined, FPR ½.
/// Overall (10 rows): tp 3, fn 1, fp 2, tn 4: selection ½, TPR ¾, FPR ⅓, FNR ¼.
/// </summary>
public sealed class DisparityTests
{
    private const double Eps = 1e-12;

    private static AuditResult Result(string? reference = "B") => AuditEngine.Run(
        Rows([1, 1, 0, 0, 1, 1, 0, 0, 0, 0], [1, 0, 1, 0, 1, 1, 0, 0, 1, 0], null,
            Column("g", "A", "A", "A", "A", "B", "B", "B", "B", "C", "C")),
        [new GroupingSpec(["g"], [reference])], new AuditOptions());

    [Fact]
    public void Between_groups_is_max_minus_min_and_min_over_max_leaving_out_undefined_groups()
    {
        var b = Result().Grouping("g").BetweenGroups;
        Assert.Equal(0.0, b.Family("demographic_parity_difference").Value(), Eps);
        Assert.Equal(1.0, b.Family("demographic_parity_ratio").Value(), Eps);
        Assert.Equal(0.5, b.Family("equal_opportunity_difference").Value(), Eps); // TPR 1 − ½ (C left out)
        Assert.Equal(0.5, b.Family("equal_opportunity_ratio").Value(), Eps);
        Assert.Contains("leaves out C (tpr undefined)", b.Family("equal_opportunity_difference").Reason, StringComparison.Ordinal);
        Assert.Equal(0.5, b.Family("false_positive_rate_difference").Value(), Eps); // ½ − 0
        Assert.Equal(0.0, b.Family("false_positive_rate_ratio").Value(), Eps);      // 0 / ½
        Assert.Equal(0.5, b.Family("false_negative_rate_difference").Value(), Eps);
        Assert.Equal(0.5, b.Family("equalized_odds_difference").Value(), Eps);      // max(½, ½)
        Assert.Equal(0.0, b.Family("equalized_odds_ratio").Value(), Eps);           // min(½, 0)
    }

    /// <summary>
    /// TPR: |½ − ¾| = |1 − ¾| = ¼; ratio min(½/¾, ¾/1) = ⅔. FPR: |½ − ⅓| = ⅙, |0 − ⅓| = ⅓ → ⅓; ratio 0
    /// (B's FPR is 0). Equalized odds: max(¼, ⅓) = ⅓, ratio min(⅔, 0) = 0.
    /// </summary>
    [Fact]
    public void To_overall_is_the_largest_gap_and_smallest_folded_ratio_to_the_population()
    {
        var t = Result().Grouping("g").ToOverall;
        Assert.Equal(0.25, t.Family("equal_opportunity_difference").Value(), Eps);
        Assert.Equal(2.0 / 3, t.Family("equal_opportunity_ratio").Value(), Eps);
        Assert.Equal(1.0 / 3, t.Family("false_positive_rate_difference").Value(), Eps);
        Assert.Equal(1.0 / 3, t.Family("equalized_odds_difference").Value(), Eps);
        Assert.Equal(0.0, t.Family("equalized_odds_ratio").Value(), Eps);
        Assert.Equal(0.0, t.Family("demographic_parity_difference").Value(), Eps);
    }

    /// <summary>
    /// Privileged = B (tp 2, tn 2); unprivileged = A + C pooled (tp 1, fn 1, fp 2, tn 2; n 6).
    /// Selection ½ vs ½ → SPD 0, DI 1. TPR ½ vs 1 → −½. FPR ½ vs 0 → ½. Average odds ½(½ − ½) = 0,
    /// absolute ½(½ + ½) = ½. Error ½ vs 0 → ½, ratio undefined (÷0). FNR ½ vs 0. FOR ⅓ vs 0; FDR ⅔ vs 0.
    /// </summary>
    [Fact]
    public void Vs_reference_pools_every_other_group_as_unprivileged()
    {
        var v = Result().Grouping("g").VsReference;
        Assert.Equal(0.0, v.Family("statistical_parity_difference").Value(), Eps);
        Assert.Equal(1.0, v.Family("disparate_impact").Value(), Eps);
        Assert.Equal(-0.5, v.Family("equal_opportunity_difference").Value(), Eps);
        Assert.Equal(0.0, v.Family("average_odds_difference").Value(), Eps);
        Assert.Equal(0.5, v.Family("average_abs_odds_difference").Value(), Eps);
        Assert.Equal(0.5, v.Family("error_rate_difference").Value(), Eps);
        Assert.Null(v.Family("error_rate_ratio").Value);
        Assert.NotNull(v.Family("error_rate_ratio").Reason);
        Assert.Equal(0.5, v.Family("false_negative_rate_difference").Value(), Eps);
        Assert.Equal(0.5, v.Family("false_positive_rate_difference").Value(), Eps);
        Assert.Equal(1.0 / 3, v.Family("false_omission_rate_difference").Value(), Eps);
        Assert.Equal(2.0 / 3, v.Family("false_discovery_rate_difference").Value(), Eps);
    }

    /// <summary>
    /// Between-group indices (privileged B vs the rest): mean benefit of B = 1 (4 rows), of A + C =
    /// (tp 1 + tn 2 → 1 each, fn → 0, fp ×2 → 2 each) = (3 + 0 + 4)/6 = 7/6 (6 rows). Population μ = (4 + 7)/10 = 1.1.
    /// Theil = (1/10)[4·(1/1.1)ln(1/1.1) + 6·(7/6/1.1)ln(7/6/1.1)];
    /// GE(2) = 1/(10·2)[4·((1/1.1)² − 1) + 6·((7/6/1.1)² − 1)].
    /// </summary>
    [Fact]
    public void Between_group_theil_and_ge_replace_each_benefit_by_its_group_mean()
    {
        var v = Result().Grouping("g").VsReference;
        double mu = 1.1, rb = 1 / mu, ru = 7.0 / 6 / mu;
        var theil = (4 * rb * Math.Log(rb) + 6 * ru * Math.Log(ru)) / 10;
        var ge2 = (4 * (rb * rb - 1) + 6 * (ru * ru - 1)) / 20;
        Assert.Equal(theil, v.Family("between_group_theil_index").Value(), Eps);
        Assert.Equal(ge2, v.Family("between_group_generalized_entropy_index").Value(), Eps);
        Assert.True(theil > 0);
    }

    /// <summary>
    /// SEDF with concentration 1 and both predicted classes present (K = 2, so α = ½ per class):
    /// s_g = (predicted positives + ½) / (n + 1). A: 4 of 4 → 4.5/5 = 0.9; B: 3 of 4 → 0.7.
    /// max(|ln 0.9 − ln 0.7|, |ln 0.1 − ln 0.3|) = ln 3 (the complement side dominates).
    /// </summary>
    [Fact]
    public void Sedf_takes_the_larger_of_the_log_ratio_of_selection_and_of_non_selection()
    {
        var r = Run(Rows([1, 1, 0, 0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 0, 0], null,
            Column("g", "A", "A", "A", "A", "B", "B", "B", "B", "C")), By("g"));
        // C: 0 of 1 → 0.5/2 = 0.25; with C the extremes are A 0.9 and C 0.25:
        // max(ln(0.9/0.25), ln(0.75/0.1)) = ln 7.5.
        Assert.Equal(Math.Log(7.5), r.Grouping("g").BetweenGroups.Family("smoothed_empirical_differential_fairness").Value(), Eps);

        var two = Run(Rows([1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 0], null,
            Column("g", "A", "A", "A", "A", "B", "B", "B", "B")), By("g"));
        Assert.Equal(Math.Log(3), two.Grouping("g").BetweenGroups.Family("smoothed_empirical_differential_fairness").Value(), 1e-12);
    }

    [Fact]
    public void Sedf_is_undefined_with_a_single_group()
    {
        var r = Run(Rows([1, 0], [1, 0], null, Column("g", "A", "A")), By("g"));
        var sedf = r.Grouping("g").BetweenGroups.Family("smoothed_empirical_differential_fairness");
        Assert.Null(sedf.Value);
        Assert.Equal("undefined: needs at least two groups", sedf.Reason);
    }

    /// <summary>
    /// FNR of A (1 of 2) against the reference B (0 of 2): table [[1, 1], [0, 2]] is small, so Fisher:
    /// margins row 2, column 1, n 4: P(k = 0) = P(k = 1) = ½, two-sided p = 1. C has no positives.
    /// </summary>
    [Fact]
    public void Fnr_tests_against_the_reference_use_fisher_on_small_tables()
    {
        var g = Result().Grouping("g");
        Assert.Equal("B", g.ReferenceGroup);
        Assert.False(g.ReferenceIsDefault);
        var a = g.Groups.Single(x => x.Key.Label == "A").FnrVsReference;
        Assert.Equal("fisher", a.Method);
        Assert.Equal(1.0, a.PValue!.Value, Eps);
        Assert.Equal(0.5, a.Difference!.Value, Eps);
        Assert.Equal("reference group", g.Groups.Single(x => x.Key.Label == "B").FnrVsReference.Reason);
        Assert.Equal("no positives in group", g.Groups.Single(x => x.Key.Label == "C").FnrVsReference.Reason);
        Assert.Null(g.Groups.Single(x => x.Key.Label == "C").FnrVsReference.PValue);
    }

    [Fact]
    public void Default_reference_is_the_largest_group()
    {
        var r = AuditEngine.Run(Rows([1, 0, 1, 0, 1], [1, 0, 0, 0, 1], null, Column("g", "x", "y", "y", "y", "x")),
            [new GroupingSpec(["g"])], new AuditOptions());
        Assert.Equal("y", r.Grouping("g").ReferenceGroup);
        Assert.True(r.Grouping("g").ReferenceIsDefault);
    }

    [Fact]
    public void Groups_below_min_cell_are_flagged_small()
    {
        var r = AuditEngine.Run(Rows([1, 0, 1, 0, 1], [1, 0, 0, 0, 1], null, Column("g", "x", "y", "y", "y", "x")),
            [new GroupingSpec(["g"])], new AuditOptions { MinCell = 3 });
        Assert.True(r.Group("g", "x").SmallCell);   // n = 2 < 3
        Assert.False(r.Group("g", "y").SmallCell);  // n = 3
    }

    /// <summary>
    /// A defined value may carry a qualifying reason ("leaves out C (tpr undefined)"), never one that says it
    /// is undefined. Here every group defines every rate, so no disparity and no inequality index needs a reason.
    /// </summary>
    [Fact]
    public void Defined_disparities_carry_no_undefined_reason()
    {
        // A: tp 2, fp 1, tn 2, fn 1; B: tp 1, fp 1, tn 3, fn 1 (every rate defined and non-zero in both).
        var r = Run(Rows([1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0], [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0], null,
            Column("g", "A", "A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "B")), By("g"));
        var g = r.Grouping("g");
        foreach (var m in g.BetweenGroups.Concat(g.ToOverall).Concat(g.VsReference).Concat(r.Inequality))
        {
            Assert.NotNull(m.Metric.Value);
            Assert.True(m.Metric.Reason is null, $"{m.Name} = {m.Metric.Value} has reason '{m.Metric.Reason}'");
        }
    }

    [Fact]
    public void Defined_disparities_with_undefined_groups_say_which_groups_were_left_out()
    {
        var b = Result().Grouping("g").BetweenGroups;
        Assert.Equal("leaves out C (tpr undefined)", b.Family("equal_opportunity_difference").Reason);
        Assert.Null(b.Family("demographic_parity_difference").Reason);
    }
}
