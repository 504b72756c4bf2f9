using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reliability.Access;

/// <summary>
/// Every endpoint the app maps (read from its <see cref="EndpointDataSource"/>, so an endpoint added later is in the
/// matrix without editing this test) × every credential state: none, an unknown API key, an expired JWT, a JWT signed
/// with another key, and each role by API key and by JWT. Expected per cell: 401 for the four bad credentials, 403 for a
/// role the endpoint does not take, neither for a role it takes; /health, /ready and the dashboard's static files are
/// open. Roles per endpoint come from <see cref="ExpectedRoles"/> (the documented table of docs/service.md); an endpoint
/// missing from it is judged by its authorization policy and named in the output, and one with no policy at all fails.
/// </summary>
public sealed class AccessMatrixTests(ITestOutputHelper output)
{
    private static readonly string[] Roles = ["ingest", "viewer", "reviewer", "admin"];

    private static readonly string[] DatabaseSuffixes = ["", "-wal", "-shm"];

    /// <summary>docs/service.md's table: which roles may call each endpoint.</summary>
    private static readonly Dictionary<string, string[]> ExpectedRoles = new(StringComparer.Ordinal)
    {
        ["GET /v1/models"] = ["viewer", "reviewer", "admin"],
        ["POST /v1/models"] = ["admin"],
        ["GET /v1/models/{id}"] = ["viewer", "reviewer", "admin"],
        ["GET /v1/models/{id}/status"] = ["viewer", "reviewer", "admin"],
        ["GET /v1/models/{id}/audit"] = ["viewer", "reviewer", "admin"],
        ["GET /v1/models/{id}/series"] = ["viewer", "reviewer", "admin"],
        ["POST /v1/predictions"] = ["ingest", "admin"],
        ["POST /v1/actions"] = ["ingest", "admin"],
        ["POST /v1/outcomes"] = ["ingest", "admin"],
        ["GET /v1/alerts"] = ["viewer", "reviewer", "admin"],
        ["GET /v1/alerts/{id:long}"] = ["viewer", "reviewer", "admin"],
        ["POST /v1/alerts/{id:long}/transition"] = ["reviewer", "admin"],
        ["POST /v1/evaluate"] = ["admin"],
        ["POST /v1/keys"] = ["admin"],
        ["GET /v1/audit-log"] = ["admin"],
        ["GET /metrics"] = ["viewer", "reviewer", "admin"],
        ["GET /openapi/{documentName}.json"] = ["ingest", "viewer", "reviewer", "admin"],
    };

    /// <summary>Endpoints open by design: liveness, readiness, and the dashboard's files (they hold no data; every number comes from the authenticated API).</summary>
    private static readonly HashSet<string> Open = new(StringComparer.Ordinal) { "GET /health", "GET /ready", "GET /dashboard/{file?}" };

    [Fact]
    public async Task EveryEndpoint_ByRole_AndCredentialState_GetsItsExpectedStatus()
    {
        await using var service = await InMemoryService.StartAsync();
        var endpoints = Enumerate(service);
        Assert.True(endpoints.Count >= 19, $"only {endpoints.Count} endpoints found");
        Assert.Contains(endpoints, e => e.Name == "GET /health");
        Assert.Contains(endpoints, e => e.Name == "GET /ready");

        var states = new List<(string Name, Action<HttpRequestMessage> Apply, string? Role)>
        {
            ("no credential", _ => { }, null),
            ("unknown API key", r => r.Headers.Add("X-Api-Key", "vgl_unknown-key-nobody-has"), null),
            ("expired JWT", r => Bearer(r, Token("dr.late", "admin", expired: true)), null),
            ("JWT with a bad signature", r => Bearer(r, Token("mallory", "admin", key: "Zm9yZ2VkLWtleS1mb3JnZWQta2V5LWZvcmdlZC1rZXktMzI=")), null),
        };
        foreach (var role in Roles)
        {
            states.Add(($"{role} API key", r => r.Headers.Add("X-Api-Key", service.Keys[role]), role));
            states.Add(($"{role} JWT", r => Bearer(r, Token("jwt-" + role, role)), role));
        }

        var failures = new List<string>();
        var cells = 0;
        using var client = service.Client(null);
        foreach (var e in endpoints)
        {
            var allowed = ExpectedRoles.TryGetValue(e.Name, out var table) ? table : e.PolicyRoles;
            if (table is null) output.WriteLine($"{e.Name}: not in the table; judged by its policy ({string.Join(",", allowed ?? ["none"])})");
            if (allowed is null && !Open.Contains(e.Name))
            {
                failures.Add($"{e.Name}: no authorization policy and not one of the open endpoints");
                continue;
            }
            foreach (var (state, apply, role) in states)
            {
                cells++;
                using var request = new HttpRequestMessage(new HttpMethod(e.Method), e.Path);
                if (e.Method == "POST" && !e.Path.EndsWith("/evaluate", StringComparison.Ordinal))
                    request.Content = ServiceTestHost.Json(e.Path is "/v1/predictions" or "/v1/actions" or "/v1/outcomes" ? "[]" : "{}");
                apply(request);
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var expected = Open.Contains(e.Name) ? "open"
                    : role is null ? "401"
                    : allowed!.Contains(role) ? "allowed" : "403";
                var ok = expected switch
                {
                    "open" or "allowed" => status is not (401 or 403) && status < 500,
                    _ => status == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)
                        && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                };
                if (!ok) failures.Add($"{e.Method} {e.Path} with {state}: {status}, expected {expected}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        output.WriteLine($"{endpoints.Count} endpoints x {states.Count} credential states = {cells} cells");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(cells >= 200, $"{cells} cells");

        // no bad credential reached the audit trail as a secret: only hash prefixes
        var log = await service.Store.ReadAuditLogAsync(1, 10_000);
        Assert.Contains(log, a => a.Action == "sign-in-failed");
        Assert.DoesNotContain(log, a => (a.Subject + a.Detail).Contains("vgl_unknown-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiKeys_AreStoredAsTheirSha256_AndNoSecretIsInTheDatabaseOrTheLogs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-secrets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var keyFile = Path.Combine(folder, "pseudonym.key");
        await File.WriteAllTextAsync(keyFile, ServiceTestHost.PseudonymKey + "\n");
        try
        {
            // the pseudonym key from a file, the other secrets from the environment (no command-line flag takes a secret)
            await using var service = await InMemoryService.StartAsync(new Dictionary<string, string>
            {
                ["VIGIL_PSEUDONYM_KEY"] = "",
                ["VIGIL_PSEUDONYM_KEY_FILE"] = keyFile,
            });
            using (var client = service.Client(service.Keys["viewer"]))
            using (var ok = await client.GetAsync("/v1/models"))
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var token = Token("dr.ada", "viewer");
            using (var bearer = service.Client(null))
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
            {
                Bearer(request, token);
                using var ok = await bearer.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
            using (var wrong = service.Client("vgl_wrong-secret-for-the-log-scan"))
            using (var refused = await wrong.GetAsync("/v1/models"))
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            var secrets = service.Keys.Values.Concat([ServiceTestHost.AdminSecret, ServiceTestHost.PseudonymKey, SqliteServiceFixture.JwtKey, token, "vgl_wrong-secret-for-the-log-scan"]).ToList();
            await using (var c = new SqliteConnection($"Data Source={service.DatabasePath};Mode=ReadOnly;Pooling=False"))
            {
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT name, secret_hash FROM api_keys";
                var stored = new Dictionary<string, string>(StringComparer.Ordinal);
                await using (var reader = await cmd.ExecuteReaderAsync())
                    while (await reader.ReadAsync()) stored[reader.GetString(0)] = reader.GetString(1);
                foreach (var role in Roles)
                    Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(service.Keys[role]))), stored["test-" + role]);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ServiceTestHost.AdminSecret))), stored["bootstrap-admin"]);
            }
            var files = DatabaseSuffixes.Select(s => service.DatabasePath + s).Where(File.Exists).Select(File.ReadAllBytes).ToList();
            var logs = service.Logs.All;
            foreach (var secret in secrets)
            {
                foreach (var bytes in files) Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"a secret ({secret[..6]}...) is in the database files");
                Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            }
            Assert.NotEmpty(service.Logs.Lines);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ServeTakesNoSecretOnTheCommandLine()
    {
        var serve = Vigil.Cli.Commands.ServeCommand.Create(new Vigil.Cli.CliIO(TextWriter.Null, TextWriter.Null));
        foreach (var option in serve.Options)
            Assert.DoesNotMatch("(?i)key|secret|token|password", option.Name);
    }

    private sealed record Endpoint(string Method, string Name, string Path, string[]? PolicyRoles);

    private static List<Endpoint> Enumerate(InMemoryService service)
    {
        var source = service.App.Services.GetRequiredService<EndpointDataSource>();
        var policies = service.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        var list = new List<Endpoint>();
        foreach (var e in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var route = "/" + e.RoutePattern.RawText!.TrimStart('/');
            string[]? roles = null;
            if (e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                var names = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                if (names.Count > 0)
                    roles = names.SelectMany(n => policies.GetPolicy(n)!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>())
                        .SelectMany(r => r.AllowedRoles).Distinct().ToArray();
            }
            foreach (var method in methods)
                list.Add(new Endpoint(method, $"{method} {route}", Concrete(route), roles));
        }
        return list;
    }

    private static string Concrete(string route) => route
        .Replace("/v1/models/{id}", "/v1/models/sepsis-ews", StringComparison.Ordinal)
        .Replace("{id:long}", "999999", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{file?}", "index.html", StringComparison.Ordinal)
        .Split('/').Select(s => s.StartsWith('{') ? "1" : s).Aggregate((a, b) => a + "/" + b);

    private static void Bearer(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    private static string Token(string user, string role, bool expired = false, string key = SqliteServiceFixture.JwtKey)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SqliteServiceFixture.JwtIssuer,
            Audience = SqliteServiceFixture.JwtAudience,
            Claims = new Dictionary<string, object> { ["sub"] = user, ["role"] = role },
            IssuedAt = expired ? now.AddHours(-2) : now,
            NotBefore = expired ? now.AddHours(-2) : now.AddMinutes(-1),
            Expires = expired ? now.AddMinutes(-10) : now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
