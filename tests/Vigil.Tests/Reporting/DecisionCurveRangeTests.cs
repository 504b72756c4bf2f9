using Vigil.Reporting.Audit;
using Vigil.Reporting.Sections;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// The decision curve's useful range: thresholds where the model's net benefit is above both treat-all and treat-none,
/// reported as runs with their gaps, never first-to-last.
/// </summary>
public sealed class DecisionCurveRangeTests
{
    /// <summary>Thresholds 0.01…0.99; the model beats both defaults except where <paramref name="worse"/> says.</summary>
    private static DecisionCurve Curve(Func<double, bool> worse, Func<double, bool>? undefined = null)
    {
        var t = Enumerable.Range(1, 99).Select(i => Math.Round(i / 100.0, 12)).ToArray();
        var all = t.Select(x => 0.3 - 0.7 * x / (1 - x)).ToArray();
        var model = t.Select((x, i) => undefined?.Invoke(x) == true ? double.NaN : worse(x) ? Math.Max(all[i], 0) - 0.01 : Math.Max(all[i], 0) + 0.02).ToArray();
        return new DecisionCurve(t, model, all);
    }

    [Fact]
    public void Gaps_inside_the_grid_are_reported_and_not_counted_as_useful()
    {
        // The case: below treat-all at 0.02–0.03 and negative at 0.98–0.99.
        var d = Curve(x => x is >= 0.02 and <= 0.03 or >= 0.98);
        var split = DecisionCurveRanges.Of(d);
        Assert.Equal([new ThresholdRange(0.01, 0.01), new ThresholdRange(0.04, 0.97)], split.Useful);
        Assert.Equal([new ThresholdRange(0.02, 0.03), new ThresholdRange(0.98, 0.99)], split.NotBetter);
        Assert.Empty(split.Undefined);
        Assert.Equal("the model beats treat-all and treat-none at thresholds 0.01 and 0.04–0.97 of the 0.01–0.99 grid; "
            + "not at 0.02–0.03 and 0.98–0.99 (net benefit at or below a default there)", DecisionCurveRanges.Describe(d));
    }

    [Fact]
    public void Equal_to_a_default_is_not_better_and_undefined_points_are_named()
    {
        var t = new[] { 0.1, 0.2, 0.3, 0.4 };
        var d = new DecisionCurve(t, [0.2, 0.1, double.NaN, 0.05], [0.2, 0.05, 0.0, -0.1]);
        var split = DecisionCurveRanges.Of(d);
        Assert.Equal([new ThresholdRange(0.2, 0.2), new ThresholdRange(0.4, 0.4)], split.Useful);
        Assert.Equal([new ThresholdRange(0.1, 0.1)], split.NotBetter);
        Assert.Equal([new ThresholdRange(0.3, 0.3)], split.Undefined);
        Assert.Equal("the model beats treat-all and treat-none at thresholds 0.20 and 0.40 of the 0.10–0.40 grid; not at 0.10 "
            + "(net benefit at or below a default there); net benefit undefined at 0.30", DecisionCurveRanges.Describe(d));
    }

    [Fact]
    public void Every_threshold_the_ranges_cover_is_useful_and_every_other_is_not()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var flags = Enumerable.Range(0, 99).Select(_ => rng.NextDouble() < 0.3).ToArray();
            var d = Curve(x => flags[(int)Math.Round(x * 100) - 1]);
            var split = DecisionCurveRanges.Of(d);
            for (var i = 0; i < d.Threshold.Length; i++)
            {
                var t = d.Threshold[i];
                var useful = d.NetBenefit[i] > Math.Max(d.TreatAll[i], 0);
                Assert.Equal(useful, split.Useful.Any(r => r.From <= t && t <= r.To));
                Assert.Equal(!useful, split.NotBetter.Any(r => r.From <= t && t <= r.To));
            }
        }
    }

    [Fact]
    public void Finer_grids_keep_their_decimals_and_a_curve_never_useful_says_so()
    {
        var d = new DecisionCurve([0.05, 0.055, 0.06], [0.1, 0.1, -0.2], [0.05, 0.2, -0.1]);
        Assert.Equal("the model beats treat-all and treat-none at thresholds 0.05 of the 0.05–0.06 grid; not at 0.055–0.06 "
            + "(net benefit at or below a default there)", DecisionCurveRanges.Describe(d));
        Assert.Equal("the model never beats both treat-all and treat-none on the 0.10–0.50 grid",
            DecisionCurveRanges.Describe(new DecisionCurve([0.1, 0.5], [0.1, -0.1], [0.2, 0.0])));
    }
}
