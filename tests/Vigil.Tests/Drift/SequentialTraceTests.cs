using Vigil.Core.Drift.Sequential;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// Each sequential detector on a short stream whose alarms were worked out by hand from its formula (the arithmetic
/// is in the comments), upwards and downwards: a detector made one-sided, a sign flipped, a strict '&gt;' turned into
/// '≥' or a running mean updated in the wrong order changes the step of the first alarm. The simulated run-length
/// tests in <see cref="SequentialDetectorTests"/> check the statistical behaviour; these check the formulas.
/// </summary>
public sealed class SequentialTraceTests
{
    /// <summary>The alarm (true/false) after each value of <paramref name="values"/>.</summary>
    private static bool[] Trace(ISequentialDetector d, params double[] values) => values.Select(d.Update).ToArray();

    [Fact]
    public void Cusum_upward_trace()
    {
        // μ₀ 0, σ 1, k 0.5, h 2; z = 1 each step: S⁺ = 0.5, 1.0, 1.5, 2.0 (not > 2), 2.5 (alarm); S⁻ stays 0.
        Assert.Equal([false, false, false, false, true], Trace(new Cusum(0, 1, k: 0.5, h: 2), 1, 1, 1, 1, 1));
    }

    [Fact]
    public void Cusum_downward_trace()
    {
        // z = −1 each step: S⁻ = 0.5, 1.0, 1.5, 2.0, 2.5 (alarm). A one-sided (upper only) CUSUM never alarms here.
        Assert.Equal([false, false, false, false, true], Trace(new Cusum(0, 1, k: 0.5, h: 2), -1, -1, -1, -1, -1));
    }

    [Fact]
    public void Cusum_standardises_by_the_in_control_mean_and_sd()
    {
        // μ₀ 10, σ 2: x = 12 is z = 1, so the same trace as above; x = 8 is z = −1.
        Assert.Equal([false, false, false, false, true], Trace(new Cusum(10, 2, k: 0.5, h: 2), 12, 12, 12, 12, 12));
        Assert.Equal([false, false, false, false, true], Trace(new Cusum(10, 2, k: 0.5, h: 2), 8, 8, 8, 8, 8));
        // A rise then a fall: S⁺ = 1.5, 0 (1.5 − 2 − 0.5 → 0); S⁻ = 0, 2.5 → alarm on the fall.
        Assert.Equal([false, true], Trace(new Cusum(0, 1, k: 0.5, h: 2), 2, -3));
    }

    [Fact]
    public void Ewma_upward_and_downward_traces()
    {
        // μ₀ 0, σ 1, λ 0.5, L 1; x = 0.6: Z = 0.3, 0.45, 0.525, 0.5625, 0.58125;
        // limit √(λ/(2−λ)·(1−(1−λ)^{2t})) = 0.5, 0.5590, 0.5728, 0.5762, 0.5771: first Z above it at t = 5.
        Assert.Equal([false, false, false, false, true], Trace(new EwmaChart(0, 1, lambda: 0.5, limit: 1), 0.6, 0.6, 0.6, 0.6, 0.6));
        Assert.Equal([false, false, false, false, true], Trace(new EwmaChart(0, 1, lambda: 0.5, limit: 1), -0.6, -0.6, -0.6, -0.6, -0.6));
        // x = 0.9: Z = 0.45 (< 0.5), 0.675 (> 0.559).
        Assert.Equal([false, true], Trace(new EwmaChart(0, 1, lambda: 0.5, limit: 1), 0.9, 0.9));
    }

    [Fact]
    public void Page_hinkley_upward_and_downward_traces()
    {
        // δ 0.1, λ 1. Three zeros: mean 0, m = −0.1, −0.2, −0.3 (its minimum), m' = 0.1, 0.2, 0.3 (its maximum).
        // x = 2: mean 0.5, m = −0.3 + 2 − 0.5 − 0.1 = 1.1, m − min m = 1.4 > 1: alarm.
        Assert.Equal([false, false, false, true], Trace(new PageHinkley(delta: 0.1, lambda: 1), 0, 0, 0, 2));
        // x = −2: mean −0.5, m' = 0.3 − 2 + 0.5 + 0.1 = −1.1, max m' − m' = 1.4 > 1: alarm.
        Assert.Equal([false, false, false, true], Trace(new PageHinkley(delta: 0.1, lambda: 1), 0, 0, 0, -2));
        // x = 1.2 after the zeros: m − min m = 1.2 − 0.3 − 0.1 = 0.8 ≤ 1: no alarm.
        Assert.Equal([false, false, false, false], Trace(new PageHinkley(delta: 0.1, lambda: 1), 0, 0, 0, 1.2));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.0)]
    public void Adwin_cuts_after_80_values_keeping_the_last_48(double before, double after)
    {
        // 32 values of one level, then the other. Splits are checked every 16 values (clock) at every 4th position
        // with at least 16 on each side. At t = 64 (32 | 32): m = 16, σ² = 0.25, ln(2·64/0.002) = 11.07,
        // ε = √(2/16·0.25·11.07) + 2/48·11.07 = 1.049 > |μ̂₀ − μ̂₁| = 1: no cut. At t = 80 (32 | 48): m = 19.2,
        // σ² = 0.24, ln(80000) = 11.29, ε = 0.923 < 1: cut at 32 (the last split that qualifies), window 48.
        var d = new Adwin(delta: 0.002);
        var values = Enumerable.Repeat(before, 32).Concat(Enumerable.Repeat(after, 64)).ToArray();
        var alarms = new List<int>();
        for (var t = 0; t < values.Length; t++)
        {
            if (d.Update(values[t])) alarms.Add(t + 1);
        }
        Assert.Equal([80], alarms);
        Assert.Equal(64, d.Width); // 48 kept at t = 80, then 16 more
    }

    [Theory]
    [MemberData(nameof(SequentialDetectorTests.Detectors), MemberType = typeof(SequentialDetectorTests))]
    public void One_sigma_downward_shift_is_detected(string name)
    {
        ISequentialDetector Make() => name switch
        {
            "cusum" => new Cusum(mean: 0, sd: 1),
            "ewma" => new EwmaChart(mean: 0, sd: 1),
            "page_hinkley" => new PageHinkley(),
            "adwin" => new Adwin(),
            _ => throw new ArgumentException(name),
        };
        var r = RunLength.WithChange(Make, rng => RunLength.Normal(rng), rng => RunLength.Normal(rng, -1.0),
            changeAt: 300, horizon: 500, runs: 100, seed: 2000);
        Assert.True(r.DetectionRate > 0.97, $"{name}: detected {r.DetectionRate} of downward shifts");
        Assert.True(r.FalseAlarmRate < 0.15, $"{name}: false-alarm rate {r.FalseAlarmRate}");
    }
}
