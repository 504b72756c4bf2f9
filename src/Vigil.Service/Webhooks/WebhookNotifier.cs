using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Ingest;
using Vigil.Service.Json;

namespace Vigil.Service.Webhooks;

/// <summary>Queues a webhook delivery of an alert event to every address of the alert's registration (the store's outbox; <see cref="WebhookWorker"/> sends them).</summary>
internal sealed class WebhookNotifier(IMonitorStore store, RegistrationCache registrations, TimeProvider time)
{
    /// <summary>Queues <paramref name="eventName"/> ("alert.opened", "alert.acknowledged", "alert.resolved") of <paramref name="alert"/>; returns how many deliveries were queued.</summary>
    public async Task<int> NotifyAsync(MonitorAlert alert, string eventName, CancellationToken ct)
    {
        var plan = await registrations.GetAsync(alert.Model, alert.Version, ct);
        if (plan is null || plan.Registration.Monitors.Webhooks.Count == 0) return 0;
        // The receiver (a pager, a ticket system) gets the same clinical translation as GET /v1/alerts shows.
        if (alert.AdditionalMissedPer1000 is not null)
            alert = alert with { ClinicalTranslation = AlertTranslation.Text(alert, plan.Registration.Outcome.PositiveKind) };
        var payload = JsonSerializer.Serialize(new WebhookPayload(eventName, alert), ServiceJsonContext.Default.WebhookPayload);
        var now = time.GetUtcNow();
        foreach (var url in plan.Registration.Monitors.Webhooks)
            await store.EnqueueWebhookAsync(url, payload, now, ct);
        return plan.Registration.Monitors.Webhooks.Count;
    }
}
