using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Monitoring.Client;
using Vigil.Application;
using Vigil.Application.Demo;
using Vigil.Application.Monitoring;
using Vigil.Application.Simulation;
using Vigil.Cli.Commands;
using Vigil.Service;
using Xunit;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>
/// A small run of the sepsis example through the real service (Kestrel on loopback, SQLite, a simulated clock), as
/// `vigil demo sepsis-monitoring` runs it, with a registration that has a reference profile (so the drift heat map and
/// the FNR translation have something to show) and a lactate assay change on day 6 next to the 65+ FNR rise on day 5:
/// 12 days × 600 encounters (so that lactate, measured in about 40%, has the 200 values a day a heat-map cell needs),
/// monitors every 12 simulated hours. The service keeps running for the browser.
/// </summary>
public sealed class SepsisDashboardFixture : IAsyncLifetime
{
    public const string AdminKey = "vgl_sepsis-dashboard-test-admin";

    /// <summary>The scenario: smaller than the example, so the fixture takes seconds.</summary>
    public static readonly SepsisExample Example = SepsisExample.Default with { Days = 12, EncountersPerDay = 600, InjectionDay = 5, Factor = 2.5, ReferenceDays = 20, EvaluateEveryHours = 12 };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vigil-sepsis-dashboard-");
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public SepsisDemoResult Result { get; private set; } = null!;

    public SimulationSettings Settings { get; } = Example.Settings(1, SimulationSettings.DefaultStart) is var s
        ? s with { Injections = [.. s.Injections, new FeatureShift(6, "lactate", 1.6, 0)] } : null!;

    public async Task InitializeAsync()
    {
        var referencePath = Path.Combine(_dir.FullName, SimulationFiles.Reference);
        SimulationFiles.WriteReference(SepsisSimulator.Reference(Settings), referencePath);
        var registration = SepsisRegistration.Build(Settings, referencePath);
        var clock = new SimulatedClock(Settings.Start);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VIGIL_PSEUDONYM_KEY"] = Simulation.DetectionHarness.PseudonymKey,
            ["VIGIL_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
            ["VIGIL_EVALUATION_INTERVAL_SECONDS"] = "0",
            ["VIGIL_RATE_LIMIT_PER_SECOND"] = "100000",
        };
        _app = ServiceHost.Build(new ServiceOptions("sqlite:" + Path.Combine(_dir.FullName, "vigil.db"), null, ["http://127.0.0.1:0"]),
            b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
            name => env.TryGetValue(name, out var v) ? v : null);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = Address };
        using var client = new MonitorClient(http, AdminKey);
        Result = await SepsisDemoRun.RunAsync(Example, Settings, registration, client, t => clock.Now = t, async ct =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/evaluate");
            request.Headers.Add("X-Api-Key", AdminKey);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        }, NoProgress.Instance);
        // Seven hours into the last simulated day: its bucket is partial, as on a live service at 07:00.
        clock.Now = Settings.Start.AddHours((Example.Days - 1) * 24 + 7);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _dir.Delete(true);
        }
        catch (IOException)
        {
            // a file still open: the temp directory is cleaned by the OS
        }
    }
}
