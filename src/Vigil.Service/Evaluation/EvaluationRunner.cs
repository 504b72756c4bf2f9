using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Store;
using Vigil.Service.Json;
using Vigil.Service.Security;
using Vigil.Service.Telemetry;
using Vigil.Service.Webhooks;

namespace Vigil.Service.Evaluation;

/// <summary>
/// One evaluation: matures the predictions whose window and label delay closed, then runs every registered version's
/// monitors (<see cref="MonitorEvaluator"/>) over its look-back and raises their findings. Stateless: the findings are a
/// function of the stored windows, and the store opens one alert per dedupe key, so replicas evaluating at once open
/// each alert once; only the replica that opened it writes the audit entry and queues the webhooks.
/// </summary>
internal sealed class EvaluationRunner(IMonitorStore store, WebhookNotifier webhooks, AuditTrailWriter audit, ServiceMetrics metrics, TimeProvider time,
    ILogger<EvaluationRunner> log)
{
    private const long HourMs = 3_600_000;

    public async Task<EvaluationSummary> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var matured = await store.MatureDueAsync(nowMs, ct);
        var models = await store.ListModelsAsync(ct);
        int findings = 0, opened = 0, updated = 0;
        foreach (var registration in models)
        {
            var fromMs = nowMs - (long)Math.Round(registration.Monitors.LookbackHours * HourMs);
            var toMs = nowMs + HourMs; // the current hour, and a sender's clock a little ahead
            var cells = await store.GetHourCellsAsync(registration.Id, registration.Version, fromMs, toMs, ct);
            var bins = await store.GetHourBinsAsync(registration.Id, registration.Version, fromMs, toMs, ct);
            var rows = await store.GetMaturedRowsAsync(registration.Id, registration.Version, fromMs, toMs, ct);
            var last = await store.GetLastPredictionTimeAsync(registration.Id, registration.Version, ct);
            var found = MonitorEvaluator.Evaluate(registration, cells, bins, rows, last, nowMs);
            findings += found.Count;
            foreach (var finding in found)
            {
                var (alert, created) = await store.RaiseAlertAsync(finding, now, ct);
                if (await PolicyMonitor.ActivateSafeguardAsync(store, registration, alert, now, ct) is { } safeguard)
                    await audit.RecordAsync("monitor", "safeguard.activated", $"safeguard:{safeguard.Id}", $"rule={safeguard.Rule}; subject={safeguard.Subject}; source={safeguard.Source}", ct);
                if (!created)
                {
                    updated++;
                    continue;
                }
                opened++;
                await audit.RecordAsync("monitor", "alert.opened", $"alert:{alert.Id}", $"key={alert.DedupeKey}", ct);
                await webhooks.NotifyAsync(alert, "alert.opened", ct);
            }
        }
        metrics.AlertsRaised(opened);
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Evaluated(elapsed);
        log.LogInformation("evaluated {Models} model versions in {Ms} ms: {Matured} matured, {Opened} alerts opened, {Updated} updated",
            models.Count, (long)elapsed.TotalMilliseconds, matured, opened, updated);
        return new EvaluationSummary(models.Count, matured, findings, opened, updated);
    }
}
