using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Status;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;
using Vigil.Service.Http;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>
/// GET /v1/models/{id}/status and /audit (viewer): a period's status from the hourly windows, and the vigil.audit/v2
/// document of its matured predictions (equal to a batch `vigil audit` of the same rows). Both are exports, written to
/// the audit trail. Version omitted: every version's windows summed (status) or the newest registration's rows (audit).
/// </summary>
internal static class StatusEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{id}").RequireAuthorization(ServicePolicies.Viewer).WithTags("status");
        group.MapGet("/status", StatusAsync).Produces<MonitorStatus>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A model's status over a period: label maturity, realized performance per group, open alerts");
        group.MapGet("/audit", AuditAsync).Produces<AuditDocument>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The vigil.audit/v2 document of a period's matured predictions");
    }

    private static async Task<IResult> StatusAsync(string id, string? version, string? from, string? to, HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null) return NotFound(id, version);
        var now = time.GetUtcNow();
        var period = QueryPeriod.Parse(from, to, now, registration.Monitors.LookbackHours);
        if (period.Problem is not null) return period.Problem;
        var cells = await store.GetHourCellsAsync(id, version, period.From.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct);
        var alerts = await store.ListAlertsAsync(id, null, ct);
        var open = alerts.Where(a => a.State != AlertState.Resolved && (version is null || a.Version == version)).ToList();
        var status = StatusBuilder.Build(registration, version, cells, period.From, period.To, open, now);
        status = StatusEstimation.Attach(registration, status,
            await StatusEstimation.ReadAsync(store, registration, cells, version, period.From.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct: ct));
        await audit.RecordAsync(ctx, "export.status", Subject(id, version), PeriodText(period.From, period.To));
        return Results.Json(status, MonitoringJsonContext.Default.MonitorStatus);
    }

    private static async Task<IResult> AuditAsync(string id, string? version, string? from, string? to, HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null) return NotFound(id, version);
        var period = QueryPeriod.Parse(from, to, time.GetUtcNow(), registration.Monitors.LookbackHours);
        if (period.Problem is not null) return period.Problem;
        var rows = await store.GetMaturedRowsAsync(id, registration.Version, period.From.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct);
        var subject = Subject(id, registration.Version);
        var result = PeriodAudit.Run(registration, rows, $"monitor:{subject} {PeriodText(period.From, period.To)}");
        await audit.RecordAsync(ctx, "export.audit", subject, PeriodText(period.From, period.To) + $"; rows={rows.Count}");
        return Results.Text(AuditContract.Write(result.Document), "application/json");
    }

    private static IResult NotFound(string id, string? version) =>
        Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered");

    private static string Subject(string id, string? version) => version is null ? id : $"{id}@{version}";

    private static string PeriodText(DateTimeOffset from, DateTimeOffset to) =>
        string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-ddTHH:mm:ssZ}..{to:yyyy-MM-ddTHH:mm:ssZ}");
}
