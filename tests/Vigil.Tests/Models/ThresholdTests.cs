using Vigil.Core;
using Vigil.Core.Statistics;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;
using Xunit;

namespace Vigil.Tests.Models;

/// <summary>Threshold rules and binary performance against hand-computed cases.</summary>
public class ThresholdTests
{
    // Scores high to low with labels 1,1,0,1,0,1,0,0 (P = 4, N = 4). Flagging score >= t:
    //   t     0.9  0.8  0.7  0.6  0.55 0.4  0.3  0.2
    //   TP    1    2    2    3    3    4    4    4
    //   FP    0    0    1    1    2    2    3    4
    //   J     .25  .5   .25  .5   .25  .5   .25  0
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
    private static readonly bool[] Labels = [true, true, false, true, false, true, false, false];

    private static ThresholdChoice Choose(string rule) => ThresholdSelection.Choose(ThresholdRule.Parse(rule), Scores, Labels);

    [Fact]
    public void Youden_ties_go_to_the_highest_threshold()
    {
        var c = Choose("youden");
        Assert.Equal(0.8, c.Value);
        Assert.Equal(0.5, c.Sensitivity);
        Assert.Equal(1.0, c.Specificity);
    }

    [Theory]
    [InlineData("sensitivity:0.75", 0.6)]
    [InlineData("sensitivity:0.7", 0.6)]
    [InlineData("sensitivity:1", 0.4)]
    [InlineData("sensitivity:0.25", 0.9)]
    [InlineData("alert-rate:0.25", 0.8)]
    [InlineData("alert-rate:0.3", 0.8)]
    [InlineData("alert-rate:0.5", 0.6)]
    [InlineData("alert-rate:1", 0.2)]
    public void Target_rules_pick_the_hand_computed_threshold(string rule, double expected) => Assert.Equal(expected, Choose(rule).Value);

    [Fact]
    public void Fixed_threshold_reports_its_rates()
    {
        var c = Choose("0.55");
        Assert.Equal(0.55, c.Value);
        Assert.Equal(0.75, c.Sensitivity);
        Assert.Equal(0.5, c.Specificity);
        Assert.Equal(5.0 / 8, c.AlertRate);
        Assert.Null(c.Note);
    }

    [Fact]
    public void Alert_rate_below_a_tied_top_score_flags_nobody_and_says_so()
    {
        var c = ThresholdSelection.Choose(ThresholdRule.Parse("alert-rate:0.5"), [0.9, 0.9, 0.9, 0.1], [true, false, true, false]);
        Assert.True(c.Value > 0.9);
        Assert.Equal(0, c.AlertRate);
        Assert.NotNull(c.Note);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("foo")]
    [InlineData("sensitivity:0")]
    [InlineData("sensitivity:x")]
    [InlineData("recall:0.8")]
    public void Bad_rules_are_usage_errors(string rule)
    {
        var e = Assert.Throws<VigilException>(() => ThresholdRule.Parse(rule));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
        Assert.Equal("threshold", e.Parameter); // the key; the CLI prefixes --threshold
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Youden_needs_both_classes()
    {
        var e = Assert.Throws<VigilException>(() => ThresholdSelection.Choose(ThresholdRule.Parse("youden"), [0.2, 0.4], [true, true]));
        Assert.Equal(FailureKind.Data, e.Kind);
    }

    [Fact]
    public void Binary_performance_matches_a_hand_computed_case()
    {
        // pos 0.8, 0.4; neg 0.6, 0.2: AUROC 3/4; at 0.5 TP 1, FP 1, TN 1, FN 1.
        var p = BinaryPerformance.Compute([0.8, 0.6, 0.4, 0.2], [true, false, true, false], 0.5);
        Assert.Equal(0.75, p.Auroc.Value!.Value, 12);
        Assert.Equal((0.04 + 0.36 + 0.36 + 0.04) / 4, p.Brier.Value!.Value, 12);
        Assert.Equal(1.0, p.ObservedExpected.Value!.Value, 12);
        Assert.Equal(0.5, p.Sensitivity.Value);
        Assert.Equal(0.5, p.Specificity.Value);
        Assert.Equal(0.5, p.Ppv.Value);
        Assert.Equal(0.5, p.MajorityBaseline.Value);
        Assert.Equal(new ConfusionCounts(1, 1, 1, 1), p.Counts);
        Assert.NotNull(p.Sensitivity.Ci);
    }

    [Fact]
    public void Ppv_is_undefined_when_nobody_is_flagged()
    {
        var p = BinaryPerformance.Compute([0.1, 0.2], [true, false], 0.5);
        Assert.Null(p.Ppv.Value);
        Assert.Equal("no row flagged", p.Ppv.Reason);
    }

    [Fact]
    public void Stratified_folds_balance_each_class_and_follow_the_seed()
    {
        var label = new bool[103];
        for (var i = 0; i < label.Length; i++) label[i] = i % 3 == 0; // 35 positives, 68 negatives
        var a = StratifiedFolds.Assign(label, 5, 7);
        Assert.Equal(a, StratifiedFolds.Assign(label, 5, 7));
        Assert.NotEqual(a, StratifiedFolds.Assign(label, 5, 8));
        for (var k = 0; k < 5; k++)
        {
            int pos = 0, neg = 0;
            for (var i = 0; i < label.Length; i++)
                if (a[i] == k) { if (label[i]) pos++; else neg++; }
            Assert.InRange(pos, 7, 7);
            Assert.InRange(neg, 13, 14);
        }
    }
}
