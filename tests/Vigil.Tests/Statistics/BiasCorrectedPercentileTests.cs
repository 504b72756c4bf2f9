using Vigil.Core.Statistics;
using Xunit;

namespace Vigil.Tests.Statistics;

/// <summary>The bias-corrected percentile (BC) bootstrap interval against hand-computed quantiles.</summary>
public sealed class BiasCorrectedPercentileTests
{
    /// <summary>Replicates 0.001, 0.002, …, 1.000 (sorted).</summary>
    private static readonly double[] Grid = [.. Enumerable.Range(1, 1000).Select(i => i / 1000.0)];

    [Fact]
    public void Replicates_centred_on_the_estimate_give_the_percentile_interval()
    {
        // 500 replicates below 0.5005, so p0 = 0.5, z0 = 0: the 2.5th and 97.5th percentiles (numpy linear: h = 999q).
        var bc = BiasCorrectedPercentile.Compute(Grid, 0.5005, 0.95)!.Value;
        Assert.Equal(Percentile.OfSorted(Grid, 0.025), bc.Low, 12);
        Assert.Equal(Percentile.OfSorted(Grid, 0.975), bc.High, 12);
        Assert.Equal(0.025975, bc.Low, 9); // h = 24.975: 0.025 + 0.975·0.001
    }

    [Fact]
    public void Replicates_biased_upward_move_the_interval_down_to_contain_the_estimate()
    {
        // 100 of 1000 below 0.1005: p0 = 0.1, z0 = Φ⁻¹(0.1) = −1.281552; quantiles Φ(2z0 ∓ 1.959964):
        // Φ(−4.523068) = 3.0459e-6 and Φ(−0.603139) = 0.273205 (normal table), so h = 999q.
        var bc = BiasCorrectedPercentile.Compute(Grid, 0.1005, 0.95)!.Value;
        Assert.Equal(0.001 + 999 * 3.0459e-6 * 0.001, bc.Low, 7);
        Assert.Equal(0.001 + 999 * 0.273205 * 0.001, bc.High, 5);
        Assert.InRange(0.1005, bc.Low, bc.High);
        // The percentile interval (0.026–0.975) would put the estimate near its lower end.
        Assert.True(bc.High < Percentile.OfSorted(Grid, 0.975));
    }

    [Fact]
    public void Ties_with_the_estimate_count_half()
    {
        // Every replicate equals the estimate: p0 = 0.5, the interval is the single point.
        double[] same = [.. Enumerable.Repeat(0.3, 50)];
        Assert.Equal(new Vigil.Core.Interval(0.3, 0.3), BiasCorrectedPercentile.Compute(same, 0.3, 0.95));
    }

    [Fact]
    public void An_estimate_beyond_every_replicate_has_no_bc_interval()
    {
        Assert.Null(BiasCorrectedPercentile.Compute(Grid, 0.0005, 0.95));
        Assert.Null(BiasCorrectedPercentile.Compute(Grid, 1.5, 0.95));
        Assert.Null(BiasCorrectedPercentile.Compute([], 0.5, 0.95));
        Assert.Null(BiasCorrectedPercentile.Compute(Grid, double.NaN, 0.95));
    }
}
