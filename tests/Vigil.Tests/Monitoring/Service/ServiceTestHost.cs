using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Store;
using Vigil.Service;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>
/// One `vigil serve` on Kestrel at a free loopback port over a real store, with every log message captured. Settings
/// come through a fake environment (never the test process's), so tests run in parallel.
/// </summary>
internal sealed class ServiceTestHost : IAsyncDisposable
{
    /// <summary>A fixed 32-byte pseudonym key (base64).</summary>
    public const string PseudonymKey = "dmlnaWwtdGVzdC1wc2V1ZG9ueW0ta2V5LTMyLWJ5dGVzISE=";

    /// <summary>The bootstrap admin secret every test host starts with.</summary>
    public const string AdminSecret = "vgl_test-bootstrap-admin-secret";

    private ServiceTestHost(WebApplication app, Uri address, CapturedLogs logs)
    {
        App = app;
        Address = address;
        Logs = logs;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public CapturedLogs Logs { get; }

    public IMonitorStore Store => App.Services.GetRequiredService<IMonitorStore>();

    /// <summary>The environment every test host gets (plus <paramref name="extra"/>).</summary>
    public static Dictionary<string, string> Environment(IDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VIGIL_PSEUDONYM_KEY"] = PseudonymKey,
            ["VIGIL_BOOTSTRAP_ADMIN_KEY"] = AdminSecret,
            ["VIGIL_EVALUATION_INTERVAL_SECONDS"] = "0",
            ["VIGIL_WEBHOOK_POLL_SECONDS"] = "0.05",
            ["VIGIL_WEBHOOK_RETRY_BASE_DELAY_MS"] = "20",
        };
        if (extra is not null) foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    public static async Task<ServiceTestHost> StartAsync(string store, IDictionary<string, string>? environment = null, string? configPath = null)
    {
        var env = environment ?? Environment();
        var logs = new CapturedLogs();
        var app = ServiceHost.Build(new ServiceOptions(store, configPath, ["http://127.0.0.1:0"]), b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        }, name => env.TryGetValue(name, out var value) ? value : null);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceTestHost(app, new Uri(address), logs);
    }

    /// <summary>A client with an API key (null: none).</summary>
    public HttpClient Client(string? apiKey = AdminSecret)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>A client with a bearer token.</summary>
    public HttpClient BearerClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a key through the admin API and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, string role)
    {
        using var admin = Client();
        using var response = await admin.PostAsync("/v1/keys", Json($$"""{"name":"{{name}}","role":"{{role}}"}"""));
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"creating key {name}: {(int)response.StatusCode} {body}");
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("secret").GetString()!;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static StringContent Ndjson(string lines) => new(lines, System.Text.Encoding.UTF8, "application/x-ndjson");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
