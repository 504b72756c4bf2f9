using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>
/// The typed client of the monitoring service's HTTP API (docs/service.md): register and list models, push events,
/// read a model's status and a period's audit, read the audit trail. Every call authenticates with the API key in the
/// X-Api-Key header (never logged or echoed). Reads and ingest are retried by <see cref="RetryPolicy"/> on network
/// errors, 5xx and 429 (ingest is idempotent by event id, so a retried batch whose first attempt did land only counts
/// duplicates); registration is not. A refused request becomes a <see cref="VigilException"/> with one line naming
/// the failing field (<see cref="ProblemText"/>).
/// </summary>
public sealed class MonitorClient : IDisposable
{
    /// <summary>The environment variable the CLI reads the API key from when --api-key is not given.</summary>
    public const string ApiKeyVariable = "VIGIL_API_KEY";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RetryPolicy _retry;
    private readonly string? _apiKey;
    private readonly Random _jitter = new();

    /// <summary>A client of the service at <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The service's root, e.g. http://127.0.0.1:5088.</param>
    /// <param name="apiKey">The API key (null: anonymous, which only /health and /ready accept).</param>
    /// <param name="retry">The retry policy (default <see cref="RetryPolicy.Default"/>).</param>
    /// <param name="handler">The message handler (tests and the load generator share one); null for a new one.</param>
    public MonitorClient(Uri baseAddress, string? apiKey, RetryPolicy? retry = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _ownsHttp = true;
        _http.BaseAddress = baseAddress;
        _http.Timeout = TimeSpan.FromSeconds(100);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _retry = retry ?? RetryPolicy.Default;
    }

    /// <summary>A client over an existing <see cref="HttpClient"/> (e.g. WebApplicationFactory's); the caller keeps it.</summary>
    public MonitorClient(HttpClient http, string? apiKey, RetryPolicy? retry = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _ownsHttp = false;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _retry = retry ?? RetryPolicy.Default;
    }

    /// <summary>Called before each retry with what failed and the wait (for a progress line).</summary>
    public Action<string, TimeSpan>? OnRetry { get; set; }

    /// <summary>Parses --url: an absolute http(s) address; anything else is a usage error naming "url".</summary>
    public static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw VigilException.Option("url", $"'{url}': expected the service's address, e.g. http://127.0.0.1:5088");
        return uri;
    }

    // ---- models ---------------------------------------------------------------------------------------------

    /// <summary>POST /v1/models (admin): stores a registration (not retried: a repeat is a conflict).</summary>
    public async Task RegisterAsync(ModelRegistration registration, CancellationToken ct = default)
    {
        var body = JsonSerializer.Serialize(registration, MonitoringJsonContext.Default.ModelRegistration);
        using var response = await SendAsync(() => Json(HttpMethod.Post, "v1/models", body), "POST /v1/models", retry: false, ct).ConfigureAwait(false);
    }

    /// <summary>GET /v1/models: every registration.</summary>
    public Task<List<ModelRegistration>> ListModelsAsync(CancellationToken ct = default) =>
        GetAsync("v1/models", MonitoringJsonContext.Default.ListModelRegistration, ct);

    // ---- ingest ---------------------------------------------------------------------------------------------

    /// <summary>POST /v1/predictions with one batch (at most the service's limit, 10,000).</summary>
    public Task<IngestResult> PushPredictionsAsync(IReadOnlyList<PredictionEvent> batch, CancellationToken ct = default) =>
        IngestAsync("predictions", JsonSerializer.Serialize(AsList(batch), MonitoringJsonContext.Default.ListPredictionEvent), ct);

    /// <summary>POST /v1/actions with one batch.</summary>
    public Task<IngestResult> PushActionsAsync(IReadOnlyList<ActionEvent> batch, CancellationToken ct = default) =>
        IngestAsync("actions", JsonSerializer.Serialize(AsList(batch), MonitoringJsonContext.Default.ListActionEvent), ct);

    /// <summary>POST /v1/outcomes with one batch.</summary>
    public Task<IngestResult> PushOutcomesAsync(IReadOnlyList<OutcomeEvent> batch, CancellationToken ct = default) =>
        IngestAsync("outcomes", JsonSerializer.Serialize(AsList(batch), MonitoringJsonContext.Default.ListOutcomeEvent), ct);

    // ---- reading --------------------------------------------------------------------------------------------

    /// <summary>GET /v1/models/{id}/status: the model's status over [from, to) (null: the service's defaults).</summary>
    public Task<MonitorStatus> GetStatusAsync(string model, DateTimeOffset? from, DateTimeOffset? to, string? version, CancellationToken ct = default) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}/status{Query(from, to, version)}", MonitoringJsonContext.Default.MonitorStatus, ct);

    /// <summary>GET /v1/models/{id}/safeguards: every safeguard of the model in the store (active, ended, expired).</summary>
    public Task<List<ModelSafeguard>> ListSafeguardsAsync(string model, CancellationToken ct = default) =>
        GetAsync($"v1/models/{Uri.EscapeDataString(model)}/safeguards", MonitoringJsonContext.Default.ListModelSafeguard, ct);

    /// <summary>GET /v1/models/{id}/audit: the period's vigil.audit/v2 document, as the service wrote it.</summary>
    public async Task<string> GetAuditJsonAsync(string model, DateTimeOffset from, DateTimeOffset to, string? version, CancellationToken ct = default)
    {
        var path = $"v1/models/{Uri.EscapeDataString(model)}/audit{Query(from, to, version)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), "GET /" + path, retry: true, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    /// <summary>GET /v1/alerts: alerts of a model (null: all) in a state (null: any).</summary>
    public Task<List<MonitorAlert>> ListAlertsAsync(string? model, AlertState? state, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (model is not null) query.Add("model=" + Uri.EscapeDataString(model));
        if (state is { } s) query.Add("state=" + s.ToString().ToLowerInvariant());
        return GetAsync("v1/alerts" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), MonitoringJsonContext.Default.ListMonitorAlert, ct);
    }

    /// <summary>GET /v1/audit-log?from&amp;max: up to <paramref name="max"/> entries of the audit trail from sequence <paramref name="fromSequence"/>.</summary>
    public Task<List<AuditLogEntry>> GetAuditLogAsync(long fromSequence, int max, CancellationToken ct = default) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"v1/audit-log?from={fromSequence}&max={max}"), MonitoringJsonContext.Default.ListAuditLogEntry, ct);

    /// <summary>The whole audit trail in order, read a page at a time.</summary>
    public async IAsyncEnumerable<AuditLogEntry> ReadAuditLogAsync(int pageSize = 1000, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long next = 1;
        while (true)
        {
            var page = await GetAuditLogAsync(next, pageSize, ct).ConfigureAwait(false);
            foreach (var e in page) yield return e;
            if (page.Count < pageSize) yield break;
            next = page[^1].Sequence + 1;
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private async Task<IngestResult> IngestAsync(string kind, string body, CancellationToken ct)
    {
        using var response = await SendAsync(() => Json(HttpMethod.Post, "v1/" + kind, body), "POST /v1/" + kind, retry: true, ct).ConfigureAwait(false);
        return await ReadAsync(response, MonitoringJsonContext.Default.IngestResult, "POST /v1/" + kind, ct).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), "GET /" + path, retry: true, ct).ConfigureAwait(false);
        return await ReadAsync(response, type, "GET /" + path, ct).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(text, type) ?? throw VigilException.BadData($"{what}: the service answered null");
        }
        catch (JsonException e)
        {
            throw VigilException.BadData($"{what}: the service's answer is not the expected document ({e.Message})");
        }
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Sends with retries; returns a success response or throws the request's one-line failure.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string what, bool retry, CancellationToken ct)
    {
        var attempts = retry ? Math.Max(1, _retry.MaxAttempts) : 1;
        for (var attempt = 1; ; attempt++)
        {
            using var request = make();
            if (_apiKey is not null) request.Headers.Add("X-Api-Key", _apiKey);
            string failure;
            TimeSpan? retryAfter = null;
            try
            {
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return response;
                var code = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (code < 500 && code != 429 || attempt >= attempts)
                {
                    response.Dispose();
                    throw ProblemText.ToException(response.StatusCode, body, what);
                }
                retryAfter = response.Headers.RetryAfter?.Delta;
                failure = $"{code} {response.StatusCode}";
                response.Dispose();
            }
            catch (HttpRequestException e)
            {
                if (attempt >= attempts) throw Unreachable(what, e.Message);
                failure = e.Message;
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                if (attempt >= attempts) throw Unreachable(what, "timed out");
                failure = "timed out: " + e.Message;
            }
            var wait = _retry.DelayAfter(attempt, _jitter.NextDouble());
            if (retryAfter is { } ra && ra > wait) wait = ra;
            OnRetry?.Invoke($"{what}: {failure}; retry {attempt} of {attempts - 1}", wait);
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    private VigilException Unreachable(string what, string message) =>
        VigilException.Option("url", $"{_http.BaseAddress}: {what} failed: {message}");

    private static string Query(DateTimeOffset? from, DateTimeOffset? to, string? version)
    {
        var parts = new List<string>();
        if (from is { } f) parts.Add("from=" + Uri.EscapeDataString(f.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)));
        if (to is { } t) parts.Add("to=" + Uri.EscapeDataString(t.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(version)) parts.Add("version=" + Uri.EscapeDataString(version));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static List<T> AsList<T>(IReadOnlyList<T> items) => items as List<T> ?? [.. items];
}
