using System.Net;
using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.AuditTrail;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>
/// The alert flow through HTTP, shared by the SQLite and PostgreSQL tests: a stream with an injected FNR rise for
/// sex = F (60% missed against 10% for M, every age band mixed alike) raises that alert and no other; it moves
/// open → acknowledged → resolved by named users; the audit trail verifies; the webhook receiver gets the alert even
/// though it answers 500 first.
/// </summary>
internal static class AlertFlow
{
    /// <summary>Predictions per run: 200 positives and 200 negatives per sex.</summary>
    public const int Events = 800;

    /// <summary>The events: even i female, odd male; i % 4 &lt; 2 positive; F positives missed when k % 5 &lt; 3, M when k % 10 == 0 (k = i / 4).</summary>
    public static (List<string> Predictions, List<string> Outcomes) Stream(string model, string tag, DateTimeOffset start)
    {
        var predictions = new List<string>(Events);
        var outcomes = new List<string>();
        int[] ages = [30, 50, 70];
        for (var i = 0; i < Events; i++)
        {
            var k = i / 4;
            var female = i % 2 == 0;
            var positive = i % 4 < 2;
            var missed = positive && (female ? k % 5 < 3 : k % 10 == 0);
            var alert = positive ? !missed : k % 10 == 0;
            var score = positive ? (alert ? 0.8 : 0.3) : (alert ? 0.7 : 0.1);
            var time = start.AddHours(i % 200);
            predictions.Add(Prediction(tag, i, time, ages[k % 3], female ? "F" : "M", score, alert, model));
            if (positive) outcomes.Add(Outcome(tag, i, time.AddHours(5)));
        }
        return (predictions, outcomes);
    }

    public static async Task RunAsync(ServiceTestHost host, string model, string ingestKey, string reviewerKey, string adminKey, string reviewerToken)
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        using var admin = host.Client(adminKey);
        using (var r = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(model, webhooks: [receiver.Url])))))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        var (predictions, outcomes) = Stream(model, model, DateTimeOffset.UtcNow.AddDays(-20).Date);
        using var ingest = host.Client(ingestKey);
        // outcomes first for half the encounters (kept, matched later), predictions in two formats, outcomes again
        await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Json(Array(outcomes.Take(100))));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(predictions.Take(500))));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Ndjson(Lines(predictions.Skip(500))));
        var last = await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Ndjson(Lines(outcomes)));
        Assert.Equal(new IngestResult(outcomes.Count - 100, 100), last);

        var summary = await EvaluateAsync(admin);
        Assert.Equal(1, summary.GetProperty("opened").GetInt32());
        Assert.Equal(0, (await EvaluateAsync(admin)).GetProperty("opened").GetInt32()); // deduplicated

        using var reviewer = host.Client(reviewerKey);
        var alerts = await GetAsync(reviewer, $"/v1/alerts?model={model}", MonitoringJsonContext.Default.ListMonitorAlert);
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertKind.RateBound, alert.Kind);
        Assert.Equal(("sex", "F", "fnr"), (alert.Attribute, alert.Level, alert.Metric));
        Assert.Equal(AlertState.Open, alert.State);
        Assert.InRange(alert.Value!.Value, 0.55, 0.65);

        var status = await GetAsync(reviewer, $"/v1/models/{model}/status", MonitoringJsonContext.Default.MonitorStatus);
        Assert.Equal(Events, status.Overall.Predictions);
        Assert.Equal(Events, status.Overall.Matured);
        var female = status.Groups.Single(g => g.Attribute == "sex" && g.Level == "F");
        Assert.Equal(0.6, female.Fnr.Value!.Value, 6);
        Assert.Equal(0.1, status.Groups.Single(g => g.Attribute == "sex" && g.Level == "M").Fnr.Value!.Value, 6);
        Assert.Equal(alert.Id, Assert.Single(status.OpenAlerts).Id);

        using (var audit = await reviewer.GetAsync($"/v1/models/{model}/audit"))
        {
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
            using var doc = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
            Assert.Equal("vigil.audit/v2", doc.RootElement.GetProperty("schema").GetString());
        }

        var acknowledged = await TransitionAsync(reviewer, alert.Id, "acknowledged", HttpStatusCode.OK);
        Assert.Equal(AlertState.Acknowledged, acknowledged!.State);
        Assert.Equal("test-reviewer", acknowledged.History[^1].User);
        using var doctor = host.BearerClient(reviewerToken);
        var resolved = await TransitionAsync(doctor, alert.Id, "resolved", HttpStatusCode.OK);
        Assert.Equal(AlertState.Resolved, resolved!.State);
        Assert.Equal("dr.grace", resolved.History[^1].User);
        await TransitionAsync(reviewer, alert.Id, "acknowledged", HttpStatusCode.Conflict);

        var log = await GetAsync(admin, "/v1/audit-log?max=10000", MonitoringJsonContext.Default.ListAuditLogEntry);
        Assert.Null(AuditChain.Verify(log));
        Assert.Contains(log, e => e.Action == "model.registered" && e.Subject == $"{model}@{ModelVersion}");
        Assert.Contains(log, e => e.Action == "alert.opened" && e.Actor == "monitor" && e.Subject == $"alert:{alert.Id}");
        Assert.Contains(log, e => e.Action == "alert.acknowledged" && e.Actor == "test-reviewer");
        Assert.Contains(log, e => e.Action == "alert.resolved" && e.Actor == "dr.grace");
        Assert.Contains(log, e => e.Action == "export.status" && e.Subject == model);
        Assert.Contains(log, e => e.Action == "export.audit");

        var opened = await receiver.WaitForAsync(b => b.Contains("\"alert.opened\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.NotNull(opened);
        Assert.True(receiver.Calls >= 2, "the receiver's first answer was 500, so the alert came by a retry");
        using (var doc = JsonDocument.Parse(opened))
        {
            Assert.Equal(alert.Id, doc.RootElement.GetProperty("alert").GetProperty("id").GetInt64());
            Assert.Equal("F", doc.RootElement.GetProperty("alert").GetProperty("level").GetString());
            // the webhook carries the alerts API's clinical translation (or its absence), not a second wording
            var sent = doc.RootElement.GetProperty("alert").TryGetProperty("clinical_translation", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            Assert.Equal(alert.ClinicalTranslation, sent);
        }
        Assert.NotNull(await receiver.WaitForAsync(b => b.Contains("\"alert.resolved\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30)));
    }

    private static async Task<JsonElement> EvaluateAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/v1/evaluate", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task<MonitorAlert?> TransitionAsync(HttpClient client, long id, string state, HttpStatusCode expected)
    {
        using var response = await client.PostAsync($"/v1/alerts/{id}/transition", ServiceTestHost.Json($$"""{"state":"{{state}}","note":"checked by the test"}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{state}: {(int)response.StatusCode} {text}");
        return expected == HttpStatusCode.OK ? JsonSerializer.Deserialize(text, MonitoringJsonContext.Default.MonitorAlert) : null;
    }

    internal static async Task<T> GetAsync<T>(HttpClient client, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize(text, type)!;
    }
}
