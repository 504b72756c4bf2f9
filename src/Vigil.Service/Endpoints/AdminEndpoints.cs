using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Evaluation;
using Vigil.Service.Http;
using Vigil.Service.Json;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>POST /v1/keys (admin: a key's secret, shown once), POST /v1/evaluate (admin: maturity and monitors now) and GET /v1/audit-log?from=&amp;max= (admin: the hash-chained trail for `vigil audit-log verify`).</summary>
internal static class AdminEndpoints
{
    /// <summary>Most audit entries one request returns.</summary>
    public const int MaxAuditEntries = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireAuthorization(ServicePolicies.Admin).WithTags("admin");
        group.MapPost("/keys", CreateKeyAsync).Accepts<CreateKeyRequest>("application/json")
            .Produces<CreatedKey>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Create an API key (the secret is returned this once; only its SHA-256 is stored)");
        group.MapPost("/evaluate", (HttpContext ctx, EvaluationRunner runner) => EvaluateAsync(ctx, runner))
            .Produces<EvaluationSummary>().WithSummary("Mature due predictions and run every model's monitors now");
        group.MapGet("/audit-log", ReadAuditLogAsync).Produces<List<AuditLogEntry>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The audit trail from a sequence number, in order");
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext ctx, IMonitorStore store, AuditTrailWriter audit, ServiceSettings settings)
    {
        var (request, problem) = await JsonBody.ReadAsync(ctx.Request, ServiceJsonContext.Default.CreateKeyRequest, settings.MaxRequestBytes);
        if (problem is not null) return problem;
        if (ApiKeys.ParseRole(request!.Role) is not { } role)
            return Problems.Field(StatusCodes.Status400BadRequest, "role", $"'{request.Role}': expected ingest, viewer, reviewer or admin");
        string secret;
        try
        {
            secret = await ApiKeys.CreateAsync(store, request.Name, role);
        }
        catch (VigilException e)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "name", e.Message);
        }
        await audit.RecordAsync(ctx, "key.created", request.Name, "role=" + ApiKeys.RoleName(role));
        return Results.Json(new CreatedKey(request.Name, ApiKeys.RoleName(role), secret), ServiceJsonContext.Default.CreatedKey, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Runs an evaluation. It takes no body: one sent is refused, since a caller who sends options expects them used.</summary>
    private static async Task<IResult> EvaluateAsync(HttpContext ctx, EvaluationRunner runner)
    {
        if (ctx.Request.ContentLength > 0 || (ctx.Request.ContentLength is null && ctx.Request.Headers.TransferEncoding.Count > 0))
            return Problems.Field(StatusCodes.Status400BadRequest, "$", "POST /v1/evaluate takes no body (it runs every model's maturity and monitors)");
        return Results.Json(await runner.RunAsync(ctx.RequestAborted), ServiceJsonContext.Default.EvaluationSummary);
    }

    private static async Task<IResult> ReadAuditLogAsync(long? from, int? max, IMonitorStore store, CancellationToken ct)
    {
        if (from is < 1) return Problems.Field(StatusCodes.Status400BadRequest, "from", "expected a sequence number of at least 1");
        if (max is < 1 or > MaxAuditEntries) return Problems.Field(StatusCodes.Status400BadRequest, "max", $"expected 1 to {MaxAuditEntries}");
        return Results.Json([.. await store.ReadAuditLogAsync(from ?? 1, max ?? 1000, ct)], MonitoringJsonContext.Default.ListAuditLogEntry);
    }
}
