using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Application.Governance;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Safeguards;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Http;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>
/// Safeguards per model (docs/governance.md): GET /v1/models/{id}/safeguards?at=&amp;state= (viewer) lists them with their
/// state at a time; POST /v1/models/{id}/safeguards?version= (reviewer) takes one line of a `vigil gate` decision log and
/// puts the safeguards of its failing (or waived) rules in force — the record must carry its own intact hash, which
/// becomes the source; POST /v1/models/{id}/safeguards/{sid}/end (reviewer) ends one as the authenticated user. Both
/// writes go to the audit trail.
/// </summary>
internal static class SafeguardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models/{id}/safeguards").WithTags("safeguards");
        group.MapGet("", ListAsync).RequireAuthorization(ServicePolicies.Viewer)
            .Produces<List<ModelSafeguard>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The model's safeguards with their state at a time (at: ISO-8601, default now; state: active, ended or expired)");
        group.MapPost("", ActivateAsync).RequireAuthorization(ServicePolicies.Reviewer)
            .Accepts<string>("application/json")
            .Produces<SafeguardActivationResult>(StatusCodes.Status201Created).Produces<SafeguardActivationResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Put in force the safeguards of a vigil gate decision record (one line of gate-decisions.jsonl, hash intact)");
        group.MapPost("/{sid:long}/end", EndAsync).RequireAuthorization(ServicePolicies.Reviewer)
            .Accepts<SafeguardEndRequest>("application/json")
            .Produces<ModelSafeguard>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("End a safeguard as the authenticated user (audited)");
    }

    private static async Task<IResult> ListAsync(string id, string? at, string? state, IMonitorStore store, TimeProvider time, CancellationToken ct)
    {
        var when = time.GetUtcNow();
        if (at is not null && !(at.Length >= 10 && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out when)))
            return Problems.Field(StatusCodes.Status400BadRequest, "at", "expected an ISO-8601 time with an offset, e.g. 2026-03-01T00:00:00Z");
        SafeguardState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse<SafeguardState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
                return Problems.Field(StatusCodes.Status400BadRequest, "state", $"'{state}': expected active, ended or expired");
            filter = parsed;
        }
        if (await store.GetModelAsync(id, null, ct) is null) return Problems.Of(StatusCodes.Status404NotFound, $"model '{id}' is not registered");
        var list = await store.ListSafeguardsAsync(id, when, ct);
        return Results.Json([.. list.Where(s => filter is null || s.State == filter)], MonitoringJsonContext.Default.ListModelSafeguard);
    }

    private static async Task<IResult> ActivateAsync(string id, string? version, HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, ServiceSettings settings, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        if (await store.GetModelAsync(id, version, ct) is null)
            return Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered");
        var body = await BodyReader.ReadAsync(ctx.Request, settings.MaxRequestBytes, ct);
        if (body is null) return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {settings.MaxRequestBytes:N0} bytes");
        Contracts.Gate.GateDecisionRecord record;
        string hash;
        try
        {
            (record, hash) = DecisionLog.ParseLine(Encoding.UTF8.GetString(body), "the body");
        }
        catch (VigilException e)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "$", e.Message);
        }
        var now = time.GetUtcNow();
        var held = await store.ActivateSafeguardsAsync(SafeguardActivations.FromDecision(record, hash, id, version), now, ct);
        var created = 0;
        foreach (var (s, isNew) in held)
        {
            if (!isNew) continue;
            created++;
            await audit.RecordAsync(ctx, "safeguard.activated", $"safeguard:{s.Id}",
                $"model={id}{(version is null ? "" : "@" + version)}; rule={s.Rule}; subject={s.Subject}; source={s.Source}; ends={(s.EndsAt is { } e ? e.ToString("O", CultureInfo.InvariantCulture) : "re-validation")}");
        }
        var result = new SafeguardActivationResult(SafeguardActivations.GateSource(hash), created, [.. held.Select(h => h.Safeguard)]);
        return Results.Json(result, MonitoringJsonContext.Default.SafeguardActivationResult, statusCode: created > 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> EndAsync(string id, long sid, HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, ServiceSettings settings, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        SafeguardEndRequest request = new();
        if (ctx.Request.ContentLength is not 0)
        {
            var (parsed, problem) = await JsonBody.ReadAsync(ctx.Request, MonitoringJsonContext.Default.SafeguardEndRequest, settings.MaxRequestBytes);
            if (problem is not null) return problem;
            request = parsed!;
        }
        var now = time.GetUtcNow();
        var before = await store.GetSafeguardAsync(sid, now, ct);
        if (before is null || before.Model != id) return Problems.Of(StatusCodes.Status404NotFound, $"model '{id}' has no safeguard {sid}");
        var user = AuditTrailWriter.UserOf(ctx);
        var after = await store.EndSafeguardAsync(sid, user, request.Note, now, ct);
        if (after is null)
            return Problems.Of(StatusCodes.Status409Conflict, $"safeguard {sid} was ended already by {before.EndedBy} at {before.EndedAt:O}");
        await audit.RecordAsync(ctx, "safeguard.ended", $"safeguard:{sid}",
            $"model={id}; rule={after.Rule}; subject={after.Subject}; note={request.Note ?? ""}");
        return Results.Json(after, MonitoringJsonContext.Default.ModelSafeguard);
    }
}
