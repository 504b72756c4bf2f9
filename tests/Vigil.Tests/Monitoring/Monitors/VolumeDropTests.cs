using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Windows;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>
/// The hour-of-day aware volume drop (<see cref="ExpectedVolume"/>): a quiet night at a low volume is not a broken feed
/// (the day's median would have called it one), while hours without predictions when some are expected still are.
/// </summary>
public sealed class VolumeDropTests(ITestOutputHelper output)
{
    private const long HourMs = FeedHealthMonitor.HourMs;
    private static readonly long Start = MonitoringStream.StartMs;

    /// <summary>Volumes of <paramref name="days"/> days: <paramref name="night"/> an hour from 00:00 to 06:00, <paramref name="day"/> otherwise.</summary>
    private static Dictionary<long, long> Cycle(int days, long night, long day)
    {
        var v = new Dictionary<long, long>();
        for (var h = 0; h < days * 24; h++)
        {
            var x = h % 24 < 6 ? night : day;
            if (x > 0) v[Start + h * HourMs] = x;
        }
        return v;
    }

    [Fact]
    public void The_expected_volume_is_the_median_of_the_same_hour_on_the_previous_days()
    {
        var v = Cycle(20, 2, 40);
        v[Start + (19 * 24 + 3) * HourMs] = 9; // one busy night hour, on the judged day itself: not part of its own expectation
        v[Start + (18 * 24 + 3) * HourMs] = 9; // and one on a previous day: the median ignores it
        var night = ExpectedVolume.Of(v, Start, Start + (19 * 24 + 3) * HourMs);
        Assert.Equal((2.0, 14), night);
        Assert.Equal((40.0, 14), ExpectedVolume.Of(v, Start, Start + (19 * 24 + 15) * HourMs));
        // the first days of the stream have fewer previous days: at least 3 are needed
        Assert.Equal((2.0, 3), ExpectedVolume.Of(v, Start, Start + (3 * 24 + 1) * HourMs));
        Assert.Null(ExpectedVolume.Of(v, Start, Start + (2 * 24 + 1) * HourMs));
    }

    [Fact]
    public void An_empty_night_hour_expecting_two_is_not_a_drop_but_three_empty_hours_expecting_three_are()
    {
        var quiet = Cycle(20, 2, 40);
        var hour = Start + (19 * 24 + 4) * HourMs;
        quiet.Remove(hour);
        var one = ExpectedVolume.LowRun(quiet, Start, hour, RegistrationDefaults.MinVolumeRatio)!.Value;
        Assert.Equal(1, one.RunHours);
        Assert.Equal(0, one.RunVolume);
        Assert.Equal(Math.Exp(-2), one.PValue, 12); // P(X ≤ 0 | Poisson(2))
        Assert.False(one.PValue < ExpectedVolume.Alpha);

        var outage = Cycle(20, 3, 40);
        for (var h = 2; h <= 4; h++) outage.Remove(Start + (19 * 24 + h) * HourMs);
        var three = ExpectedVolume.LowRun(outage, Start, hour, RegistrationDefaults.MinVolumeRatio)!.Value;
        Assert.Equal(3, three.RunHours);
        Assert.Equal(9, three.RunExpected);
        Assert.Equal(Math.Exp(-9), three.PValue, 12);
        Assert.True(three.PValue < ExpectedVolume.Alpha);

        // an hour at its usual volume is no run at all
        Assert.Null(ExpectedVolume.LowRun(Cycle(20, 3, 40), Start, hour, RegistrationDefaults.MinVolumeRatio));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_quiet_night_at_a_low_volume_raises_no_volume_drop_though_the_days_median_would(int seed)
    {
        // 8 predictions an hour on average, about 1.6 at 02:00 and 14 at 14:00; the stream ends after 02:00-03:00, which had none
        var stream = new MonitoringStream { Seed = seed, PerHour = 8, DiurnalAmplitude = 0.8, Hours = 14 * 24 + 3, LastHourVolume = 0 };
        var (cells, bins, rows, last) = stream.Run(MonitoringStream.Reference);
        var registration = MonitoringStream.Registration(MonitoringStream.Reference);
        var findings = MonitorEvaluator.Evaluate(registration, cells, bins, rows, last, stream.NowMs);
        foreach (var f in findings) output.WriteLine($"{f.DedupeKey}: {f.Message}");
        Assert.DoesNotContain(findings, f => f.Kind == AlertKind.VolumeDrop);

        // the rule it replaces (the last hour below 0.3 × the median of the 24 hours before it) would have raised one
        var summary = WindowSummary.Build(registration, cells);
        var judged = MonitoringStream.StartMs + (stream.Hours - 1) * HourMs;
        var day = summary.Hours.Where(h => h.HourMs >= judged - 24 * HourMs && h.HourMs < judged && h.Totals.Predictions > 0)
            .Select(h => (double)h.Totals.Predictions).Order().ToList();
        var median = (day[(day.Count - 1) / 2] + day[day.Count / 2]) / 2;
        output.WriteLine($"median of the day before: {median}");
        Assert.True(0 < RegistrationDefaults.MinVolumeRatio * median);
    }

    [Fact]
    public void Three_night_hours_without_predictions_are_a_volume_drop_with_their_run()
    {
        // 20 an hour on average, about 10 at night; the feed stops for the last 3 hours (01:00-04:00)
        var stream = new MonitoringStream { Seed = 4, PerHour = 20, DiurnalAmplitude = 0.5, Hours = 14 * 24 + 4, SilentHours = 3 };
        var (cells, bins, rows, last) = stream.Run(MonitoringStream.Reference);
        var findings = MonitorEvaluator.Evaluate(MonitoringStream.Registration(MonitoringStream.Reference), cells, bins, rows, last, stream.NowMs);
        foreach (var f in findings) output.WriteLine($"{f.DedupeKey}: {f.Message}");
        var drop = Assert.Single(findings, f => f.Kind == AlertKind.VolumeDrop);
        Assert.Equal(3, drop.Evidence["run_hours"]);
        Assert.Equal(0, drop.Evidence["run_volume"]);
        Assert.Equal(14, drop.Evidence["trailing_days"]);
        Assert.InRange(drop.Evidence["run_expected"]!.Value, 20, 45);
        Assert.True(drop.Evidence["p_value"] < ExpectedVolume.Alpha);
        Assert.Contains("the last 3 hours", drop.Message, StringComparison.Ordinal);
    }
}
