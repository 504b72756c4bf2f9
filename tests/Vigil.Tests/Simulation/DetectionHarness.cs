using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Monitoring.Client;
using Vigil.Application.Demo;
using Vigil.Application.Monitoring;
using Vigil.Application.Simulation;
using Vigil.Cli.Commands;
using Vigil.Contracts.Monitoring;
using Vigil.Service;

namespace Vigil.Tests.Simulation;

/// <summary>An alert the service opened, with the simulated day of the evaluation that opened it.</summary>
internal sealed record OpenedAlert(double Day, AlertKind Kind, string? Attribute, string? Level, string Metric);

/// <summary>One seed's result: the detection delay in days (null: never), and every alert opened.</summary>
internal sealed record DetectionRun(long Seed, double? DelayDays, IReadOnlyList<OpenedAlert> Alerts, int InjectionDay)
{
    public IEnumerable<OpenedAlert> BeforeInjection => Alerts.Where(a => a.Day <= InjectionDay);

    public IEnumerable<OpenedAlert> OthersAfter => Alerts.Where(a => a.Day > InjectionDay && !DetectionHarness.IsTarget(a));
}

/// <summary>
/// The detection-quality harness (docs/simulation.md, "Detection quality"): one seed of the 30-day example (500
/// encounters a day, default preset, FNR of patients 65+ × 1.5 from day 10) fed through the real service in process
/// (Kestrel on loopback over a SQLite file, its clock replaced by a <see cref="SimulatedClock"/>): at the end of every
/// simulated evaluation period the events that arrived in it are pushed with <see cref="MonitorClient"/>, POST
/// /v1/evaluate matures labels and runs every monitor, and the alerts it opened are recorded with their simulated day.
/// The delay is the first evaluation, in days after the injection, that opened an FNR alert (sequential, bound or gap)
/// for age &gt;=65.
/// </summary>
internal static class DetectionHarness
{
    public const string PseudonymKey = "dmlnaWwtdGVzdC1wc2V1ZG9ueW0ta2V5LTMyLWJ5dGVzISE=";
    public const string AdminSecret = "vgl_simulation-harness-admin-secret";

    public static bool IsTarget(OpenedAlert a) =>
        a.Attribute == "age" && a.Level == ">=65" && a.Kind is AlertKind.Sequential or AlertKind.RateBound or AlertKind.RateGap;

    /// <summary>One seed; <paramref name="more"/> adds injections to the example's FNR rise (e.g. an outage).</summary>
    public static async Task<DetectionRun> RunAsync(long seed, SepsisExample? example = null, IReadOnlyList<Injection>? more = null)
    {
        example ??= SepsisExample.Default;
        var (days, injectionDay, evaluateEveryHours) = (example.Days, example.InjectionDay, example.EvaluateEveryHours);
        var settings = example.Settings(seed, SimulationSettings.DefaultStart);
        if (more is { Count: > 0 }) settings = settings with { Injections = [.. settings.Injections, .. more] };
        var run = SepsisSimulator.Run(settings);
        var reference = SepsisSimulator.Reference(settings);
        var dir = Directory.CreateTempSubdirectory("vigil-detection-");
        try
        {
            var referencePath = Path.Combine(dir.FullName, SimulationFiles.Reference);
            SimulationFiles.WriteReference(reference, referencePath);
            var registration = SepsisRegistration.Build(settings, referencePath);
            var clock = new SimulatedClock(settings.Start);
            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["VIGIL_PSEUDONYM_KEY"] = PseudonymKey,
                ["VIGIL_BOOTSTRAP_ADMIN_KEY"] = AdminSecret,
                ["VIGIL_EVALUATION_INTERVAL_SECONDS"] = "0",
                ["VIGIL_RATE_LIMIT_PER_SECOND"] = "100000",
            };
            var app = ServiceHost.Build(new ServiceOptions("sqlite:" + Path.Combine(dir.FullName, "vigil.db"), null, ["http://127.0.0.1:0"]),
                b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
                name => env.TryGetValue(name, out var v) ? v : null);
            await using (app)
            {
                await app.StartAsync();
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                using var http = new HttpClient { BaseAddress = address };
                using var client = new MonitorClient(http, AdminSecret);
                await client.RegisterAsync(registration);
                var seen = new HashSet<long>();
                var alerts = new List<OpenedAlert>();
                double? delay = null;
                for (var t = evaluateEveryHours; t <= days * 24 + 1e-9; t += evaluateEveryHours)
                {
                    clock.Now = run.At(t);
                    await SimulationPush.PushAsync(client, run, t - evaluateEveryHours, t, null, null);
                    using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/evaluate"))
                    {
                        request.Headers.Add("X-Api-Key", AdminSecret);
                        using var response = await http.SendAsync(request);
                        response.EnsureSuccessStatusCode();
                    }
                    foreach (var a in await client.ListAlertsAsync(registration.Id, null))
                    {
                        if (!seen.Add(a.Id)) continue;
                        var opened = new OpenedAlert(t / 24, a.Kind, a.Attribute, a.Level, a.Metric);
                        alerts.Add(opened);
                        if (delay is null && opened.Day > injectionDay && IsTarget(opened)) delay = opened.Day - injectionDay;
                    }
                }
                await app.StopAsync();
                return new DetectionRun(seed, delay, alerts, injectionDay);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>A markdown summary of several seeds (for docs/simulation.md).</summary>
    public static string Summarise(IReadOnlyList<DetectionRun> runs)
    {
        var lines = new List<string>
        {
            "| seed | delay (days) | alerts before the injection | other alerts after it |",
            "|---|---|---|---|",
        };
        foreach (var r in runs)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Seed} | {(r.DelayDays is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "none")} | {Names(r.BeforeInjection)} | {Names(r.OthersAfter)} |"));
        }
        var delays = runs.Where(r => r.DelayDays is not null).Select(r => r.DelayDays!.Value).OrderBy(d => d).ToList();
        var within3 = runs.Count(r => r.DelayDays is <= 3);
        var clean = runs.Count(r => !r.BeforeInjection.Any());
        lines.Add("");
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Detected within 3 days: {within3} of {runs.Count}; no alert before the injection: {clean} of {runs.Count}."));
        if (delays.Count > 0)
        {
            var hist = delays.GroupBy(d => d).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key:0.##} d: {g.Count()}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Delays: median {delays[delays.Count / 2]:0.##} d, max {delays[^1]:0.##} d; distribution {string.Join(", ", hist)}."));
        }
        return string.Join('\n', lines);
    }

    private static string Names(IEnumerable<OpenedAlert> alerts)
    {
        var list = alerts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Kind} {a.Attribute}={a.Level} {a.Metric} (day {a.Day:0.##})")).ToList();
        return list.Count == 0 ? "none" : string.Join("; ", list);
    }
}
