using Vigil.Core;
using Vigil.Core.Statistics;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;
using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Preprocessing;
using Xunit;

namespace Vigil.Tests.Mitigation;

/// <summary>Worked examples and edge cases of the mitigations.</summary>
public sealed class MitigationUnitTests
{
    [Fact]
    public void Di_remover_reproduces_blackboxauditing_numerical_example()
    {
        // BlackBoxAuditing's CategoricRepairer test_numerical: x = 1,1,2,2,3,3 and y = 1,1,2 at repair level 1
        // become x = 1,1,1,1,2,2 and y = 1,1,2.
        double[] values = [1, 1, 2, 2, 3, 3, 1, 1, 2];
        int[] groups = [0, 0, 0, 0, 0, 0, 1, 1, 1];
        var repaired = DisparateImpactRemover.RepairColumn(values, groups, 2, 1.0);
        Assert.Equal([1, 1, 1, 1, 2, 2, 1, 1, 2], repaired);
    }

    [Fact]
    public void Di_remover_full_repair_gives_groups_the_same_distribution()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16];
        int[] groups = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        var repaired = DisparateImpactRemover.RepairColumn(values, groups, 2, 1.0);
        Assert.Equal(repaired[..6], repaired[6..]);
        Assert.Throws<VigilException>(() => DisparateImpactRemover.RepairColumn(values, groups, 2, 1.5));
    }

    [Fact]
    public void Correlation_remover_alpha_zero_changes_nothing_and_unseen_group_fails()
    {
        double[] x = [1, 2, 3, 10, 11, 12];
        int[] g = [0, 0, 0, 1, 1, 1];
        var fit = CorrelationRemover.Fit([x], g, 3, 0.0);
        Assert.Equal(x, fit.Transform([x], g, ["a", "b", "c"])[0]);
        var full = CorrelationRemover.Fit([x], g, 3, 1.0);
        Assert.Equal(2 - 6.5, full.Shift(0, 0), 12);
        var e = Assert.Throws<VigilException>(() => full.Transform([new double[] { 1 }], [2], ["a", "b", "c"]));
        Assert.Contains("'c'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_with_one_class_only_is_a_clear_error()
    {
        var data = new GroupedLabels([0, 0, 1, 1], ["A", "B"], [true, false, true, true]);
        var e = Assert.Throws<VigilException>(() => ThresholdOptimizer.Fit([0.1, 0.2, 0.3, 0.4], data, new ThresholdOptimizerOptions()));
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.Contains("group 'B' has only positive labels", e.Message, StringComparison.Ordinal);
        Assert.Throws<VigilException>(() => CalibratedEqualizedOdds.Fit([0.1, 0.2, 0.3, 0.4], data, CostConstraint.Fnr));
        Assert.Throws<VigilException>(() => RejectOptionClassification.Fit([0.1, 0.2, 0.3, 0.4], data, 0, new RejectOptionOptions()));
    }

    [Fact]
    public void Equalized_odds_rejects_objectives_fairlearn_rejects()
    {
        var data = new GroupedLabels([0, 0, 1, 1], ["A", "B"], [true, false, true, false]);
        var e = Assert.Throws<VigilException>(() => ThresholdOptimizer.Fit([0.1, 0.2, 0.3, 0.4], data,
            new ThresholdOptimizerOptions(ThresholdConstraint.EqualizedOdds, ThresholdObjective.SelectionRate)));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Throws<VigilException>(() => ThresholdOptimizerOptions.ParseConstraint("equal_everything"));
    }

    [Fact]
    public void Stratified_split_keeps_every_group_label_cell_in_both_parts()
    {
        var data = MitigationFixture.Grouped("race");
        var (train, test) = StratifiedSplit.Split(data, 0.3, 7);
        Assert.Equal(data.Count, train.Length + test.Length);
        var (n, p) = data.Counts();
        var (nt, pt) = data.Subset(test).Counts();
        for (var g = 0; g < data.GroupCount; g++)
        {
            Assert.InRange(nt[g], (long)(0.3 * n[g]) - 2, (long)(0.3 * n[g]) + 2);
            Assert.InRange(pt[g], (long)(0.3 * p[g]) - 1, (long)(0.3 * p[g]) + 1);
        }
        Assert.Equal(test, StratifiedSplit.Split(data, 0.3, 7).Test);
    }

    [Fact]
    public void Pareto_marks_only_non_dominated_points()
    {
        var points = Pareto.Mark([
            new SweepPoint("alpha", 0, "0", 0.10, 0.20, null),
            new SweepPoint("alpha", 1, "1", 0.05, 0.25, null),
            new SweepPoint("alpha", 2, "2", 0.06, 0.26, null),
            new SweepPoint("alpha", 3, "3", null, 0.10, null),
        ]);
        Assert.Equal([true, true, false, false], points.Select(p => p.ParetoOptimal));
    }

    [Fact]
    public void Disparity_is_undefined_with_fewer_than_two_groups_having_the_rate()
    {
        // Group 0 has positives only, group 1 negatives only: no group pair for TPR or FPR.
        long[] counts = [0, 0, 3, 2, 4, 1, 0, 0];
        Assert.Null(PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(counts, 2), Parity.TruePositiveRate));
        Assert.Equal(2.0 / 5 - 1.0 / 5, PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(counts, 2), Parity.DemographicParity)!.Value, 12);
    }
}
