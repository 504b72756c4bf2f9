using Vigil.Application.Demo;
using Vigil.Application.Simulation;
using Vigil.Contracts.Monitoring;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Simulation;

/// <summary>
/// The sepsis simulator's `outage` injection through the real service (<see cref="DetectionHarness"/>):
/// its diurnal arrivals (a third of the afternoon peak overnight) raise no volume drop on the quiet
/// nights before it (monitors every 2 simulated hours), and six hours without predictions from 03:00 on day 4 raise one within the outage.
/// </summary>
public sealed class OutageDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_outage_raises_a_volume_drop_and_the_quiet_nights_before_it_do_not()
    {
        // 5 days of 400 encounters (about 8 an hour at night, 25 in the afternoon), monitors every 2 simulated hours
        var example = SepsisExample.Default with { Days = 5, EncountersPerDay = 400, InjectionDay = 4, ReferenceDays = 10, EvaluateEveryHours = 2 };
        var run = await DetectionHarness.RunAsync(3, example, [new Outage(4, 6, 3)]);
        foreach (var a in run.Alerts) output.WriteLine($"day {a.Day:0.###}: {a.Kind} {a.Attribute}={a.Level} {a.Metric}");
        var drops = run.Alerts.Where(a => a.Kind == AlertKind.VolumeDrop).ToList();
        var drop = Assert.Single(drops);
        Assert.InRange(drop.Day, 4 + 4 / 24.0, 4 + 9 / 24.0);
    }
}
