using System.Net;
using System.Text.Json;
using Xunit;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>Every endpoint but /health and /ready refuses no credential and a wrong one (401), and a role that may not call it (403), with problem details.</summary>
public sealed class ServiceSecurityTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    /// <summary>Every endpoint, a body that does nothing harmful, and the roles that may call it.</summary>
    public static TheoryData<string, string, string?, string> Endpoints() => new()
    {
        { "GET", "/v1/models", null, "viewer,reviewer,admin" },
        { "POST", "/v1/models", "{}", "admin" },
        { "GET", "/v1/models/sepsis-ews", null, "viewer,reviewer,admin" },
        { "GET", "/v1/models/sepsis-ews/status", null, "viewer,reviewer,admin" },
        { "GET", "/v1/models/sepsis-ews/audit", null, "viewer,reviewer,admin" },
        { "POST", "/v1/predictions", "[]", "ingest,admin" },
        { "POST", "/v1/actions", "[]", "ingest,admin" },
        { "POST", "/v1/outcomes", "[]", "ingest,admin" },
        { "GET", "/v1/alerts", null, "viewer,reviewer,admin" },
        { "GET", "/v1/alerts/999999", null, "viewer,reviewer,admin" },
        { "POST", "/v1/alerts/999999/transition", """{"state":"acknowledged","note":null}""", "reviewer,admin" },
        { "POST", "/v1/evaluate", null, "admin" },
        { "POST", "/v1/keys", "{}", "admin" },
        { "GET", "/v1/audit-log", null, "admin" },
        { "GET", "/v1/models/sepsis-ews/safeguards", null, "viewer,reviewer,admin" },
        { "POST", "/v1/models/sepsis-ews/safeguards", "{}", "reviewer,admin" },
        { "POST", "/v1/models/sepsis-ews/safeguards/999999/end", "{}", "reviewer,admin" },
        { "GET", "/metrics", null, "viewer,reviewer,admin" },
        { "GET", "/openapi/v1.json", null, "ingest,viewer,reviewer,admin" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_RefusesNoKeyWrongKeyAndWrongRole(string method, string path, string? body, string allowed)
    {
        var host = fixture.Host;
        await ExpectAsync(host.Client(apiKey: null), method, path, body, HttpStatusCode.Unauthorized);
        await ExpectAsync(host.Client("vgl_not-a-key-anyone-has"), method, path, body, HttpStatusCode.Unauthorized);
        await ExpectAsync(host.BearerClient(SqliteServiceFixture.Token("mallory", "admin", key: "Zm9yZ2VkLWtleS1mb3JnZWQta2V5LWZvcmdlZC1rZXktMzI=")), method, path, body, HttpStatusCode.Unauthorized);
        var roles = allowed.Split(',');
        foreach (var (role, secret) in fixture.Keys)
        {
            using var client = host.Client(secret);
            using var response = await SendAsync(client, method, path, body);
            if (roles.Contains(role))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{method} {path} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = await ProblemAsync(response);
                Assert.Contains($"role '{role}' may not call this endpoint", problem.GetProperty("detail").GetString());
            }
        }
    }

    [Fact]
    public async Task HealthAndReady_NeedNoCredential()
    {
        using var client = fixture.Host.Client(apiKey: null);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("sqlite", doc.RootElement.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Jwt_WithTheRightRole_IsAccepted_AndNamesTheUser()
    {
        using var viewer = fixture.Host.BearerClient(SqliteServiceFixture.Token("dr.ada", "viewer"));
        using var models = await viewer.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        using var forbidden = await viewer.PostAsync("/v1/evaluate", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var otherIssuer = fixture.Host.BearerClient(SqliteServiceFixture.Token("dr.ada", "viewer", issuer: "https://elsewhere"));
        using var refused = await otherIssuer.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var wrongKey = fixture.Host.Client("vgl_not-a-key-for-the-audit-trail");
        using var wrongKeyResponse = await wrongKey.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKeyResponse.StatusCode);

        var log = await fixture.Host.Store.ReadAuditLogAsync(1, 10_000);
        Assert.Contains(log, e => e.Action == "sign-in" && e.Actor == "dr.ada");
        Assert.Contains(log, e => e.Action == "sign-in-failed" && e.Subject.StartsWith("api-key:", StringComparison.Ordinal));
        Assert.DoesNotContain(log, e => e.Subject.Contains("vgl_not-a-key", StringComparison.Ordinal) || e.Detail.Contains("vgl_not-a-key", StringComparison.Ordinal));
    }

    private static async Task ExpectAsync(HttpClient client, string method, string path, string? body, HttpStatusCode expected)
    {
        using (client)
        using (var response = await SendAsync(client, method, path, body))
        {
            Assert.Equal(expected, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = ServiceTestHost.Json(body);
        return await client.SendAsync(request);
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
