using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.Utility;
using Xunit;

namespace Vigil.Tests.Calibration;

public sealed class DecisionCurveTests
{
    // Ten patients, four with the outcome (prevalence 0.4).
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.35, 0.3, 0.2, 0.1, 0.05];
    private static readonly byte[] Labels = [1, 1, 0, 1, 0, 1, 0, 0, 0, 0];

    [Fact]
    public void Worked_example_by_hand()
    {
        // t = 0.1: treated p ≥ 0.1 → TP 4, FP 5: NB = 4/10 − 5/10·(1/9) = 0.344444; all: 0.4 − 0.6/9 = 0.333333.
        // t = 0.3: TP 4, FP 3 (p = 0.3 is treated): NB = 0.4 − 0.3·3/7 = 0.271429; all: 0.4 − 0.6·3/7 = 0.142857.
        // t = 0.5: TP 3, FP 1: NB = 0.3 − 0.1 = 0.2; all: 0.4 − 0.6 = −0.2.
        var curve = DecisionCurve.Compute(Scores, Labels, [0.1, 0.3, 0.5]);
        Assert.Equal([0.1, 0.3, 0.5], curve.Threshold);
        Assert.Equal(0.4 - 0.5 / 9, curve.NetBenefit[0], 1e-12);
        Assert.Equal(0.4 - 0.3 * 3 / 7, curve.NetBenefit[1], 1e-12);
        Assert.Equal(0.2, curve.NetBenefit[2], 1e-12);
        Assert.Equal(0.4 - 0.6 / 9, curve.TreatAll[0], 1e-12);
        Assert.Equal(0.4 - 0.6 * 3 / 7, curve.TreatAll[1], 1e-12);
        Assert.Equal(-0.2, curve.TreatAll[2], 1e-12);
        Assert.Equal(0.344444, curve.NetBenefit[0], 1e-6);
        Assert.Equal(0.271429, curve.NetBenefit[1], 1e-6);
    }

    [Fact]
    public void Sorted_pass_equals_the_unsorted_one()
    {
        var grid = DecisionCurve.DefaultGrid();
        var a = DecisionCurve.Compute(Scores, Labels, grid);
        var b = DecisionCurve.FromSortedDescending(Scores, Labels, grid);
        Assert.Equal(a.NetBenefit, b.NetBenefit);
        Assert.Equal(a.TreatAll, b.TreatAll);
    }

    [Fact]
    public void Grid_is_exact_decimal_steps()
    {
        var grid = DecisionCurve.DefaultGrid();
        Assert.Equal(99, grid.Length);
        Assert.Equal(0.01, grid[0]);
        Assert.Equal(0.07, grid[6]);
        Assert.Equal(0.99, grid[^1]);
        var custom = DecisionCurve.Grid(0.05, 0.5, 0.01);
        Assert.Equal(46, custom.Length);
        Assert.Equal(0.5, custom[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionCurve.Grid(0, 0.5, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionCurve.Grid(0.1, 0.5, 0));
    }

    /// <summary>As t → 0 everyone is treated: the model's and treat-all's net benefit tend to the prevalence.</summary>
    [Property(MaxTest = 100)]
    public Property Treat_all_at_tiny_threshold_is_the_prevalence() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var rng = new Random(seed);
            var n = rng.Next(1, 200);
            var scores = Enumerable.Range(0, n).Select(_ => 1e-6 + rng.NextDouble() * (1 - 2e-6)).ToArray();
            var labels = scores.Select(p => rng.NextDouble() < p ? (byte)1 : (byte)0).ToArray();
            var prevalence = labels.Sum(y => y) / (double)n;
            var curve = DecisionCurve.Compute(scores, labels, [1e-9, 0.5]);
            Assert.Equal(prevalence, curve.TreatAll[0], 1e-8);
            Assert.Equal(prevalence, curve.NetBenefit[0], 1e-8);
            Assert.True(curve.NetBenefit[1] <= prevalence + 1e-12);
        });
}
