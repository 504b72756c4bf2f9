using System.Globalization;
using Vigil.Application.Monitoring;
using Vigil.Application.Simulation;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Demo;

/// <summary>An alert the demo saw open, with the simulated day of the evaluation that opened it.</summary>
/// <param name="Day">Simulated days from the start at the evaluation that opened it.</param>
/// <param name="Alert">The alert as the service returned it then.</param>
public sealed record DemoAlert(double Day, MonitorAlert Alert);

/// <summary>What the sepsis demo's run saw: every alert with its day, and the first one on the injected group's FNR.</summary>
public sealed record SepsisDemoResult(SepsisExample Example, SimulationSettings Settings, SimulationMetrics Metrics, IReadOnlyList<DemoAlert> Alerts)
{
    /// <summary>An FNR alert (sequential detector, bound or gap) on the group whose FNR was made to rise.</summary>
    public static bool IsTarget(MonitorAlert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Attribute == SepsisExample.Attribute && a.Level == SepsisExample.Level
            && a.Kind is AlertKind.Sequential or AlertKind.RateBound or AlertKind.RateGap && a.Metric.StartsWith("fnr", StringComparison.Ordinal);
    }

    /// <summary>The first alert on the injected group's FNR after the injection (null: none).</summary>
    public DemoAlert? Detection => Alerts.FirstOrDefault(a => a.Day > Example.InjectionDay && IsTarget(a.Alert));

    /// <summary>Alerts opened at or before the injection day (false alarms: nothing had changed yet).</summary>
    public IEnumerable<DemoAlert> BeforeInjection => Alerts.Where(a => a.Day <= Example.InjectionDay);
}

/// <summary>
/// The sepsis demo's simulation against a running service: registers the example's model from its reference period,
/// then, every <see cref="SepsisExample.EvaluateEveryHours"/> simulated hours, moves the service's clock to that time,
/// pushes the events that reached the monitor meanwhile (<see cref="SimulationPush"/>), runs the monitors and records
/// the alerts that opened. The service is the caller's (in process with a simulated clock: `vigil demo
/// sepsis-monitoring`; the detection harness does the same).
/// </summary>
public static class SepsisDemoRun
{
    /// <summary>Runs the example's seed through the service.</summary>
    /// <param name="example">The scenario.</param>
    /// <param name="settings">Its simulation settings (<see cref="SepsisExample.Settings"/>).</param>
    /// <param name="registration">The model's registration (built from the reference period).</param>
    /// <param name="client">A client with an admin key.</param>
    /// <param name="setClock">Moves the service's clock.</param>
    /// <param name="evaluate">Runs the service's monitors now (POST /v1/evaluate).</param>
    /// <param name="progress">A line per simulated day.</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<SepsisDemoResult> RunAsync(SepsisExample example, SimulationSettings settings, ModelRegistration registration, MonitorClient client,
        Action<DateTimeOffset> setClock, Func<CancellationToken, Task> evaluate, IJobProgress progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(setClock);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(progress);
        var run = SepsisSimulator.Run(settings);
        setClock(settings.Start);
        await client.RegisterAsync(registration, ct).ConfigureAwait(false);
        var seen = new HashSet<long>();
        var alerts = new List<DemoAlert>();
        var step = example.EvaluateEveryHours;
        for (var t = step; t <= example.Days * 24 + 1e-9; t += step)
        {
            setClock(run.At(t));
            await SimulationPush.PushAsync(client, run, t - step, t, null, null, ct).ConfigureAwait(false);
            await evaluate(ct).ConfigureAwait(false);
            foreach (var a in await client.ListAlertsAsync(registration.Id, null, ct).ConfigureAwait(false))
                if (seen.Add(a.Id)) alerts.Add(new DemoAlert(t / 24, a));
            if (Math.Abs(t % 24) < 1e-9)
                progress.Report(string.Create(CultureInfo.InvariantCulture, $"simulated day {t / 24:0}/{example.Days}: {alerts.Count} alert(s) so far"));
        }
        alerts.Sort((x, y) => x.Day != y.Day ? x.Day.CompareTo(y.Day) : x.Alert.Id.CompareTo(y.Alert.Id));
        return new SepsisDemoResult(example, settings, SimulationMetrics.Measure(run.Encounters), alerts);
    }
}
