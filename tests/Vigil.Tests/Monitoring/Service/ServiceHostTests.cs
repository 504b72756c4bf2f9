using System.Net;
using System.Text.Json;
using Vigil.Core;
using Vigil.Service;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>Starting the service (settings, refusing to start without a pseudonym key, the bootstrap key), its OpenAPI document, metrics, keys and limits.</summary>
public sealed class ServiceHostTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    [Fact]
    public void WithoutPseudonymKey_RefusesToStart_SayingHowToMakeOne()
    {
        var env = ServiceTestHost.Environment();
        env.Remove("VIGIL_PSEUDONYM_KEY");
        var e = Assert.Throws<VigilException>(() => ServiceHost.Build(new ServiceOptions("sqlite:" + fixture.DatabasePath, null, []), null, n => env.GetValueOrDefault(n)));
        Assert.Equal("pseudonym_key", e.Parameter);
        Assert.Contains("VIGIL_PSEUDONYM_KEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", e.Message, StringComparison.Ordinal);

        env["VIGIL_PSEUDONYM_KEY"] = Convert.ToBase64String(new byte[16]);
        e = Assert.Throws<VigilException>(() => ServiceHost.Build(new ServiceOptions("sqlite:" + fixture.DatabasePath, null, []), null, n => env.GetValueOrDefault(n)));
        Assert.Contains("16 bytes; expected at least 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_UnknownKeyAndBadValue_AreRefusedByName()
    {
        var path = Path.Combine(fixture.Directory, "bad.yaml");
        File.WriteAllText(path, "pseudonym_key: " + ServiceTestHost.PseudonymKey + "\nlimits:\n  max_request_byte: 10\n");
        var e = Assert.Throws<VigilException>(() => ServiceHost.Build(new ServiceOptions("sqlite:x.db", path, []), null, _ => null));
        Assert.Contains("unknown key 'limits.max_request_byte'", e.Message, StringComparison.Ordinal);

        var json = Path.Combine(fixture.Directory, "bad.json");
        File.WriteAllText(json, "{\"pseudonym_key\":\"" + ServiceTestHost.PseudonymKey + "\",\"evaluation\":{\"interval_seconds\":-5}}");
        e = Assert.Throws<VigilException>(() => ServiceHost.Build(new ServiceOptions("sqlite:x.db", json, []), null, _ => null));
        Assert.Equal("evaluation.interval_seconds", e.Parameter);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheEndpoints()
    {
        using var client = fixture.Host.Client(fixture.Keys["viewer"]);
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/health", "/ready", "/v1/models", "/v1/models/{id}", "/v1/models/{id}/status", "/v1/models/{id}/audit", "/v1/predictions", "/v1/actions", "/v1/outcomes", "/v1/alerts", "/v1/alerts/{id}", "/v1/alerts/{id}/transition", "/v1/evaluate", "/v1/keys", "/v1/audit-log" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        Assert.True(paths.GetProperty("/v1/predictions").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task Metrics_CountIngestedEventsAndRejections()
    {
        const string model = "metrics-model";
        using (var admin = fixture.Host.Client(fixture.Keys["admin"]))
        using (var r = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(model)))))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        var events = Enumerable.Range(0, 7).Select(i => Prediction("metrics", i, DateTimeOffset.UtcNow.AddHours(-3), 50, "F", 0.5, true, model));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(events)));
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using var response = await viewer.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("vigil_ingest_events", text, StringComparison.Ordinal);
        Assert.Contains("kind=\"prediction\"", text, StringComparison.Ordinal);
        Assert.Contains("vigil_requests_rejected", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatedKey_Works_ItsSecretIsNotStored_AndRegistrationTwiceIs409()
    {
        var secret = await fixture.Host.CreateKeyAsync("dashboard", "viewer");
        Assert.StartsWith(ApiKeys.SecretPrefix, secret, StringComparison.Ordinal);
        using var viewer = fixture.Host.Client(secret);
        using var models = await viewer.GetAsync("/v1/models/" + Model);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        var stored = await fixture.Host.Store.FindApiKeyAsync(ApiKeys.HashOf(secret));
        Assert.Equal("dashboard", stored!.Name);
        Assert.DoesNotContain(secret, File.ReadAllText(fixture.DatabasePath + (File.Exists(fixture.DatabasePath + "-wal") ? "-wal" : "")), StringComparison.Ordinal);

        using var admin = fixture.Host.Client(fixture.Keys["admin"]);
        using var again = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var bad = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(version: "")).Replace("\"threshold\": 0.5", "\"threshold\": 7")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badKey = await admin.PostAsync("/v1/keys", ServiceTestHost.Json("""{"name":"x","role":"root"}"""));
        var problem = await ServiceSecurityTests.ProblemAsync(badKey);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Limits_BodySizeBatchSizeAndRate_AreEnforcedWithProblems()
    {
        var dir = Path.Combine(fixture.Directory, "limits");
        Directory.CreateDirectory(dir);
        await using var host = await ServiceTestHost.StartAsync("sqlite:" + Path.Combine(dir, "limits.db"), ServiceTestHost.Environment(new Dictionary<string, string>
        {
            ["VIGIL_MAX_REQUEST_BYTES"] = "4096",
            ["VIGIL_MAX_BATCH_EVENTS"] = "5",
            ["VIGIL_RATE_LIMIT_PER_SECOND"] = "3",
        }));
        using var admin = host.Client();
        // Expect: 100-continue lets the server refuse the oversize body before the client sends it; without it the client
        // may still be writing when the server answers 413 and closes, and sees "the response ended prematurely".
        using var bigRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/outcomes") { Content = ServiceTestHost.Json(new string(' ', 5000) + "[]") };
        bigRequest.Headers.ExpectContinue = true;
        using (var big = await admin.SendAsync(bigRequest))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            Assert.Contains("4,096", (await ServiceSecurityTests.ProblemAsync(big)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var many = await admin.PostAsync("/v1/outcomes", ServiceTestHost.Json(Array(Enumerable.Range(0, 6).Select(i => Outcome("lim", i, DateTimeOffset.UtcNow))))))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);
        // 40 requests at once: more than 3 arrive within one second however slow a loaded machine answers each one
        // (sent one after another, a busy CI machine answered too slowly to reach the limit).
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => admin.GetAsync("/v1/models")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var r in responses) r.Dispose();
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // the bootstrap key is stored once: a second start over the same database with another secret does not add it
        var keyHash = ApiKeys.HashOf("vgl_another-bootstrap");
        await using var second = await ServiceTestHost.StartAsync("sqlite:" + Path.Combine(dir, "limits.db"), ServiceTestHost.Environment(new Dictionary<string, string>
        {
            ["VIGIL_BOOTSTRAP_ADMIN_KEY"] = "vgl_another-bootstrap",
        }));
        Assert.Null(await second.Store.FindApiKeyAsync(keyHash));
        Assert.NotNull(await second.Store.FindApiKeyAsync(ApiKeys.HashOf(ServiceTestHost.AdminSecret)));
    }
}
