using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;

namespace Vigil.Service.Webhooks;

/// <summary>
/// Sends the outbox's due webhook deliveries: claims a few under a lease (another replica skips them meanwhile), POSTs
/// each through the "vigil-webhooks" HttpClient (retries with exponential backoff and jitter in process, by
/// Microsoft.Extensions.Http.Resilience), and marks it sent, or schedules the next attempt at
/// now + base × 2^attempts (capped at one hour) until <see cref="ServiceSettings.WebhookMaxAttempts"/> attempts.
/// </summary>
internal sealed class WebhookWorker(IMonitorStore store, IHttpClientFactory clients, ServiceSettings settings, TimeProvider time, ILogger<WebhookWorker> log)
    : BackgroundService
{
    public const string ClientName = "vigil-webhooks";

    /// <summary>Deliveries claimed per poll.</summary>
    private const int ClaimBatch = 20;

    /// <summary>How long a claim holds: longer than one delivery with its in-process retries.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.WebhookPollInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) == ClaimBatch) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError("webhook outbox poll failed: {Error}", e.GetType().Name);
            }
            if (!await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) return;
        }
    }

    /// <summary>Claims and sends one batch of due deliveries; returns how many were claimed.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var due = await store.ClaimWebhooksAsync(ClaimBatch, time.GetUtcNow(), Lease, ct);
        if (due.Count == 0) return 0;
        var client = clients.CreateClient(ClientName);
        foreach (var delivery in due)
        {
            string? error = null;
            try
            {
                using var content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri(delivery.Url), content, ct);
                if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
            {
                if (ct.IsCancellationRequested) throw;
                error = e.GetType().Name;
            }
            if (error is null)
            {
                await store.CompleteWebhookAsync(delivery.Id, true, null, null, ct);
                continue;
            }
            var attempts = delivery.Attempts + 1;
            DateTimeOffset? retryAt = attempts >= settings.WebhookMaxAttempts ? null : time.GetUtcNow() + Backoff(attempts);
            log.LogWarning("webhook delivery {Id} failed ({Error}); attempt {Attempts} of {Max}", delivery.Id, error, attempts, settings.WebhookMaxAttempts);
            await store.CompleteWebhookAsync(delivery.Id, false, retryAt, error, ct);
        }
        return due.Count;
    }

    /// <summary>Delay before outbox attempt <paramref name="attempts"/> + 1: base × 2^attempts, at most one hour.</summary>
    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(3_600_000, settings.WebhookRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempts)));
}
