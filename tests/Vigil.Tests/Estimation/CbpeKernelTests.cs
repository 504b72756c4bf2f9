using Vigil.Core.Statistics;
using Vigil.Core.Estimation;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>The expected confusion matrix, the soft-label AUROC and BBSE on hand-computed cases.</summary>
public sealed class CbpeKernelTests
{
    [Fact]
    public void Expected_confusion_matches_the_hand_computed_sums()
    {
        // p = 0.8, 0.4, 0.1; predicted T, F, F → TP .8, FP .2, FN .5, TN 1.5.
        var e = ExpectedConfusion.From([0.8, 0.4, 0.1], [true, false, false]);
        Assert.Equal(0.8, e.TruePositives, 12);
        Assert.Equal(0.2, e.FalsePositives, 12);
        Assert.Equal(0.5, e.FalseNegatives, 12);
        Assert.Equal(1.5, e.TrueNegatives, 12);
        Assert.Equal(0.8 / 1.3, e.Sensitivity, 12);
        Assert.Equal(0.5 / 1.3, e.FalseNegativeRate, 12);
        Assert.Equal(1.5 / 1.7, e.Specificity, 12);
        Assert.Equal(0.8, e.PositivePredictiveValue, 12);
        Assert.Equal(0.75, e.NegativePredictiveValue, 12);
        Assert.Equal(1.0 / 3, e.SelectionRate, 12);
        Assert.Equal(1.3 / 3, e.Prevalence, 12);
    }

    [Fact]
    public void A_group_without_predicted_positives_has_no_ppv()
    {
        var e = ExpectedConfusion.From([0.3, 0.2], [false, false]);
        Assert.True(double.IsNaN(e.PositivePredictiveValue));
        Assert.Equal(0, e.Sensitivity);
    }

    [Fact]
    public void Soft_auroc_matches_the_hand_computed_pair_sum_and_the_ordinary_auroc_on_hard_labels()
    {
        // Σ_{s_i > s_j} p_i(1 − p_j) = 1.71 + 0.90 + 0.24 = 2.85; denominator 2·2 − 0.70 = 3.3.
        Assert.Equal(2.85 / 3.3, SoftAuroc.Compute([0.9, 0.6, 0.3, 0.2], [0.9, 0.6, 0.3, 0.2]), 12);
        double[] scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7];
        bool[] y = [false, false, true, true, true, false];
        var hard = SoftAuroc.Compute(scores, y.Select(b => b ? 1.0 : 0.0).ToArray());
        Assert.Equal(Auroc.WithDeLongCi(scores, y).Value!.Value, hard, 12);
    }

    [Fact]
    public void Bbse_inverts_the_reference_confusion_matrix()
    {
        // TPR .8, FPR .1, π = .3 → q = .31 → π̂ = (.31 − .1)/.7 = .3.
        var r = BlackBoxShiftEstimate.Estimate(0.8, 0.1, 0.31);
        Assert.Equal(0.3, r.Prevalence, 12);
        Assert.False(r.Clipped);
        Assert.True(BlackBoxShiftEstimate.Estimate(0.8, 0.1, 0.05).Clipped);
        Assert.True(double.IsNaN(BlackBoxShiftEstimate.Estimate(0.4, 0.4, 0.3).Prevalence));
    }

    [Fact]
    public void Bbse_recovers_a_constructed_label_shift_from_samples()
    {
        // Scores drawn from fixed class-conditional laws (P(x | y) unchanged); prevalence 0.10 → 0.30.
        var rng = new Random(11);
        (double[] S, bool[] Y) Sample(int n, double prevalence)
        {
            var s = new double[n];
            var y = new bool[n];
            for (var i = 0; i < n; i++)
            {
                y[i] = rng.NextDouble() < prevalence;
                s[i] = y[i] ? Math.Sqrt(rng.NextDouble()) : 1 - Math.Sqrt(rng.NextDouble());
            }
            return (s, y);
        }
        var (rs, ry) = Sample(50_000, 0.10);
        var (cs, _) = Sample(50_000, 0.30);
        var (tpr, fpr) = BlackBoxShiftEstimate.Rates(rs.Select(s => s >= 0.5).ToArray(), ry, []);
        var q = cs.Count(s => s >= 0.5) / (double)cs.Length;
        Assert.InRange(BlackBoxShiftEstimate.Estimate(tpr, fpr, q).Prevalence, 0.29, 0.31);
    }
}
