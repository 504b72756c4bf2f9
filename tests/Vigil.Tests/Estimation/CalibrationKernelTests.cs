using Vigil.Core.Estimation;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>PAV isotonic regression and Platt scaling on cases computed by hand.</summary>
public sealed class CalibrationKernelTests
{
    [Fact]
    public void Pav_pools_adjacent_violators_into_the_hand_computed_blocks()
    {
        // Labels by score 1..6: 1,0,0,1,0,1 → blocks {1,2,3} = 1/3, {4,5} = 1/2, {6} = 1.
        double[] scores = [0.6, 0.1, 0.2, 0.3, 0.4, 0.5];
        bool[] labels = [true, true, false, false, true, false];
        var iso = IsotonicCalibration.Fit(scores, labels, []);
        var blocks = iso.Blocks;
        Assert.Equal(3, blocks.Count);
        Assert.Equal((0.1, 0.3), (blocks[0].Low, blocks[0].High));
        Assert.Equal(1.0 / 3, blocks[0].Value, 12);
        Assert.Equal((0.4, 0.5), (blocks[1].Low, blocks[1].High));
        Assert.Equal(0.5, blocks[1].Value, 12);
        Assert.Equal(1.0, blocks[2].Value, 12);
        Assert.Equal(1.0 / 3, iso.Apply(0.2), 12);
        Assert.Equal(1.0 / 3, iso.Apply(0.0), 12);
        Assert.Equal(1.0 / 3 + 0.5 * (0.5 - 1.0 / 3), iso.Apply(0.35), 12); // halfway between blocks 1 and 2
        Assert.Equal(1.0, iso.Apply(0.9), 12);
    }

    [Fact]
    public void Pav_weights_count_like_repeated_rows_and_ties_are_pooled_first()
    {
        double[] scores = [0.1, 0.2, 0.2, 0.3];
        bool[] labels = [false, true, false, true];
        var weighted = IsotonicCalibration.Fit(scores, labels, [1, 3, 1, 1]);
        // Tie at 0.2 pools to 3/4; blocks 0, 3/4, 1 are already monotone.
        Assert.Equal(0.75, weighted.Apply(0.2), 12);
        var repeated = IsotonicCalibration.Fit([0.1, 0.2, 0.2, 0.2, 0.2, 0.3], [false, true, true, true, false, true], []);
        Assert.Equal(repeated.Apply(0.2), weighted.Apply(0.2), 12);
        Assert.Equal(0.0, weighted.Apply(0.1), 12);
    }

    [Fact]
    public void Platt_recovers_the_intercept_and_slope_that_generated_the_labels()
    {
        var rng = new Random(7);
        var n = 40_000;
        var scores = new double[n];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = 0.02 + 0.96 * rng.NextDouble();
            var logit = Math.Log(scores[i] / (1 - scores[i]));
            labels[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(-0.5 + 1.5 * logit)));
        }
        var platt = PlattCalibration.Fit(scores, labels, []);
        Assert.InRange(platt.Intercept, -0.6, -0.4);
        Assert.InRange(platt.Slope, 1.4, 1.6);
    }

    [Fact]
    public void The_choice_takes_platt_when_the_truth_is_logistic_and_isotonic_when_it_is_a_step()
    {
        var rng = new Random(3);
        var n = 6000;
        var scores = new double[n];
        var logistic = new bool[n];
        var step = new bool[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = rng.NextDouble();
            logistic[i] = rng.NextDouble() < scores[i];
            step[i] = rng.NextDouble() < (scores[i] < 0.5 ? 0.05 : 0.95);
        }
        var a = CalibrationChoice.Choose(scores, step, [], 5, 1);
        Assert.Equal(CalibrationMethod.Isotonic, a.Method);
        Assert.True(a.IsotonicBrier < a.PlattBrier);
        var b = CalibrationChoice.Choose(scores, logistic, [], 5, 1);
        Assert.True(b.PlattBrier <= b.IsotonicBrier + 0.002, $"{b.PlattBrier} vs {b.IsotonicBrier}");
    }
}
