using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Http;
using Vigil.Service.Security;
using Vigil.Service.Webhooks;

namespace Vigil.Service.Endpoints;

/// <summary>
/// GET /v1/alerts?model=&amp;state= and GET /v1/alerts/{id} (viewer); POST /v1/alerts/{id}/transition (reviewer): the
/// authenticated caller acknowledges or resolves an alert (409 for a move the life cycle does not allow), the move is
/// written to the audit trail and sent to the model's webhooks.
/// </summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/alerts").WithTags("alerts");
        group.MapGet("", ListAsync).RequireAuthorization(ServicePolicies.Viewer)
            .Produces<List<MonitorAlert>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Alerts, newest first (filter by model and state: open, acknowledged, resolved)");
        group.MapGet("/{id:long}", GetAsync).RequireAuthorization(ServicePolicies.Viewer)
            .Produces<MonitorAlert>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One alert with its evidence and history");
        group.MapPost("/{id:long}/transition", TransitionAsync).RequireAuthorization(ServicePolicies.Reviewer)
            .Accepts<AlertTransitionRequest>("application/json")
            .Produces<MonitorAlert>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Acknowledge or resolve an alert as the authenticated user");
    }

    private static async Task<IResult> ListAsync(string? model, string? state, IMonitorStore store, CancellationToken ct)
    {
        AlertState? filter = null;
        if (state is not null)
        {
            filter = ParseState(state);
            if (filter is null) return Problems.Field(StatusCodes.Status400BadRequest, "state", $"'{state}': expected open, acknowledged or resolved");
        }
        var alerts = await store.ListAlertsAsync(model, filter, ct);
        var outcomes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new List<MonitorAlert>(alerts.Count);
        foreach (var a in alerts) result.Add(await TranslatedAsync(a, store, outcomes, ct));
        return Results.Json(result, MonitoringJsonContext.Default.ListMonitorAlert);
    }

    private static async Task<IResult> GetAsync(long id, IMonitorStore store, CancellationToken ct) =>
        await store.GetAlertAsync(id, ct) is { } alert
            ? Results.Json(await TranslatedAsync(alert, store, null, ct), MonitoringJsonContext.Default.MonitorAlert)
            : Problems.Of(StatusCodes.Status404NotFound, $"no alert {id}");

    /// <summary>The alert with its clinical translation, in the words of its registration's outcome (read once per model version per request).</summary>
    private static async Task<MonitorAlert> TranslatedAsync(MonitorAlert alert, IMonitorStore store, Dictionary<string, string?>? outcomes, CancellationToken ct)
    {
        if (alert.AdditionalMissedPer1000 is null) return alert;
        var key = alert.Model + "|" + alert.Version;
        if (outcomes is null || !outcomes.TryGetValue(key, out var kind))
        {
            kind = (await store.GetModelAsync(alert.Model, alert.Version, ct))?.Outcome.PositiveKind;
            outcomes?.Add(key, kind);
        }
        return alert with { ClinicalTranslation = AlertTranslation.Text(alert, kind) };
    }

    private static async Task<IResult> TransitionAsync(long id, HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, WebhookNotifier webhooks, ServiceSettings settings, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync(ctx.Request, MonitoringJsonContext.Default.AlertTransitionRequest, settings.MaxRequestBytes);
        if (problem is not null) return problem;
        if (!Enum.IsDefined(request!.State))
            return Problems.Field(StatusCodes.Status400BadRequest, "state", "expected \"acknowledged\" or \"resolved\"");
        var before = await store.GetAlertAsync(id, ctx.RequestAborted);
        if (before is null) return Problems.Of(StatusCodes.Status404NotFound, $"no alert {id}");
        var user = AuditTrailWriter.UserOf(ctx);
        var after = await store.TransitionAlertAsync(id, request!.State, user, request.Note, time.GetUtcNow(), ctx.RequestAborted);
        if (after is null)
            return Problems.Of(StatusCodes.Status409Conflict,
                $"alert {id} is {Name(before.State)}; it cannot move to {Name(request.State)} (allowed: open → acknowledged → resolved, or open → resolved)");
        await audit.RecordAsync(ctx, "alert." + Name(after.State), $"alert:{id}", $"{Name(before.State)} -> {Name(after.State)}; key={after.DedupeKey}");
        await webhooks.NotifyAsync(after, "alert." + Name(after.State), ctx.RequestAborted);
        return Results.Json(await TranslatedAsync(after, store, null, ctx.RequestAborted), MonitoringJsonContext.Default.MonitorAlert);
    }

    public static string Name(AlertState state) => state switch
    {
        AlertState.Open => "open",
        AlertState.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    private static AlertState? ParseState(string text) => text.ToLowerInvariant() switch
    {
        "open" => AlertState.Open,
        "acknowledged" => AlertState.Acknowledged,
        "resolved" => AlertState.Resolved,
        _ => null,
    };
}
