using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>The monitors' statistics against hand-computed or published values, and single monitors on hand-built windows.</summary>
public sealed class MonitorStatisticsTests
{
    [Fact]
    public void Psi_matches_the_hand_computed_value()
    {
        // shares 0.3, 0.5, 0.2 against 0.2, 0.5, 0.3: 0.1·ln(1.5) + 0 + (−0.1)·ln(2/3) = 0.2·ln(1.5)
        var psi = PopulationStability.Index([30, 50, 20], [0.2, 0.5, 0.3]);
        Assert.Equal(0.2 * Math.Log(1.5), psi!.Value, 12);
        Assert.Equal(0.081093021621632885, psi.Value, 12);
    }

    [Fact]
    public void Psi_smooths_an_empty_bin_with_epsilon()
    {
        // bin 0 empty: (1e-4 − 0.2)·ln(1e-4 / 0.2) + 0 + (0.5 − 0.3)·ln(0.5 / 0.3)
        var psi = PopulationStability.Index([0, 50, 50], [0.2, 0.5, 0.3]);
        var expected = (1e-4 - 0.2) * Math.Log(1e-4 / 0.2) + 0.2 * Math.Log(0.5 / 0.3);
        Assert.Equal(expected, psi!.Value, 12);
        Assert.Equal(1.6215855, psi.Value, 6);
        Assert.Null(PopulationStability.Index([0, 0, 0], [0.2, 0.5, 0.3]));
    }

    [Fact]
    public void Newcombe_interval_matches_newcombes_published_example()
    {
        // Newcombe (1998), Table II, example (a): 56/70 − 48/80, method 10: 0.0524 to 0.3339.
        var ci = Intervals.NewcombeDifference(56, 70, 48, 80, 0.95)!;
        Assert.Equal(0.0524, ci[0], 4);
        Assert.Equal(0.3339, ci[1], 4);
    }

    [Fact]
    public void Byar_interval_is_close_to_the_exact_poisson_interval()
    {
        // Exact (Garwood) 95% interval of 100 events: 81.364 to 121.627; of 10: 4.795 to 18.390.
        var (lo, hi) = Intervals.ByarPoisson(100, 0.95);
        Assert.Equal(81.364, lo, 1);
        Assert.Equal(121.627, hi, 1);
        (lo, hi) = Intervals.ByarPoisson(10, 0.95);
        Assert.Equal(4.795, lo, 1);
        Assert.Equal(18.390, hi, 1);
        Assert.Equal(0, Intervals.ByarPoisson(0, 0.95).Lower);
    }

    private static readonly long Hour = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static ModelRegistration Registration(MonitorSettings settings) => new(
        ModelRegistration.SchemaName, "m", "1", "test", [new ProtectedSpec("sex", null, null)], [], 0.5,
        new OutcomeDefinition("onset", 72, 24, []), 11, settings, null);

    private static MonitorSettings Only(CalibrationMonitor? calibration = null, IReadOnlyList<RateBound>? bounds = null) =>
        RegistrationDefaults.Settings(null) with { Bounds = bounds ?? [], Sequential = [], Drift = null, Calibration = calibration, Volume = null, OverrideRateMax = null };

    private static HourCell Cell(string level, long tn, long fp, long fn, long tp, double maturedScoreSum) =>
        new(Hour, level, tn + fp + fn + tp, fp + tp, maturedScoreSum, tn, fp, fn, tp, maturedScoreSum, 0, 0, 0, 0);

    [Fact]
    public void Oe_outside_its_bounds_with_byars_interval_raises_calibration_for_that_group_only()
    {
        var registration = Registration(Only(new CalibrationMonitor(0.8, 1.25)));
        // F: O = 100, E = 60 (O/E 1.667, Byar lower at the family-wise 1 − 0.05/3: 77.64/60 = 1.294 > 1.25). M: O = 50, E = 50.
        HourCell[] cells = [Cell("F", 400, 0, 50, 50, 60), Cell("M", 400, 0, 25, 25, 50)];
        var now = Hour + 1000L * 3_600_000;
        var findings = MonitorEvaluator.Evaluate(registration, cells, [], [], null, now);
        var f = Assert.Single(findings);
        Assert.Equal(AlertKind.Calibration, f.Kind);
        Assert.Equal("F", f.Level);
        Assert.Equal("m|1|calibration|sex|F|oe", f.DedupeKey);
        Assert.Equal(100 / 60.0, f.Value!.Value, 12);
        // each group at the family-wise level over the 3 groups judged (all patients, F, M): 1 − 0.05/3
        var (lo, hi) = Intervals.ByarPoisson(100, MonitorEvaluator.FamilyConfidence(0.95, 3));
        Assert.Equal(lo / 60, f.Interval![0], 12);
        Assert.Equal(hi / 60, f.Interval[1], 12);
        Assert.Equal(1.25, f.Bound);
        Assert.Equal(100, f.Evidence["observed"]);
        Assert.Equal(60, f.Evidence["expected"]);
    }

    [Fact]
    public void Unsettled_hours_are_left_out_of_calibration()
    {
        var registration = Registration(Only(new CalibrationMonitor(0.8, 1.25)));
        HourCell[] cells = [Cell("F", 400, 0, 50, 50, 60)];
        // 72 h window + 24 h delay + the hour itself: not settled 90 hours later.
        Assert.Empty(MonitorEvaluator.Evaluate(registration, cells, [], [], null, Hour + 90L * 3_600_000));
        Assert.Equal(2, MonitorEvaluator.Evaluate(registration, cells, [], [], null, Hour + 97L * 3_600_000).Count); // all patients and F
    }

    [Fact]
    public void Absolute_bound_needs_the_whole_wilson_interval_past_it()
    {
        var registration = Registration(Only(bounds: [new RateBound(MonitoredRate.Fnr, RateBoundKind.Absolute, 0.5)]));
        var now = Hour + 10L * 3_600_000;
        // FNR 0.6 on 40 positives: Wilson lower 0.446 < 0.5, no alert; on 400 positives: lower 0.551, alert.
        Assert.Empty(MonitorEvaluator.Evaluate(registration, [Cell("F", 100, 0, 24, 16, 10)], [], [], null, now));
        var findings = MonitorEvaluator.Evaluate(registration, [Cell("F", 100, 0, 240, 160, 10)], [], [], null, now);
        Assert.Equal(["m|1|rate_bound|||fnr", "m|1|rate_bound|sex|F|fnr"], findings.Select(f => f.DedupeKey));
        Assert.All(findings, f => Assert.Equal(0.6, f.Value!.Value, 12));
        Assert.Null(findings[0].AdditionalMissedPer1000); // no reference profile: no clinical translation against it
    }

    [Fact]
    public void Ppv_gap_alerts_below_minus_the_bound()
    {
        var registration = Registration(Only(bounds: [new RateBound(MonitoredRate.Ppv, RateBoundKind.Gap, 0.1)]));
        var now = Hour + 1000L * 3_600_000;
        // PPV F = 100/400 = 0.25, M = 600/1000 = 0.6 (reference: the larger group M).
        var findings = MonitorEvaluator.Evaluate(registration, [Cell("F", 500, 300, 50, 100, 10), Cell("M", 1000, 400, 50, 600, 10)], [], [], null, now);
        var f = Assert.Single(findings);
        Assert.Equal("m|1|rate_gap|sex|F|ppv", f.DedupeKey);
        Assert.Equal(0.25 - 0.6, f.Value!.Value, 12);
        Assert.True(f.Interval![1] < -0.1);
        Assert.Null(f.AdditionalMissedPer1000);
        Assert.Equal(1000, f.Evidence["reference_denominator"]);
    }

    [Fact]
    public void One_early_missed_case_is_not_a_sequential_signal_even_when_the_reference_rarely_misses()
    {
        // Reference FNR 0.05; group F has 40 matured rows of which one positive, missed.
        var reference = new ReferenceProfile(1000, 0.1,
            [new ReferenceGroup(null, "overall", 850, 50, 5, 95, 100), new ReferenceGroup("sex", "F", 425, 25, 3, 47, 50)], [],
            new ReferenceBins("score", [], [1.0], 0));
        var settings = Only() with
        {
            Sequential = [new SequentialMonitor(SequentialDetector.Cusum, MonitoredRate.Fnr, 0.15, 500), new SequentialMonitor(SequentialDetector.Ewma, MonitoredRate.Fnr, 0.15, 500)],
        };
        var registration = Registration(settings) with { Reference = reference };
        var rows = Enumerable.Range(0, 40).Select(i => new MaturedRow(Hour + i * 60_000L, ["F"], i == 39 ? 1 : 0, 0, 0.1)).ToList();
        var findings = MonitorEvaluator.Evaluate(registration, [Cell("F", 39, 0, 1, 0, 4)], [], rows, null, Hour + 3_600_000);
        Assert.Empty(findings);
        // ... while a run of misses is.
        var misses = Enumerable.Range(0, 60).Select(i => new MaturedRow(Hour + i * 60_000L, ["F"], 1, i % 3 == 0 ? 1 : 0, 0.1)).ToList();
        findings = MonitorEvaluator.Evaluate(registration, [Cell("F", 0, 0, 40, 20, 6)], [], misses, null, Hour + 3_600_000);
        Assert.Equal(["m|1|sequential|sex|F|fnr:cusum", "m|1|sequential|sex|F|fnr:ewma"], findings.Select(f => f.DedupeKey));
        Assert.All(findings, f => Assert.Equal(0.06, f.Evidence["p0"]!.Value, 12));
    }
}
