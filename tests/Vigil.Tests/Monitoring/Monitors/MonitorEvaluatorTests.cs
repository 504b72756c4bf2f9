using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>The monitors together on seeded simulated streams (<see cref="MonitoringStream"/>): a null stream, an injected FNR rise, feed faults.</summary>
public sealed class MonitorEvaluatorTests(ITestOutputHelper output)
{
    private static ReferenceProfile Reference => MonitoringStream.Reference;

    /// <summary>
    /// The defaults, with an EWMA detector next to the CUSUM, at the default per-model in-control run length of 10,000
    /// matured positives: split over 2 groups × 2 detectors in proportion to the groups' reference positives, each
    /// detector gets about 20,000 of its group's positives, long against the 14-day stream's 1,100 or so matured
    /// positives in group A (the detectors' false-alarm rate is checked on its own in <see cref="SequentialRunLengthTests"/>).
    /// "A null stream raises nothing" is a claim about a run length long against the stream.
    /// </summary>
    private static ModelRegistration Registration()
    {
        var defaults = RegistrationDefaults.Settings(Reference);
        var cusum = defaults.Sequential[0];
        return MonitoringStream.Registration(Reference, defaults with { Sequential = [cusum, cusum with { Detector = SequentialDetector.Ewma }] });
    }

    private static IReadOnlyList<AlertFinding> Evaluate(MonitoringStream stream, ModelRegistration? registration = null)
    {
        var (cells, bins, rows, last) = stream.Run(Reference);
        return MonitorEvaluator.Evaluate(registration ?? Registration(), cells, bins, rows, last, stream.NowMs);
    }

    private void Print(IReadOnlyList<AlertFinding> findings)
    {
        foreach (var f in findings) output.WriteLine($"{f.DedupeKey}: {f.Value:0.####} | {f.Message}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Null_stream_raises_no_alert(int seed)
    {
        var findings = Evaluate(new MonitoringStream { Seed = seed });
        Print(findings);
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Injected_fnr_rise_in_one_group_raises_that_groups_fnr_alerts_and_nothing_else(int seed)
    {
        var findings = Evaluate(new MonitoringStream { Seed = seed, FnrRiseGroup = "B", InjectFromHour = 100 });
        Print(findings);
        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal("race", f.Attribute);
            Assert.Equal("B", f.Level);
            Assert.Contains(f.Kind, new[] { AlertKind.RateGap, AlertKind.RateBound, AlertKind.Sequential });
            Assert.StartsWith("fnr", f.Metric, StringComparison.Ordinal);
            Assert.True(f.AdditionalMissedPer1000 > 50, $"{f.DedupeKey}: {f.AdditionalMissedPer1000}");
            Assert.False(string.IsNullOrWhiteSpace(f.Message));
            Assert.StartsWith("sepsis-ews|2.3.0|", f.DedupeKey, StringComparison.Ordinal);
        });
        // Both kinds of evidence: the gap to the reference group and the sequential detectors.
        var gap = Assert.Single(findings, f => f.Kind == AlertKind.RateGap);
        Assert.Equal("sepsis-ews|2.3.0|rate_gap|race|B|fnr", gap.DedupeKey);
        Assert.True(gap.Interval![0] > 0.10);
        Assert.Equal(gap.Evidence["difference"]!.Value * 1000, gap.AdditionalMissedPer1000!.Value, 9);
        Assert.Contains(findings, f => f.Metric == "fnr:cusum");
        Assert.Contains(findings, f => f.Metric == "fnr:ewma");
        var cusum = findings.Single(f => f.Metric == "fnr:cusum");
        Assert.True(cusum.Value > cusum.Bound);
    }

    [Fact]
    public void Evaluation_is_deterministic_and_independent_of_input_order()
    {
        var stream = new MonitoringStream { Seed = 4, FnrRiseGroup = "B", InjectFromHour = 100 };
        var (cells, bins, rows, last) = stream.Run(Reference);
        var registration = Registration();
        var first = MonitorEvaluator.Evaluate(registration, cells, bins, rows, last, stream.NowMs);
        var shuffled = MonitorEvaluator.Evaluate(registration, [.. Enumerable.Reverse(cells)], [.. Enumerable.Reverse(bins)],
            [.. rows.OrderBy(r => r.TimeMs).ThenByDescending(r => r.Score)], last, stream.NowMs);
        Assert.Equal(first.Select(Describe), shuffled.Select(Describe));
    }

    private static string Describe(AlertFinding f) =>
        $"{f.DedupeKey} {f.Value:R} {string.Join(',', f.Interval ?? [])} {f.Bound:R} {f.Message} {string.Join(';', f.Evidence.Select(e => $"{e.Key}={e.Value:R}"))}";

    [Fact]
    public void Silent_feed_raises_silence_and_the_last_hours_volume_drop()
    {
        var findings = Evaluate(new MonitoringStream { Seed = 5, SilentHours = 3 });
        Print(findings);
        Assert.Equal([AlertKind.FeedSilence, AlertKind.VolumeDrop], findings.Select(f => f.Kind).Order());
        var silence = findings.Single(f => f.Kind == AlertKind.FeedSilence);
        Assert.InRange(silence.Value!.Value, 3, 4.2);
        Assert.Equal(2, silence.Bound);
        var drop = findings.Single(f => f.Kind == AlertKind.VolumeDrop);
        Assert.Equal(0, drop.Evidence["volume"]);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(25, false)]
    public void An_hour_below_three_tenths_of_the_same_hours_median_is_a_volume_drop(int lastHour, bool alert)
    {
        var findings = Evaluate(new MonitoringStream { Seed = 6, LastHourVolume = lastHour });
        Print(findings);
        if (!alert)
        {
            Assert.Empty(findings);
            return;
        }
        var drop = Assert.Single(findings);
        Assert.Equal(AlertKind.VolumeDrop, drop.Kind);
        Assert.Equal(lastHour, drop.Evidence["volume"]);
        Assert.InRange(drop.Evidence["expected"]!.Value, 50, 70);
        Assert.Equal(13, drop.Evidence["trailing_days"]);
        Assert.Equal(1, drop.Evidence["run_hours"]);
        Assert.Equal(lastHour / drop.Evidence["expected"]!.Value, drop.Value!.Value, 12);
    }

    [Fact]
    public void A_feature_missing_far_more_often_than_in_the_reference_is_missing_data()
    {
        var stream = new MonitoringStream { Seed = 7, LactateMissingAfter = 0.30 };
        stream = new MonitoringStream { Seed = 7, LactateMissingAfter = 0.30, InjectFromHour = stream.Hours - 30 };
        var findings = Evaluate(stream);
        Print(findings);
        var missing = Assert.Single(findings);
        Assert.Equal(AlertKind.MissingData, missing.Kind);
        Assert.Equal("missing:lactate", missing.Metric);
        Assert.InRange(missing.Value!.Value, 0.25, 0.35);
        Assert.Equal(Reference.Features[0].MissingShare + 0.10, missing.Bound!.Value, 12);
        Assert.True(missing.Interval![0] > missing.Bound);
    }

    [Fact]
    public void Overrides_above_half_of_the_acted_on_alerts_raise_override_alerts_for_every_group()
    {
        var findings = Evaluate(new MonitoringStream { Seed = 8, OverrideShare = 0.75 });
        Print(findings);
        Assert.All(findings, f => Assert.Equal(AlertKind.OverrideRate, f.Kind));
        Assert.Equal([null, "A", "B", "C", "D"], findings.Select(f => f.Level));
        var overall = findings[0];
        Assert.Equal(overall.Evidence["overridden"]!.Value / overall.Evidence["actions"]!.Value, overall.Value!.Value, 12);
        Assert.InRange(overall.Value!.Value, 0.70, 0.80);
    }

    [Fact]
    public void A_rise_in_true_risk_is_label_drift_and_miscalibration()
    {
        var findings = Evaluate(new MonitoringStream { Seed = 9, RiskFactor = 2 });
        Print(findings);
        Assert.Contains(findings, f => f.Kind == AlertKind.LabelDrift && f.Metric == "prevalence");
        Assert.Contains(findings, f => f.Kind == AlertKind.Calibration && f.Level is null);
        Assert.DoesNotContain(findings, f => f.Kind is AlertKind.FeatureDrift or AlertKind.ScoreDrift or AlertKind.FeedSilence or AlertKind.VolumeDrop or AlertKind.MissingData);
        var oe = findings.Single(f => f.Kind == AlertKind.Calibration && f.Level is null);
        Assert.InRange(oe.Value!.Value, 1.6, 2.1);
        Assert.True(oe.Interval![0] > 1.25);
    }

    [Fact]
    public void A_shifted_feature_is_feature_drift_and_nothing_else()
    {
        var findings = Evaluate(new MonitoringStream { Seed = 11, LactateShift = 1.0, InjectFromHour = 0 });
        Print(findings);
        var drift = Assert.Single(findings);
        Assert.Equal(AlertKind.FeatureDrift, drift.Kind);
        Assert.Equal("sepsis-ews|2.3.0|feature_drift|||psi:lactate", drift.DedupeKey);
        Assert.True(drift.Value > 0.2);
        Assert.Equal(0.2, drift.Bound);
        Assert.Equal(Reference.Features[0].Shares[0], drift.Evidence["reference_share_0"]);
    }

    [Fact]
    public void Sicker_patients_move_the_scores_and_raise_score_drift()
    {
        var findings = Evaluate(new MonitoringStream { Seed = 12, RiskShift = 0.6, InjectFromHour = 0 });
        Print(findings);
        Assert.Contains(findings, f => f.Kind == AlertKind.ScoreDrift && f.Metric == "psi:score" && f.Value > 0.2);
        Assert.All(findings, f => Assert.Contains(f.Kind, new[] { AlertKind.ScoreDrift, AlertKind.FeatureDrift, AlertKind.LabelDrift }));
    }

    [Fact]
    public void Groups_below_min_rows_are_not_judged()
    {
        var stream = new MonitoringStream { Seed = 10, Hours = 30, PerHour = 3, FnrRiseGroup = "D", InjectFromHour = 0, MissProbability = 1 };
        var registration = Registration();
        var (cells, bins, rows, last) = stream.Run(Reference);
        var matured = Vigil.Monitoring.Windows.WindowSummary.Build(registration, cells).Group("race", "D")!.Totals.Matured;
        Assert.True(matured < registration.Monitors.MinRows, $"{matured} matured");
        var findings = MonitorEvaluator.Evaluate(registration, cells, bins, rows, last, stream.NowMs);
        Assert.DoesNotContain(findings, f => f.Level == "D");
    }
}
