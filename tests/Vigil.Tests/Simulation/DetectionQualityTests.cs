using System.Globalization;
using Vigil.Application.Demo;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Simulation;

/// <summary>
/// Detection quality (issue #15): the injected FNR rise for patients 65+ raises its alert within 3 simulated days, and no
/// alert of any kind fires before the injection. In the default suite seed 1 runs end to end through `vigil demo
/// sepsis-monitoring --no-wait` (<see cref="Demo.SepsisDemoTests"/>: the same scenario and service); set
/// VIGIL_DETECTION_SEEDS=20 to run the 20-seed check (about 1.7 minutes a seed), whose table goes to the test output (and
/// to the file named by VIGIL_DETECTION_OUT, if set) — the numbers in docs/simulation.md come from it.
/// </summary>
public sealed class DetectionQualityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_seeds_when_asked()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("VIGIL_DETECTION_SEEDS"), out var seeds) || seeds < 1) return;
        // VIGIL_DETECTION_FIRST_SEED moves the seeds (tuning uses 1001 and up; the documented figures are seeds 1-20), and
        // VIGIL_DETECTION_SCENARIO=perDay,factor,referenceDays,everyHours replaces the example's settings (for comparisons).
        var first = long.TryParse(Environment.GetEnvironmentVariable("VIGIL_DETECTION_FIRST_SEED"), out var f) ? f : 1;
        var example = Scenario(Environment.GetEnvironmentVariable("VIGIL_DETECTION_SCENARIO"));
        output.WriteLine($"scenario: {example}");
        var runs = new List<DetectionRun>();
        for (var s = first; s < first + seeds; s++)
        {
            runs.Add(await DetectionHarness.RunAsync(s, example));
            output.WriteLine($"seed {s}: delay {runs[^1].DelayDays?.ToString() ?? "none"}, before {runs[^1].BeforeInjection.Count()}");
        }
        var summary = DetectionHarness.Summarise(runs);
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("VIGIL_DETECTION_OUT") is { Length: > 0 } path) await File.WriteAllTextAsync(path, $"scenario: {example}\n\n{summary}\n");
        Assert.All(runs, r => Assert.True(r.DelayDays is <= 3, $"seed {r.Seed}: delay {r.DelayDays}"));
        Assert.True(runs.Count(r => !r.BeforeInjection.Any()) >= seeds - seeds / 20, "no alert before the injection in at least 19 of 20 seeds");
    }

    private static SepsisExample Scenario(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SepsisExample.Default;
        var p = text.Split(',');
        return SepsisExample.Default with
        {
            EncountersPerDay = int.Parse(p[0], CultureInfo.InvariantCulture),
            Factor = double.Parse(p[1], CultureInfo.InvariantCulture),
            ReferenceDays = int.Parse(p[2], CultureInfo.InvariantCulture),
            EvaluateEveryHours = double.Parse(p[3], CultureInfo.InvariantCulture),
        };
    }
}
