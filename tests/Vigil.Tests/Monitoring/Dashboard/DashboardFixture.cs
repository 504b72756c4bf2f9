using System.Net;
using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>
/// One `vigil serve` on Kestrel loopback over a temp SQLite file, with two models fed the alert-flow stream through HTTP
/// (an injected FNR rise for sex = F: 60% missed against 10% for M), clinician actions (F overridden more often), and
/// one evaluation, so each model has exactly one open FNR alert. Model A is for the reviewer's browser test, B for the viewer's.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ModelA = "sepsis-dash-a";
    public const string ModelB = "sepsis-dash-b";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vigil-dashboard-" + Guid.NewGuid().ToString("N"));

    internal ServiceTestHost Host { get; private set; } = null!;

    /// <summary>Secrets of keys named after their role: ingest, viewer, reviewer.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The open alert of each model.</summary>
    public Dictionary<string, MonitorAlert> Alerts { get; } = new(StringComparer.Ordinal);

    /// <summary>Clinician actions per model: every fourth prediction; F's overridden 1 in 2, M's 1 in 5.</summary>
    public const int ActionsPerModel = AlertFlow.Events / 4;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Host = await ServiceTestHost.StartAsync("sqlite:" + Path.Combine(Directory, "vigil.db"));
        foreach (var role in new[] { "ingest", "viewer", "reviewer" })
            Keys[role] = await Host.CreateKeyAsync("dash-" + role, role);
        using var admin = Host.Client();
        using var ingest = Host.Client(Keys["ingest"]);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-12).Date, TimeSpan.Zero);
        foreach (var model in new[] { ModelA, ModelB })
        {
            using (var r = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(model)))))
                Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            var (predictions, outcomes) = AlertFlow.Stream(model, model, start);
            await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(predictions)));
            await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Json(Array(outcomes)));
            var actions = new List<string>(ActionsPerModel);
            for (var i = 0; i < AlertFlow.Events; i += 4)
            {
                var female = i % 2 == 0;
                var overridden = female ? i / 4 % 2 == 0 : i / 4 % 5 == 0;
                actions.Add(Action(model, i, start.AddHours(i % 200).AddMinutes(5), overridden ? "overridden" : "accepted"));
            }
            await ServiceIngestTests.IngestAsync(ingest, "/v1/actions", ServiceTestHost.Json(Array(actions)));
        }
        using (var r = await admin.PostAsync("/v1/evaluate", null))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var reviewer = Host.Client(Keys["reviewer"]);
        foreach (var model in new[] { ModelA, ModelB })
        {
            var alert = Assert.Single(await AlertFlow.GetAsync(reviewer, $"/v1/alerts?model={model}", MonitoringJsonContext.Default.ListMonitorAlert));
            Assert.Equal(("sex", "F", "fnr", AlertState.Open), (alert.Attribute, alert.Level, alert.Metric, alert.State));
            Alerts[model] = alert;
        }
    }

    /// <summary>The alert as the API now reports it.</summary>
    public async Task<MonitorAlert> AlertAsync(string model)
    {
        using var reviewer = Host.Client(Keys["reviewer"]);
        return await AlertFlow.GetAsync(reviewer, $"/v1/alerts/{Alerts[model].Id}", MonitoringJsonContext.Default.MonitorAlert);
    }

    /// <summary>A GET returning JSON, asserting 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string key, string path)
    {
        using var client = Host.Client(key);
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open: the temp directory is cleaned by the OS
        }
    }
}
