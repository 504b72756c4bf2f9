using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Monitoring.Store;
using Vigil.Service.Http;
using Vigil.Service.Security;

namespace Vigil.Service.CdsHooks;

/// <summary>GET /v1/models/{id}/overrides?from=&amp;to=&amp;version= (viewer): override rates and reasons by group, small cells suppressed; an export (audit trail).</summary>
internal static class OverrideEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/models/{id}/overrides", OverridesAsync).RequireAuthorization(ServicePolicies.Viewer).WithTags("status")
            .Produces<OverrideSummary>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Clinician override rates and reasons by group over a period (small cells suppressed)");

    private static async Task<IResult> OverridesAsync(string id, string? version, string? from, string? to, HttpContext ctx,
        IMonitorStore store, IWorkflowStore workflow, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null)
            return Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered");
        var period = QueryPeriod.Parse(from, to, time.GetUtcNow(), registration.Monitors.LookbackHours);
        if (period.Problem is not null) return period.Problem;
        var counts = await workflow.GetActionCountsAsync(id, version, period.From.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct);
        var summary = OverrideSummaryBuilder.Build(registration, version, counts, period.From, period.To);
        await audit.RecordAsync(ctx, "export.overrides", version is null ? id : $"{id}@{version}",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{period.From:yyyy-MM-ddTHH:mm:ssZ}..{period.To:yyyy-MM-ddTHH:mm:ssZ}"));
        return Results.Json(summary, OverrideJsonContext.Default.OverrideSummary);
    }
}
