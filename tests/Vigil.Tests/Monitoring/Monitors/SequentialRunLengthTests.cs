using Vigil.Contracts.Monitoring;
using Vigil.Core.Statistics;
using Vigil.Monitoring.Monitors;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>
/// The calibrated thresholds give the configured in-control run length: over 1,000 seeded null streams (seeds unlike the
/// calibration's) the mean number of matured positives to the first alarm is within 20% of the configured ARL₀, for the
/// CUSUM and the EWMA at two settings. Streams are capped at 10·ARL₀; a capped run counts as its cap (a lower bound), and
/// the test requires that almost none are capped, so the mean is not flattered.
/// </summary>
public sealed class SequentialRunLengthTests(ITestOutputHelper output)
{
    private const int Streams = 1000;

    public static TheoryData<SequentialDetector, double, double, double> Settings => new()
    {
        { SequentialDetector.Cusum, 0.30, 0.45, 200 },
        { SequentialDetector.Cusum, 0.15, 0.25, 400 },
        { SequentialDetector.Ewma, 0.30, 0.45, 200 },
        { SequentialDetector.Ewma, 0.15, 0.25, 400 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Mean_in_control_run_length_is_within_20_percent_of_the_configured_one(SequentialDetector kind, double p0, double p1, double arl)
    {
        var threshold = SequentialThresholds.For(kind, p0, p1, arl);
        var cap = (int)(10 * arl);
        var total = 0L;
        var capped = 0;
        for (var s = 0; s < Streams; s++)
        {
            var rng = new SplitMix64(SplitMix64.ReplicateStream(777, s));
            var detector = new BernoulliDetector(kind, p0, p1);
            var t = 0;
            while (t < cap)
            {
                t++;
                if (detector.Update(SequentialThresholds.Uniform(rng) < p0) > threshold) break;
            }
            if (t == cap) capped++;
            total += t;
        }
        var mean = (double)total / Streams;
        output.WriteLine($"{kind} p0={p0} p1={p1} ARL0={arl}: threshold {threshold:0.####}, mean run length {mean:0.0} over {Streams} streams ({capped} capped at {cap})");
        Assert.True(capped <= Streams / 100, $"{capped} runs capped");
        Assert.InRange(mean, 0.8 * arl, 1.2 * arl);
    }

    [Fact]
    public void A_rise_to_the_target_is_detected_far_sooner_than_a_false_alarm()
    {
        const double p0 = 0.3, p1 = 0.45, arl = 400;
        var threshold = SequentialThresholds.For(SequentialDetector.Cusum, p0, p1, arl);
        var total = 0L;
        for (var s = 0; s < 200; s++)
        {
            var rng = new SplitMix64(SplitMix64.ReplicateStream(4242, s));
            var detector = new BernoulliDetector(SequentialDetector.Cusum, p0, p1);
            var t = 0;
            while (t < 10 * arl && !(detector.Update(SequentialThresholds.Uniform(rng) < p1) > threshold)) t++;
            total += t + 1;
        }
        var delay = total / 200.0;
        output.WriteLine($"mean delay after a rise to {p1}: {delay:0.0} positives (ARL0 {arl})");
        Assert.InRange(delay, 5, arl / 4);
    }

    [Fact]
    public void Thresholds_are_deterministic()
    {
        var a = SequentialThresholds.Calibrate(SequentialDetector.Ewma, 0.2, 0.3, 100);
        var b = SequentialThresholds.Calibrate(SequentialDetector.Ewma, 0.2, 0.3, 100);
        Assert.Equal(a, b);
        Assert.True(SequentialThresholds.Calibrate(SequentialDetector.Cusum, 0.2, 0.3, 400) > SequentialThresholds.Calibrate(SequentialDetector.Cusum, 0.2, 0.3, 100));
    }
}
