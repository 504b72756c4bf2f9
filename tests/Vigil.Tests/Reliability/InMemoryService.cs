using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Store;
using Vigil.Service;
using Vigil.Tests.Monitoring.Service;

namespace Vigil.Tests.Reliability;

/// <summary>
/// The real `vigil serve` app (<see cref="ServiceHost.Build(ServiceOptions, Action{WebApplicationBuilder}?)"/>, every
/// middleware and endpoint) on ASP.NET Core's in-memory TestServer over a real SQLite file: real HTTP semantics without
/// sockets, so ten thousand requests take seconds. JWT is on; one key per role; the sepsis registration stored. The rate
/// limit is raised (the fuzzer is one caller sending thousands of requests a second; the limiter has its own test).
/// </summary>
internal sealed class InMemoryService : IAsyncDisposable
{
    private readonly string _directory;

    private InMemoryService(WebApplication app, string directory, CapturedLogs logs)
    {
        App = app;
        _directory = directory;
        Logs = logs;
    }

    public WebApplication App { get; }

    public CapturedLogs Logs { get; }

    public string DatabasePath => Path.Combine(_directory, "vigil.db");

    public IMonitorStore Store => App.Services.GetRequiredService<IMonitorStore>();

    /// <summary>Secrets of keys named after their role: ingest, viewer, reviewer, admin.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts the app over <paramref name="store"/> (default: a new SQLite file in a temp folder); <paramref name="prepare"/>
    /// creates the role keys and registers the sepsis model (off for a store that has them, e.g. a restored backup).
    /// </summary>
    public static async Task<InMemoryService> StartAsync(IDictionary<string, string>? extraEnvironment = null, string? store = null, bool prepare = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-reliability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var env = ServiceTestHost.Environment(new Dictionary<string, string>
        {
            ["VIGIL_JWT_ISSUER"] = SqliteServiceFixture.JwtIssuer,
            ["VIGIL_JWT_AUDIENCE"] = SqliteServiceFixture.JwtAudience,
            ["VIGIL_JWT_SIGNING_KEY"] = SqliteServiceFixture.JwtKey,
            ["VIGIL_RATE_LIMIT_PER_SECOND"] = "1000000",
        });
        // an empty value removes the variable (e.g. the pseudonym key, to take it from a file instead)
        if (extraEnvironment is not null)
            foreach (var (k, v) in extraEnvironment)
                if (v.Length == 0) env.Remove(k);
                else env[k] = v;
        var logs = new CapturedLogs();
        var app = ServiceHost.Build(new ServiceOptions(store ?? "sqlite:" + Path.Combine(directory, "vigil.db"), null, ["http://127.0.0.1:0"]), b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.AddProvider(logs);
            b.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        }, name => env.TryGetValue(name, out var value) ? value : null);
        await app.StartAsync();
        var service = new InMemoryService(app, directory, logs);
        if (!prepare) return service;
        foreach (var role in new[] { "ingest", "viewer", "reviewer", "admin" })
            service.Keys[role] = await service.CreateKeyAsync("test-" + role, role);
        using var admin = service.Client(ServiceTestHost.AdminSecret);
        using var response = await admin.PostAsync("/v1/models", ServiceTestHost.Json(ServiceScenario.RegistrationJson()));
        if ((int)response.StatusCode != 201) throw new InvalidOperationException("registration failed: " + await response.Content.ReadAsStringAsync());
        return service;
    }

    /// <summary>A client of the in-memory server with an API key (null: none).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = App.GetTestClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private async Task<string> CreateKeyAsync(string name, string role)
    {
        using var admin = Client(ServiceTestHost.AdminSecret);
        using var response = await admin.PostAsync("/v1/keys", ServiceTestHost.Json($$"""{"name":"{{name}}","role":"{{role}}"}"""));
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"creating key {name}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("secret").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on some platform: the temp folder is cleaned by the OS
        }
    }
}
