using Vigil.Core.Audit;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.TestSupport.AuditHelpers;

namespace Vigil.Tests.Audit;

/// <summary>Per-metric checks on small cases whose expected values are worked out by hand in the comments.</summary>
public sealed class GroupMetricTests
{
    private const double Eps = 1e-12;

    // One group, tp = 3, fp = 1, tn = 2, fn = 2 (n = 8, P = 5, N = 3, predicted positive 4).
    private static readonly int[] Labels8 = [1, 1, 1, 0, 0, 0, 1, 1];
    private static readonly int[] Preds8 = [1, 1, 1, 1, 0, 0, 0, 0];

    [Fact]
    public void Count_metrics_of_a_hand_computed_confusion_table()
    {
        var r = Run(Rows(Labels8, Preds8, null, Column("g", Enumerable.Repeat("x", 8).ToArray())), By("g"));
        var g = r.Group("g", "x");
        Assert.Equal(8, g.N);
        Assert.Equal(5.0, g[GroupMetric.Positives].Value());
        Assert.Equal(5.0 / 8, g[GroupMetric.Prevalence].Value(), Eps);      // P / n
        Assert.Equal(4.0 / 8, g[GroupMetric.SelectionRate].Value(), Eps);   // (tp + fp) / n
        Assert.Equal(3.0 / 5, g[GroupMetric.Tpr].Value(), Eps);             // tp / P
        Assert.Equal(2.0 / 5, g[GroupMetric.Fnr].Value(), Eps);             // fn / P
        Assert.Equal(2.0 / 3, g[GroupMetric.Tnr].Value(), Eps);             // tn / N
        Assert.Equal(1.0 / 3, g[GroupMetric.Fpr].Value(), Eps);             // fp / N
        Assert.Equal(3.0 / 4, g[GroupMetric.Ppv].Value(), Eps);             // tp / (tp + fp)
        Assert.Equal(1.0 / 4, g[GroupMetric.Fdr].Value(), Eps);             // fp / (tp + fp)
        Assert.Equal(2.0 / 4, g[GroupMetric.Npv].Value(), Eps);             // tn / (tn + fn)
        Assert.Equal(2.0 / 4, g[GroupMetric.For].Value(), Eps);             // fn / (tn + fn)
        Assert.Equal(5.0 / 8, g[GroupMetric.Accuracy].Value(), Eps);        // (tp + tn) / n
        Assert.Equal((0.6 + 2.0 / 3) / 2, g[GroupMetric.BalancedAccuracy].Value(), Eps);
        Assert.Equal(6.0 / 9, g[GroupMetric.F1].Value(), Eps);              // 2tp / (2tp + fp + fn) = 6 / 9
        // Overall equals the single group.
        Assert.Equal(3.0 / 5, r.Overall[(int)GroupMetric.Tpr].Value(), Eps);
    }

    [Fact]
    public void Rates_carry_wilson_intervals_around_the_point()
    {
        var r = Run(Rows(Labels8, Preds8, null, Column("g", Enumerable.Repeat("x", 8).ToArray())), By("g"));
        var tpr = r.Group("g", "x")[GroupMetric.Tpr];
        var expected = Vigil.Core.Statistics.WilsonInterval.Compute(3, 5)!.Value;
        Assert.Equal("wilson", tpr.CiMethod);
        Assert.Equal(expected.Low, tpr.Ci!.Value.Low, Eps);
        Assert.Equal(expected.High, tpr.Ci!.Value.High, Eps);
        Assert.InRange(0.6, tpr.Ci.Value.Low, tpr.Ci.Value.High);
    }

    [Fact]
    public void Score_metrics_without_a_score_are_undefined_with_reason()
    {
        var r = Run(Rows(Labels8, Preds8, null, Column("g", Enumerable.Repeat("x", 8).ToArray())), By("g"));
        var g = r.Group("g", "x");
        foreach (var m in new[] { GroupMetric.Auroc, GroupMetric.Auprc, GroupMetric.Brier, GroupMetric.Ece })
        {
            Assert.Null(g[m].Value);
            Assert.Equal("needs a score column", g[m].Reason);
        }
    }

    /// <summary>
    /// Group "neg" has only negatives (one predicted positive), "pos" only positives, "none" only
    /// negatives all predicted negative (so no predicted positives and an F1 denominator 2tp+fp+fn of 0).
    /// </summary>
    [Fact]
    public void Undefined_metrics_are_null_with_the_documented_reason()
    {
        int[] labels = [0, 0, 0, 1, 1, 1, 0, 0];
        double[] scores = [0.7, 0.2, 0.1, 0.9, 0.3, 0.6, 0.1, 0.2];
        var data = Scored(labels, scores, Column("g", "neg", "neg", "neg", "pos", "pos", "pos", "none", "none"));
        var r = Run(data, By("g"));

        var neg = r.Group("g", "neg");
        foreach (var m in new[] { GroupMetric.Tpr, GroupMetric.Fnr, GroupMetric.Auroc, GroupMetric.Auprc })
        {
            Assert.Null(neg[m].Value);
            Assert.Equal("no positives in group", neg[m].Reason);
        }
        // scikit-learn's balanced accuracy of a one-class group: that class's recall (here the specificity ⅔).
        Assert.Equal(2.0 / 3, neg[GroupMetric.BalancedAccuracy].Value(), Eps);
        Assert.StartsWith("no positives in group: the specificity alone", neg[GroupMetric.BalancedAccuracy].Reason, StringComparison.Ordinal);
        Assert.Equal(1.0 / 3, neg[GroupMetric.Fpr].Value(), Eps);
        Assert.Equal(0.0, neg[GroupMetric.Ppv].Value(), Eps); // tp 0 of 1 predicted positive
        Assert.Equal(0.0, neg[GroupMetric.F1].Value(), Eps);  // 0 / (0 + 1 + 0)

        var pos = r.Group("g", "pos");
        foreach (var m in new[] { GroupMetric.Tnr, GroupMetric.Fpr, GroupMetric.Auroc })
        {
            Assert.Null(pos[m].Value);
            Assert.Equal("no negatives in group", pos[m].Reason);
        }
        Assert.Equal(2.0 / 3, pos[GroupMetric.Tpr].Value(), Eps);
        Assert.Equal(2.0 / 3, pos[GroupMetric.BalancedAccuracy].Value(), Eps); // the sensitivity alone
        Assert.StartsWith("no negatives in group: the sensitivity alone", pos[GroupMetric.BalancedAccuracy].Reason, StringComparison.Ordinal);
        // AP of a group of positives only: every threshold has precision 1.
        Assert.Equal(1.0, pos[GroupMetric.Auprc].Value(), Eps);

        var none = r.Group("g", "none");
        Assert.Null(none[GroupMetric.Ppv].Value);
        Assert.Equal("no predicted positives in group", none[GroupMetric.Ppv].Reason);
        Assert.Equal("no predicted positives in group", none[GroupMetric.Fdr].Reason);
        Assert.Null(none[GroupMetric.F1].Value);
        Assert.Equal("no positives and no predicted positives in group", none[GroupMetric.F1].Reason);
        Assert.Equal(1.0, none[GroupMetric.Npv].Value(), Eps);
        Assert.Equal(1.0, none[GroupMetric.Accuracy].Value(), Eps);
        Assert.Null(none[GroupMetric.Tpr].Value);
        Assert.Null(none[GroupMetric.Tpr].Ci);
    }

    [Fact]
    public void No_predicted_negatives_makes_npv_and_for_undefined()
    {
        var r = Run(Rows([1, 0], [1, 1], null, Column("g", "a", "a")), By("g"));
        Assert.Equal("no predicted negatives in group", r.Group("g", "a")[GroupMetric.Npv].Reason);
        Assert.Equal("no predicted negatives in group", r.Group("g", "a")[GroupMetric.For].Reason);
        Assert.Null(r.Group("g", "a")[GroupMetric.For].Value);
    }

    /// <summary>
    /// Positives score 0.8, 0.5, 0.5; negatives 0.5, 0.2. Pairs (pos, neg): 0.8 beats both (2); each 0.5
    /// positive ties the 0.5 negative (½) and beats 0.2 (1): 2 + 1.5 + 1.5 = 5 of 6 pairs, AUROC = 5/6.
    /// </summary>
    [Fact]
    public void Auroc_counts_ties_as_half()
    {
        var r = Run(Scored([1, 1, 1, 0, 0], [0.8, 0.5, 0.5, 0.5, 0.2], Column("g", "a", "a", "a", "a", "a")), By("g"));
        Assert.Equal(5.0 / 6, r.Group("g", "a")[GroupMetric.Auroc].Value(), Eps);
        Assert.Equal(5.0 / 6, r.Overall[(int)GroupMetric.Auroc].Value(), Eps);
    }

    /// <summary>
    /// y = 1, 0, 1, 1, 0 with scores 0.9, 0.7, 0.5, 0.5, 0.5 (scikit-learn average_precision_score):
    /// thresholds 0.9: P = 1/1, R = 1/3; 0.7: P = 1/2, R = 1/3; 0.5: P = 3/5, R = 1.
    /// AP = (1/3)·1 + 0·½ + (2/3)·(3/5) = 1/3 + 2/5 = 11/15. (Breaking the tie with positives first would
    /// give 1/3·(1 + 2/3 + 3/4) = 0.806, negatives first 1/3·(1 + 2/4 + 3/5) = 0.7.)
    /// AUROC: 0.9 beats both negatives (2); each 0.5 positive loses to 0.7 and ties 0.5 (½): 3/6.
    /// Brier: (0.01 + 0.49 + 0.25 + 0.25 + 0.25) / 5 = 0.25.
    /// </summary>
    [Fact]
    public void Average_precision_treats_tied_scores_as_one_threshold()
    {
        var r = Run(Scored([1, 0, 1, 1, 0], [0.9, 0.7, 0.5, 0.5, 0.5], Column("g", "a", "a", "a", "a", "a")), By("g"));
        var g = r.Group("g", "a");
        Assert.Equal(11.0 / 15, g[GroupMetric.Auprc].Value(), Eps);
        Assert.Equal(0.5, g[GroupMetric.Auroc].Value(), Eps);
        Assert.Equal(0.25, g[GroupMetric.Brier].Value(), Eps);
    }

    /// <summary>
    /// Rows (score, label): (0, 0), (0.05, 1), (0.1, 0), (0.25, 1), (0.3, 0), (1, 1); n = 6.
    /// Bins are (0, 0.1] with 0 in it, …, (0.2, 0.3], …: bin 0 holds 0, 0.05, 0.1: |Σy − Σs| = |1 − 0.15| = 0.85;
    /// bin 2 holds 0.25, 0.3: |1 − 0.55| = 0.45; bin 9 holds 1: |1 − 1| = 0. ECE = (0.85 + 0.45) / 6 = 1.3 / 6.
    /// (Putting 0.1 in bin 1 or 0.3 in bin 3 would give (0.95 + 0.1 + 0.45)/6 or (0.85 + 0.75 + 0.3)/6.)
    /// Brier = (0 + 0.9025 + 0.01 + 0.5625 + 0.09 + 0) / 6 = 1.565 / 6.
    /// </summary>
    [Fact]
    public void Ece_puts_scores_on_bin_edges_in_the_lower_bin()
    {
        var r = Run(Scored([0, 1, 0, 1, 0, 1], [0, 0.05, 0.1, 0.25, 0.3, 1], Column("g", "a", "a", "a", "a", "a", "a")), By("g"));
        var g = r.Group("g", "a");
        Assert.Equal(1.3 / 6, g[GroupMetric.Ece].Value(), 1e-12);
        Assert.Equal(1.565 / 6, g[GroupMetric.Brier].Value(), 1e-12);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.05, 0)]
    [InlineData(0.1, 0)]
    [InlineData(0.10000000000000002, 1)]
    [InlineData(0.2, 1)]
    [InlineData(0.3, 2)]
    [InlineData(0.30000000000000004, 2)]
    [InlineData(0.7, 6)]
    [InlineData(0.9, 8)]
    [InlineData(0.95, 9)]
    [InlineData(1.0, 9)]
    public void Calibration_bin_edges_follow_numpy_searchsorted(double score, int bin) =>
        Assert.Equal(bin, CellSummary.CalibrationBin(score));

    /// <summary>
    /// Benefits b = pred − label + 1 of the rows fn, tp, tn, fp: 0, 1, 1, 2 (μ = 1).
    /// Theil = ¼ Σ b ln b = ¼·2 ln 2 = ln(2)/2; GE(2) = 1/(4·2·1) Σ (b² − 1) = (−1 + 0 + 0 + 3)/8 = ¼;
    /// CV = sqrt(2·GE(2)) = sqrt(½) (= population sd / mean).
    /// </summary>
    [Fact]
    public void Inequality_indices_of_a_small_benefit_vector()
    {
        var r = Run(Rows([1, 1, 0, 0], [0, 1, 0, 1], null, Column("g", "a", "a", "a", "a")), By("g"));
        Assert.Equal(Math.Log(2) / 2, r.Inequality.Family("theil_index").Value(), Eps);
        Assert.Equal(0.25, r.Inequality.Family("generalized_entropy_index").Value(), Eps);
        Assert.Equal(Math.Sqrt(0.5), r.Inequality.Family("coefficient_of_variation").Value(), Eps);
    }

    /// <summary>b = 1, 2, 2 (tp, fp, fp): μ = 5/3; GE(0) = −⅓ Σ ln(b/μ); GE(3) = 1/(3·3·2) Σ ((b/μ)³ − 1).</summary>
    [Fact]
    public void Generalized_entropy_for_other_alphas()
    {
        double mu = 5.0 / 3;
        var ge0 = -(Math.Log(1 / mu) + 2 * Math.Log(2 / mu)) / 3;
        var ge3 = (Math.Pow(1 / mu, 3) - 1 + 2 * (Math.Pow(2 / mu, 3) - 1)) / 18;
        Assert.Equal(ge0, InequalityIndices.OfCounts(1, 2, 0, 0, 0), Eps);
        Assert.Equal(ge3, InequalityIndices.OfCounts(1, 2, 0, 0, 3), Eps);
        // A false negative (b = 0) makes GE(0) infinite.
        Assert.Equal(double.PositiveInfinity, InequalityIndices.OfCounts(1, 0, 0, 1, 0));
        // All false negatives: mean benefit 0, undefined.
        Assert.True(double.IsNaN(InequalityIndices.OfCounts(0, 0, 0, 3, 1)));
    }

    [Fact]
    public void Inequality_is_undefined_with_reason_when_every_row_is_a_false_negative()
    {
        var r = Run(Rows([1, 1], [0, 0], null, Column("g", "a", "b")), By("g"));
        var theil = r.Inequality.Family("theil_index");
        Assert.Null(theil.Value);
        Assert.Contains("mean benefit is 0", theil.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Ten positives in tied blocks of 3, 1, 2, 1, 2, 1 (scores 0.9 … 0.4) and one negative at 0.1: every
    /// threshold has precision 1, so AP = 1 exactly (scikit-learn's −Σ diff(recall)·precision gives 1.0 here).
    /// RankAccumulator.AddBlock sums (bp/P)·precision block by block in floating point and reports
    /// 1.0000000000000002 — a "rate" above 1 (found by the property test on generated data).
    /// </summary>
    [Fact]
    public void Average_precision_of_a_perfect_ranking_is_exactly_1()
    {
        double[] scores = [0.9, 0.9, 0.9, 0.8, 0.7, 0.7, 0.6, 0.5, 0.5, 0.4, 0.1];
        int[] labels = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
        var r = Run(Scored(labels, scores, Column("g", Enumerable.Repeat("a", 11).ToArray())), By("g"));
        Assert.Equal(1.0, r.Group("g", "a")[GroupMetric.Auroc].Value());
        var ap = r.Group("g", "a")[GroupMetric.Auprc].Value();
        Assert.True(ap <= 1.0, $"AP = {ap:R} > 1");
        Assert.Equal(1.0, ap);
    }
}
