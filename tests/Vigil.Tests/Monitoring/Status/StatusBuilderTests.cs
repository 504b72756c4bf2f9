using Vigil.Contracts.Monitoring;
using Vigil.Core.Statistics;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Status;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Status;

/// <summary>Status counts, label maturity, rates with intervals, and the small-cell policy of its counts.</summary>
public sealed class StatusBuilderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long H0 = From.ToUnixTimeMilliseconds();
    private const long HourMs = 3_600_000;

    private static ModelRegistration Registration(int minCell = 11) => new(
        ModelRegistration.SchemaName, "sepsis", "1.0", "test", [new ProtectedSpec("race", null, null)], [], 0.3,
        new OutcomeDefinition("sepsis_onset", 72, 24, []), minCell, RegistrationDefaults.Settings(null), null);

    private static HourCell Cell(long hour, string level, long predictions, long alerts, long tn, long fp, long fn, long tp, long censored,
        double maturedScoreSum = 0, long accepted = 0, long overridden = 0, long ignored = 0) =>
        new(H0 + hour * HourMs, level, predictions, alerts, predictions * 0.2, tn, fp, fn, tp, maturedScoreSum, censored, accepted, overridden, ignored);

    private static MonitorStatus Build(params HourCell[] cells) =>
        StatusBuilder.Build(Registration(), "1.0", cells, From, From.AddDays(1), [], From.AddDays(1));

    [Fact]
    public void Counts_merge_over_hours_and_pending_is_what_is_neither_matured_nor_censored()
    {
        var status = Build(
            Cell(0, "A", 300, 60, 150, 30, 20, 40, 10, maturedScoreSum: 60, accepted: 40, overridden: 10, ignored: 5),
            Cell(1, "A", 200, 40, 100, 20, 10, 20, 5, maturedScoreSum: 40, accepted: 20, overridden: 10, ignored: 5),
            Cell(0, "B", 150, 30, 60, 20, 15, 25, 5, maturedScoreSum: 30));
        Assert.Equal(MonitorStatus.SchemaName, status.Schema);
        Assert.Equal("sepsis", status.Model);
        var a = status.Groups.Single(g => g.Level == "A");
        Assert.Equal("race", a.Attribute);
        Assert.Equal(500, a.Predictions);
        Assert.Equal(390, a.Matured);
        Assert.Equal(15, a.Censored);
        Assert.Equal(500 - 390 - 15, a.Pending);
        Assert.Equal(390.0 / (390 + 95), a.LabelCompleteness.Value!.Value, 12);
        Assert.Equal((250L, 50L, 30L, 60L), (a.Tn!.Value, a.Fp!.Value, a.Fn!.Value, a.Tp!.Value));
        Assert.Equal(30.0 / 90, a.Fnr.Value!.Value, 12);
        var wilson = WilsonInterval.Compute(30, 90, 0.95)!.Value;
        Assert.Equal([wilson.Low, wilson.High], a.Fnr.Ci!);
        Assert.Equal("wilson", a.Fnr.CiMethod);
        Assert.Equal(50.0 / 300, a.Fpr.Value!.Value, 12);
        Assert.Equal(60.0 / 110, a.Ppv.Value!.Value, 12);
        Assert.Equal(90 / 100.0, a.ObservedToExpected.Value!.Value, 12);
        Assert.Equal("byar", a.ObservedToExpected.CiMethod);
        Assert.Equal(100.0 / 500, a.AlertRate.Value!.Value, 12);
        Assert.Equal(20.0 / 90, a.OverrideRate.Value!.Value, 12);
        Assert.Null(a.SuppressedReason);
        Assert.Equal(650, status.Overall.Predictions);
        Assert.Null(status.Overall.Attribute);
        Assert.Equal("overall", status.Overall.Level);
        Assert.Equal(["A", "B"], status.Groups.Select(g => g.Level));
    }

    [Fact]
    public void Undefined_rates_are_null_with_a_reason_never_zero()
    {
        var status = Build(Cell(0, "A", 50, 0, 0, 0, 0, 0, 0));
        var a = status.Groups.Single();
        Assert.Null(a.Fnr.Value);
        Assert.Equal("no matured positives", a.Fnr.Reason);
        Assert.Null(a.Ppv.Value);
        Assert.Null(a.ObservedToExpected.Value);
        Assert.Null(a.OverrideRate.Value);
        Assert.Equal("no clinician actions recorded", a.OverrideRate.Reason);
        Assert.Equal(0, a.LabelCompleteness.Value); // 0 matured of 50 pending: a real 0
        var empty = Build();
        Assert.Null(empty.Overall.LabelCompleteness.Value);
        Assert.Equal("no matured or pending predictions", empty.Overall.LabelCompleteness.Reason);
    }

    [Fact]
    public void A_small_group_shows_no_count_but_keeps_its_rates_and_cannot_be_recovered_by_subtraction()
    {
        var status = Build(
            Cell(0, "A", 800, 160, 400, 100, 100, 150, 20),
            Cell(0, "B", 300, 60, 150, 40, 40, 50, 10),
            Cell(0, "C", 6, 2, 2, 1, 1, 1, 0),
            Cell(0, "D", 155, 30, 70, 20, 20, 30, 5));
        var c = status.Groups.Single(g => g.Level == "C");
        Assert.Null(c.Predictions);
        Assert.Null(c.Pending);
        Assert.Null(c.Matured);
        Assert.Null(c.Tp);
        Assert.Equal("suppressed (fewer than 11 predictions)", c.SuppressedReason);
        Assert.Equal(0.5, c.Fnr.Value); // rates stay
        // The smallest other group (D, 155 ≥ 100 predictions) protects C: never suppressed, its counts rounded to 10.
        var d = status.Groups.Single(g => g.Level == "D");
        Assert.Equal(160, d.Predictions);
        Assert.Equal(140, d.Matured);
        Assert.Equal(10, d.Pending);
        Assert.Equal(70, d.Tn);
        Assert.NotNull(d.SuppressedReason);
        Assert.Equal(0.4, d.Fnr.Value!.Value, 12); // rates exact
        // The others and the overall are exact; subtracting them does not give C's 6.
        var a = status.Groups.Single(g => g.Level == "A");
        var b = status.Groups.Single(g => g.Level == "B");
        Assert.Equal((800L, 300L, 1261L), (a.Predictions!.Value, b.Predictions!.Value, status.Overall.Predictions!.Value));
        Assert.Null(a.SuppressedReason);
        Assert.NotEqual(6, status.Overall.Predictions!.Value - a.Predictions.Value - b.Predictions.Value - d.Predictions!.Value);
    }

    [Fact]
    public void Groups_of_100_or_more_are_never_hidden_whatever_the_min_cell()
    {
        var status = StatusBuilder.Build(Registration(minCell: 100), "1.0",
            [Cell(0, "A", 100, 10, 40, 10, 20, 30, 0), Cell(0, "B", 99, 10, 40, 10, 20, 29, 0), Cell(0, "C", 500, 10, 300, 100, 50, 50, 0)],
            From, From.AddDays(1), [], From);
        Assert.NotNull(status.Groups.Single(g => g.Level == "A").Predictions);
        Assert.Null(status.Groups.Single(g => g.Level == "B").Predictions);
    }

    [Fact]
    public void A_large_group_with_few_positives_shows_its_size_but_not_its_confusion_counts()
    {
        var status = Build(Cell(0, "A", 1000, 100, 800, 95, 2, 3, 0), Cell(0, "B", 1000, 100, 700, 100, 100, 100, 0));
        var a = status.Groups.Single(g => g.Level == "A");
        Assert.Equal(1000, a.Predictions);
        Assert.Equal(900, a.Matured);
        Assert.Null(a.Tp);
        Assert.Null(a.Fn);
        Assert.Equal(0.4, a.Fnr.Value!.Value, 12);
        Assert.Contains("positives or negatives", a.SuppressedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thirty_day_status_over_two_attributes_merges_every_hour()
    {
        // 720 hours × 5 × 5 cells (race × age band): the shape of the bench's 30-day status over 10 groups.
        var registration = Registration() with { Protected = [new ProtectedSpec("race", null, null), new ProtectedSpec("age", [30, 45, 60, 75], null)] };
        string[] races = ["A", "B", "C", "D", "E"];
        var ages = Vigil.Data.Bands.Parse("age=30,45,60,75").Labels();
        var cells = new List<HourCell>(720 * 25);
        for (var h = 0; h < 720; h++)
            foreach (var r in races)
                foreach (var a in ages)
                    cells.Add(new HourCell(H0 + h * HourMs, CellKey.Of([r, a]), 4, 1, 0.8, 2, 0, 1, 1, 0.5, 0, 1, 0, 0));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var status = StatusBuilder.Build(registration, null, cells, From, From.AddDays(30), [], From.AddDays(30));
        watch.Stop();
        output.WriteLine($"30-day status over {cells.Count} hour cells, {status.Groups.Count} groups: {watch.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Equal(10, status.Groups.Count);
        Assert.Equal(720L * 25 * 4, status.Overall.Predictions);
        Assert.All(status.Groups, g => Assert.Equal(720L * 5 * 4, g.Predictions));
        Assert.All(status.Groups, g => Assert.Equal(0.5, g.Fnr.Value));
    }
}
