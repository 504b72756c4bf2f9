using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Application;
using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.AuditTrail;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Client;

/// <summary>The client over real HTTP (a scripted loopback server): retries, one-line problems, the key header, paging.</summary>
public sealed class MonitorClientTests
{
    private static readonly RetryPolicy Fast = new(4, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));

    private static Task Json(HttpContext c, int status, string body, string type = "application/json")
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = type;
        return c.Response.WriteAsync(body);
    }

    private static PredictionEvent Prediction(string id) =>
        new(id, "sepsis", "1", new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), "enc-" + id, "pat-" + id, null, null,
            new Dictionary<string, string> { ["sex"] = "F" }, null, 0.7, true, null);

    [Fact]
    public async Task Ingest_is_retried_after_5xx_and_sends_the_key_every_time()
    {
        await using var stub = await LoopbackStub.StartAsync((c, n) => n <= 2
            ? Json(c, 503, """{"title":"Service Unavailable","status":503}""", "application/problem+json")
            : Json(c, 200, """{"accepted":1,"duplicates":0}"""));
        using var client = new MonitorClient(stub.Address, "k-secret", Fast);
        var retries = new List<string>();
        client.OnRetry = (what, _) => retries.Add(what);

        var result = await client.PushPredictionsAsync([Prediction("e1")]);

        Assert.Equal(new IngestResult(1, 0), result);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal(("POST", "/v1/predictions", "k-secret"), (r.Method, r.PathAndQuery, r.ApiKey)));
        Assert.Equal(2, retries.Count);
        Assert.DoesNotContain(retries, r => r.Contains("k-secret", StringComparison.Ordinal));
        var sent = JsonSerializer.Deserialize(stub.Requests[2].Body, MonitoringJsonContext.Default.ListPredictionEvent)!;
        Assert.Equal("e1", Assert.Single(sent).EventId);
    }

    [Fact]
    public async Task A_validation_problem_is_not_retried_and_becomes_one_line_naming_the_field()
    {
        await using var stub = await LoopbackStub.StartAsync((c, _) => Json(c, 400,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"[0].score":["1.7: expected a number in [0, 1]"]}}""",
            "application/problem+json"));
        using var client = new MonitorClient(stub.Address, "k", Fast);

        var e = await Assert.ThrowsAsync<VigilException>(() => client.PushPredictionsAsync([Prediction("e1")]));

        Assert.Single(stub.Requests);
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.Equal("POST /v1/predictions: 400 Bad Request: One or more validation errors occurred.; [0].score: 1.7: expected a number in [0, 1]", e.Message);
    }

    [Fact]
    public async Task A_refused_key_is_a_usage_error_that_says_how_to_give_one()
    {
        await using var stub = await LoopbackStub.StartAsync((c, _) => Json(c, 401, """{"title":"Unauthorized","status":401,"detail":"no API key"}""", "application/problem+json"));
        using var client = new MonitorClient(stub.Address, null, Fast);
        var e = await Assert.ThrowsAsync<VigilException>(() => client.ListModelsAsync());
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Contains("401 Unauthorized: no API key", e.Message, StringComparison.Ordinal);
        Assert.Contains("VIGIL_API_KEY", e.Message, StringComparison.Ordinal);
        Assert.Null(stub.Requests[0].ApiKey);
    }

    [Fact]
    public async Task An_unreachable_service_fails_after_the_retries_naming_the_url()
    {
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        }
        using var client = new MonitorClient(new Uri($"http://127.0.0.1:{port}"), "k", Fast);
        var retries = 0;
        client.OnRetry = (_, _) => retries++;
        var e = await Assert.ThrowsAsync<VigilException>(() => client.GetAuditLogAsync(1, 10));
        Assert.Equal("url", e.Parameter);
        Assert.Equal(3, retries);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_audit_queries_carry_the_period_and_version()
    {
        await using var stub = await LoopbackStub.StartAsync((c, _) => Json(c, 200, """{"schema":"vigil.audit/v2"}"""));
        using var client = new MonitorClient(stub.Address, "k", Fast);
        var text = await client.GetAuditJsonAsync("sepsis ews", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), "2.0");
        Assert.Equal("""{"schema":"vigil.audit/v2"}""", text);
        Assert.Equal("/v1/models/sepsis%20ews/audit?from=2026-03-01T00%3A00%3A00.0000000%2B00%3A00&to=2026-04-01T00%3A00%3A00.0000000%2B00%3A00&version=2.0", stub.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Push_sends_batches_of_the_given_size_and_adds_up_the_answers()
    {
        using var dir = new TempDir();
        var path = dir.File("o.csv", "event_id,encounter,kind,time\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"o{i},enc{i},sepsis_onset,2026-03-02T04:00:00Z\n")));
        await using var stub = await LoopbackStub.StartAsync((c, n) => Json(c, 200, n == 2 ? """{"accepted":3,"duplicates":2}""" : """{"accepted":5,"duplicates":0}"""));
        using var client = new MonitorClient(stub.Address, "k", Fast);

        var result = await PushJob.RunAsync(client, new PushOptions(path, EventKind.Outcomes, BatchSize: 5), NoProgress.Instance);

        Assert.Equal(new PushResult(12, 3, 13, 2), result); // the stub's answers, added up
        Assert.Equal([5, 5, 2], stub.Requests.Select(r => JsonSerializer.Deserialize(r.Body, MonitoringJsonContext.Default.ListOutcomeEvent)!.Count));
        Assert.All(stub.Requests, r => Assert.Equal("/v1/outcomes", r.PathAndQuery));
    }

    [Fact]
    public async Task A_predictions_csv_takes_its_columns_and_threshold_from_the_registration()
    {
        using var dir = new TempDir();
        var path = dir.File("p.csv", "event_id,model,time,encounter,patient,sex,lactate,score\ne1,sepsis,2026-03-01T10:00:00Z,enc1,pat1,F,2.0,0.35\n");
        var registration = new ModelRegistration(ModelRegistration.SchemaName, "sepsis", "1", "test", [new ProtectedSpec("sex", null, null)], ["lactate"], 0.3,
            new OutcomeDefinition("sepsis_onset", 72, 0, []), 11, new MonitorSettings([], [], null, null, null, null, 0.95, 30, 720, []), null);
        var models = JsonSerializer.Serialize(new List<ModelRegistration> { registration }, MonitoringJsonContext.Default.ListModelRegistration);
        await using var stub = await LoopbackStub.StartAsync((c, _) => c.Request.Method == "GET" ? Json(c, 200, models) : Json(c, 200, """{"accepted":1,"duplicates":0}"""));
        using var client = new MonitorClient(stub.Address, "k", Fast);

        await PushJob.RunAsync(client, new PushOptions(path, EventKind.Predictions) { ModelVersion = "1" }, NoProgress.Instance);

        var sent = Assert.Single(JsonSerializer.Deserialize(stub.Requests[1].Body, MonitoringJsonContext.Default.ListPredictionEvent)!);
        Assert.True(sent.Alert); // 0.35 >= the registration's 0.3
        Assert.Equal("1", sent.ModelVersion);
        Assert.Equal(2.0, sent.Features!["lactate"]);
        Assert.Equal("F", sent.Protected["sex"]);
    }

    /// <summary>A chain of <paramref name="n"/> entries hashed as stores hash them.</summary>
    internal static List<AuditLogEntry> Chain(int n)
    {
        var list = new List<AuditLogEntry>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= n; i++)
        {
            var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i);
            var hash = AuditChain.HashOf(previous, i, at, "admin", "model.register", $"sepsis/{i}", "{}");
            list.Add(new AuditLogEntry(i, at, "admin", "model.register", $"sepsis/{i}", "{}", previous, hash));
            previous = hash;
        }
        return list;
    }

    [Fact]
    public async Task Audit_log_verify_reads_every_page_and_names_the_first_broken_link()
    {
        var chain = Chain(2500);
        var tampered = false;
        await using var stub = await LoopbackStub.StartAsync((c, _) =>
        {
            var from = long.Parse(c.Request.Query["from"]!, System.Globalization.CultureInfo.InvariantCulture);
            var max = int.Parse(c.Request.Query["max"]!, System.Globalization.CultureInfo.InvariantCulture);
            var page = chain.Where(e => e.Sequence >= from).Take(max)
                .Select(e => tampered && e.Sequence == 1234 ? e with { Detail = "{\"threshold\":0.9}" } : e).ToList();
            return Json(c, 200, JsonSerializer.Serialize(page, MonitoringJsonContext.Default.ListAuditLogEntry));
        });

        var (code, output, err) = CliRunner.Run("audit-log", "verify", "--url", stub.Address.ToString(), "--api-key", "k");
        Assert.True(code == 0, err);
        Assert.Equal("intact: 2,500 entries", output.Trim());
        Assert.Equal(3, stub.Requests.Count); // pages of 1000: 1000, 1000, 500

        tampered = true;
        (code, output, err) = CliRunner.Run("audit-log", "verify", "--url", stub.Address.ToString(), "--api-key", "k");
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains("audit trail broken at entry 1234: entry 1234's hash does not match its content", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_log_verify_needs_exactly_one_source()
    {
        var (code, _, err) = CliRunner.Run("audit-log", "verify");
        Assert.Equal(2, code);
        Assert.Contains("either --url or --store", err, StringComparison.Ordinal);
    }
}
