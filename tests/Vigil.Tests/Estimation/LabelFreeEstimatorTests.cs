using Vigil.Core;
using Vigil.Core.Estimation;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>The estimator on synthetic data whose truth is known: covariate shift, disjoint support, bad input.</summary>
public sealed class LabelFreeEstimatorTests
{
    /// <summary>
    /// y depends on x1 and x2, the score on x1 only, so P(y | score) changes when x2 shifts: the unweighted CBPE is
    /// biased, the importance-weighted one is not. Current rows have x2 shifted by <paramref name="shift"/>.
    /// </summary>
    private static (EstimationData Data, bool[] CurrentLabels, bool[] CurrentGroup) Synthetic(int seed, double shift, double scoreShift = 0, int nRef = 20_000, int nCur = 20_000)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        (double[] S, bool[] Y, double[] X, int[] G) Draw(int n, double mu2, double muScore)
        {
            var s = new double[n];
            var y = new bool[n];
            var x = new double[n * 2];
            var g = new int[n];
            for (var i = 0; i < n; i++)
            {
                var x1 = Normal() + muScore;
                var x2 = Normal() + mu2;
                g[i] = rng.NextDouble() < 0.5 ? 0 : 1;
                y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(-1.5 + 1.2 * x1 + 0.8 * x2 + 0.3 * g[i])));
                s[i] = 1 / (1 + Math.Exp(-(-1.0 + 0.9 * x1)));
                x[2 * i] = x1;
                x[2 * i + 1] = x2;
            }
            return (s, y, x, g);
        }
        var r = Draw(nRef, 0, 0);
        var c = Draw(nCur, shift, scoreShift);
        var data = new EstimationData
        {
            ReferenceScores = r.S, ReferenceLabels = r.Y, CurrentScores = c.S, ReferenceFeatures = r.X, CurrentFeatures = c.X, FeatureCount = 2,
            Groupings = [new EstimationGrouping("g", ["g"], ["a", "b"], r.G, c.G)],
        };
        return (data, c.Y, c.G.Select(v => v == 1).ToArray());
    }

    private static ExpectedConfusion Realized(double[] scores, bool[] labels, double threshold, Func<int, bool> keep)
    {
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!keep(i)) continue;
            var p = scores[i] >= threshold;
            if (p && labels[i]) tp++;
            else if (p) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        return new ExpectedConfusion(tp, fp, tn, fn);
    }

    [Fact]
    public void Under_covariate_shift_the_weighted_estimate_is_close_to_the_realized_one_and_the_unweighted_is_not()
    {
        var (data, y, group) = Synthetic(5, shift: 0.8);
        var options = new EstimationOptions { Threshold = 0.3, Bootstrap = 100, Seed = 1 };
        var weighted = LabelFreeEstimator.Run(data, options);
        Assert.True(weighted.Shift.Detected);
        Assert.True(weighted.Shift.Weighted);
        Assert.True(weighted.Reliable, string.Join("; ", weighted.UnreliableReasons));
        var realized = Realized(data.CurrentScores, y, 0.3, _ => true);
        var diag = $"method {weighted.Calibration}, sens est {weighted.Overall.Sensitivity}, realized {realized.Sensitivity}, ppv est {weighted.Overall.PositivePredictiveValue} realized {realized.PositivePredictiveValue}, shift {weighted.Shift}, unweighted sens {LabelFreeEstimator.Run(data with { ReferenceFeatures = null, CurrentFeatures = null, FeatureCount = 0 }, options).Overall.Sensitivity}";
        Assert.True(Math.Abs(weighted.Overall.Sensitivity.Value!.Value - realized.Sensitivity) < 0.03, diag);
        Assert.InRange(weighted.Overall.PositivePredictiveValue.Value!.Value - realized.PositivePredictiveValue, -0.03, 0.03);
        var ci = weighted.Overall.Sensitivity.Ci!.Value;
        Assert.InRange(realized.Sensitivity, ci.Low, ci.High);
        var b = weighted.Groupings[0].Groups.Single(x => x.Group == "b");
        Assert.True(b.OwnCalibration);
        Assert.InRange(b.Sensitivity.Value!.Value - Realized(data.CurrentScores, y, 0.3, i => group[i]).Sensitivity, -0.04, 0.04);

        var unweighted = LabelFreeEstimator.Run(data with { ReferenceFeatures = null, CurrentFeatures = null, FeatureCount = 0 }, options);
        Assert.False(unweighted.Shift.Assessed);
        Assert.True(Math.Abs(unweighted.Overall.PositivePredictiveValue.Value!.Value - realized.PositivePredictiveValue)
                    > Math.Abs(weighted.Overall.PositivePredictiveValue.Value!.Value - realized.PositivePredictiveValue) + 0.03);
    }

    [Fact]
    public void Without_shift_no_weighting_is_used_and_the_selection_rate_is_exact()
    {
        var (data, _, _) = Synthetic(8, shift: 0);
        var report = LabelFreeEstimator.Run(data, new EstimationOptions { Threshold = 0.3, Bootstrap = 0 });
        Assert.False(report.Shift.Weighted);
        Assert.Null(report.Overall.Sensitivity.Ci);
        Assert.Equal(data.CurrentScores.Count(s => s >= 0.3) / (double)data.CurrentScores.Length, report.Overall.SelectionRate.Value!.Value, 12);
    }

    [Fact]
    public void Disjoint_support_is_refused_with_the_reason()
    {
        var (data, _, _) = Synthetic(9, shift: 6, scoreShift: 4);
        var report = LabelFreeEstimator.Run(data, new EstimationOptions { Threshold = 0.3, Bootstrap = 20 });
        Assert.False(report.Reliable);
        Assert.Contains(report.UnreliableReasons, r => r.Contains("leave the reference's support", StringComparison.Ordinal));
        Assert.Contains(report.UnreliableReasons, r => r.Contains("outside the reference's score range", StringComparison.Ordinal));
        Assert.All(report.Groupings[0].Groups, g => Assert.False(g.Reliable));
    }

    [Fact]
    public void Scores_beyond_the_reference_range_are_refused_even_without_features()
    {
        var (data, _, _) = Synthetic(10, shift: 0, scoreShift: 3);
        var report = LabelFreeEstimator.Run(data with { ReferenceFeatures = null, CurrentFeatures = null, FeatureCount = 0 },
            new EstimationOptions { Threshold = 0.3, Bootstrap = 0 });
        Assert.False(report.Reliable);
        Assert.Single(report.UnreliableReasons);
    }

    [Fact]
    public void A_reference_with_one_class_is_an_error()
    {
        var e = Assert.Throws<VigilException>(() => LabelFreeEstimator.Run(new EstimationData
        {
            ReferenceScores = [0.1, 0.2], ReferenceLabels = [false, false], CurrentScores = [0.3],
        }, new EstimationOptions()));
        Assert.Contains("no positives", e.Message, StringComparison.Ordinal);
    }
}
