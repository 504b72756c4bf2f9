using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;
using Xunit;
using static Vigil.Tests.TestSupport.AuditHelpers;

namespace Vigil.Tests.Audit;

/// <summary>
/// The three definitions issue #19 fixed, each on the smallest input that shows it: SEDF smoothed over the two
/// outcomes, equalized odds reporting its defined component when the other is vacuous, and balanced accuracy of a
/// one-class group following scikit-learn.
/// </summary>
public sealed class PeerEdgeCaseTests
{
    private const double Eps = 1e-12;

    /// <summary>
    /// Groups of 2 and 3 rows, every prediction positive. AIF360 smooths over both outcomes (α = c/2 = ½):
    /// s = 2.5/3 and 3.5/4; ln s differ by ln(0.875/0.8333) ≈ 0.049, ln(1 − s) by ln((1/6)/(1/8)) = ln 4/3 ≈ 0.2877.
    /// Smoothing over the one class predicted (α = c) gave s = 1 and ln 0: undefined.
    /// </summary>
    [Fact]
    public void Sedf_smooths_over_both_outcomes_even_when_every_prediction_is_positive()
    {
        var r = Run(Rows([1, 0, 1, 0, 0], [1, 1, 1, 1, 1], null, Column("g", "a", "a", "b", "b", "b")), By("g"));
        var sedf = r.Grouping("g").BetweenGroups.Family("smoothed_empirical_differential_fairness");
        Assert.Equal(Math.Log(4.0 / 3), sedf.Value(), Eps);
        Assert.Null(sedf.Reason);
    }

    /// <summary>
    /// No group has a positive label, so the TPR condition of equalized odds is vacuous. FPR: a 2 of 3, b 0 of 3
    /// (population ⅓). Difference = the FPR difference ⅔ (Fairlearn's max(0, ⅔)); ratio = the FPR ratio 0 / ⅔ = 0;
    /// to_overall: max |FPR − ⅓| = ⅓. Each carries a reason naming the vacuous component.
    /// </summary>
    [Fact]
    public void Equalized_odds_reports_the_fpr_part_when_no_group_has_a_positive()
    {
        var g = Run(Rows([0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], null, Column("g", "a", "a", "a", "b", "b", "b")), By("g")).Grouping("g");
        var diff = g.BetweenGroups.Family("equalized_odds_difference");
        Assert.Equal(2.0 / 3, diff.Value(), Eps);
        Assert.Equal("the false-positive-rate difference alone: the true-positive-rate condition is vacuous (tpr is undefined in every group)", diff.Reason);
        var ratio = g.BetweenGroups.Family("equalized_odds_ratio");
        Assert.Equal(0.0, ratio.Value(), Eps);
        Assert.StartsWith("the false-positive-rate ratio alone: the true-positive-rate condition is vacuous", ratio.Reason, StringComparison.Ordinal);
        var toOverall = g.ToOverall.Family("equalized_odds_difference");
        Assert.Equal(1.0 / 3, toOverall.Value(), Eps);
        Assert.Contains("vacuous", toOverall.Reason, StringComparison.Ordinal);
        Assert.Null(g.BetweenGroups.Family("equal_opportunity_difference").Value);
    }

    /// <summary>No group has a negative: the FPR condition is vacuous and the TPR difference (1 − ½) is the answer.</summary>
    [Fact]
    public void Equalized_odds_reports_the_tpr_part_when_no_group_has_a_negative()
    {
        var g = Run(Rows([1, 1, 1, 1], [1, 1, 1, 0], null, Column("g", "a", "a", "b", "b")), By("g")).Grouping("g");
        var diff = g.BetweenGroups.Family("equalized_odds_difference");
        Assert.Equal(0.5, diff.Value(), Eps);
        Assert.StartsWith("the true-positive-rate difference alone: the false-positive-rate condition is vacuous", diff.Reason, StringComparison.Ordinal);
    }

    /// <summary>Both components undefined (every group empty of one class in a way no rate survives) stays null.</summary>
    [Fact]
    public void Equalized_odds_is_null_only_when_both_parts_are()
    {
        Assert.True(double.IsNaN(Disparities.WorstDefined(double.NaN, double.NaN, larger: true)));
        Assert.Equal(0.25, Disparities.WorstDefined(double.NaN, 0.25, larger: true));
        Assert.Equal(0.5, Disparities.WorstDefined(0.5, 0.25, larger: true));
        Assert.Equal(0.25, Disparities.WorstDefined(0.5, 0.25, larger: false));
    }

    /// <summary>
    /// One group of 3 negatives, 1 predicted positive: scikit-learn's balanced_accuracy_score averages recall over
    /// the classes present, so it is the specificity ⅔, not undefined.
    /// </summary>
    [Fact]
    public void Balanced_accuracy_of_a_group_without_positives_is_its_specificity()
    {
        var r = Run(Rows([0, 0, 0, 1, 0], [1, 0, 0, 1, 0], null, Column("g", "a", "a", "a", "b", "b")), By("g"));
        var a = r.Group("g", "a")[GroupMetric.BalancedAccuracy];
        Assert.Equal(2.0 / 3, a.Value(), Eps);
        Assert.Equal("no positives in group: the specificity alone (scikit-learn averages recall over the classes present)", a.Reason);
        Assert.Equal(1.0, r.Group("g", "b")[GroupMetric.BalancedAccuracy].Value(), Eps);
        Assert.Null(r.Group("g", "b")[GroupMetric.BalancedAccuracy].Reason);
    }

    /// <summary>
    /// The mitigation report computes the same two metrics again from flat counts [TN, FP, FN, TP] per group (ConfusionCounts.FromCells): equalized
    /// odds falls back to the FPR difference (½ − 0) when no group has a positive.
    /// </summary>
    [Fact]
    public void Mitigation_equalized_odds_uses_the_same_rule()
    {
        long[] counts = [1, 1, 0, 0, /* group 2 */ 2, 0, 0, 0];
        Assert.Equal(0.5, PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(counts, 2), Parity.EqualizedOdds)!.Value, Eps);
        Assert.Null(PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(counts, 2), Parity.TruePositiveRate));
    }

    /// <summary>Group "n" holds negatives only (1 of 2 predicted negative): its balanced accuracy is the specificity ½.</summary>
    [Fact]
    public void Mitigation_balanced_accuracy_follows_scikit_learn()
    {
        var data = new Vigil.Mitigation.GroupedLabels([0, 0, 1, 1], ["n", "both"], [false, false, true, false]);
        var perf = PerformanceEvaluator.Evaluate(data, [true, false, true, false], [], "no score");
        var n = perf.Group("n")!.BalancedAccuracy;
        Assert.Equal(0.5, n.Value(), Eps);
        Assert.StartsWith("no positives in group", n.Reason, StringComparison.Ordinal);
        Assert.Equal(1.0, perf.Group("both")!.BalancedAccuracy.Value(), Eps);
    }
}
