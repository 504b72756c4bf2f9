using System.Globalization;
using Vigil.Core.Drift.Sequential;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Drift;

/// <summary>
/// Detectors on simulated streams with a known change point (200 seeds each): false-alarm rate before the change,
/// detection rate and delay after it, and in-control ARL₀. The measured numbers are printed for the notes.
/// </summary>
public sealed class SequentialDetectorTests(ITestOutputHelper output)
{
    private const int ChangeAt = 300;
    private const int Horizon = 500;

    public static TheoryData<string> Detectors => ["cusum", "ewma", "page_hinkley", "adwin"];

    private static ISequentialDetector Make(string name) => name switch
    {
        "cusum" => new Cusum(mean: 0, sd: 1),
        "ewma" => new EwmaChart(mean: 0, sd: 1),
        "page_hinkley" => new PageHinkley(),
        "adwin" => new Adwin(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Detectors))]
    public void One_sigma_mean_shift_is_detected_quickly_with_few_false_alarms(string name)
    {
        var r = RunLength.WithChange(() => Make(name), rng => RunLength.Normal(rng), rng => RunLength.Normal(rng, 1.0),
            ChangeAt, Horizon, runs: 200, seed: 1000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Make(name).Name}: N(0,1) -> N(1,1) at t={ChangeAt}: false alarms {r.FalseAlarmRate:P1}, detected {r.DetectionRate:P1}, delay mean {r.MeanDelay:F1} median {r.MedianDelay:F1} ({r.Runs} seeds)"));
        Assert.True(r.FalseAlarmRate < 0.15, $"false-alarm rate {r.FalseAlarmRate}");
        Assert.True(r.DetectionRate > 0.97, $"detection rate {r.DetectionRate}");
        // ADWIN trades speed for its distribution-free guarantee: slower than the parametric charts.
        Assert.InRange(r.MeanDelay, 1, name == "adwin" ? 100 : 40);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void In_control_average_run_length_is_long(string name)
    {
        var arl = RunLength.InControl(() => Make(name), rng => RunLength.Normal(rng), runs: 100, maxLength: 20000, seed: 7);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Make(name).Name}: in-control ARL0 mean {arl.Mean:F0}, median {arl.Median:F0} ({arl.Runs} runs, {arl.Censored} censored at {arl.MaxLength})"));
        Assert.True(arl.Mean > 1000, $"ARL0 {arl.Mean}");
    }

    [Fact]
    public void Cusum_on_a_binary_outcome_stream_detects_a_doubled_event_rate()
    {
        const double p0 = 0.1, p1 = 0.2;
        var sd = Math.Sqrt(p0 * (1 - p0));
        var r = RunLength.WithChange(() => new Cusum(p0, sd, k: 0.17, h: 18), rng => RunLength.Bernoulli(rng, p0), rng => RunLength.Bernoulli(rng, p1),
            ChangeAt, 2000, runs: 200, seed: 5);
        var arl = RunLength.InControl(() => new Cusum(p0, sd, k: 0.17, h: 18), rng => RunLength.Bernoulli(rng, p0), runs: 100, maxLength: 20000, seed: 9);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cusum(k=0.17, h=18) on 0/1 outcomes, p 0.1 -> 0.2 at t={ChangeAt}: false alarms {r.FalseAlarmRate:P1}, detected {r.DetectionRate:P1}, delay mean {r.MeanDelay:F1}; ARL0 {arl.Mean:F0} ({arl.Censored} censored)"));
        Assert.True(r.FalseAlarmRate < 0.15);
        Assert.True(r.DetectionRate > 0.97);
        Assert.InRange(r.MeanDelay, 1, 200);
    }

    [Fact]
    public void Run_length_estimates_are_reproducible_from_the_seed()
    {
        var a = RunLength.InControl(() => new Cusum(0, 1, h: 4), rng => RunLength.Normal(rng), runs: 50, seed: 3);
        var b = RunLength.InControl(() => new Cusum(0, 1, h: 4), rng => RunLength.Normal(rng), runs: 50, seed: 3);
        Assert.Equal(a, b);
        // A smaller decision interval alarms sooner: ARL0 grows with h.
        var longer = RunLength.InControl(() => new Cusum(0, 1, h: 6), rng => RunLength.Normal(rng), runs: 50, seed: 3);
        Assert.True(longer.Mean > a.Mean);
    }
}
