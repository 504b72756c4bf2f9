using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Http;
using Vigil.Service.Ingest;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>POST /v1/models (admin; 201, or 409 when the version exists), GET /v1/models and GET /v1/models/{id}?version= (viewer).</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("models");
        group.MapPost("", RegisterAsync).RequireAuthorization(ServicePolicies.Admin)
            .Accepts<ModelRegistration>("application/json")
            .Produces<ModelRegistration>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Register a model version (registrations never change; a new version is a new registration)");
        group.MapGet("", ListAsync).RequireAuthorization(ServicePolicies.Viewer)
            .Produces<List<ModelRegistration>>().WithSummary("Every registered model version");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(ServicePolicies.Viewer)
            .Produces<ModelRegistration>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A registration (version omitted: the newest)");
    }

    private static async Task<IResult> RegisterAsync(HttpContext ctx, IMonitorStore store, RegistrationCache cache, AuditTrailWriter audit, ServiceSettings settings, TimeProvider time)
    {
        var (registration, problem) = await JsonBody.ReadAsync(ctx.Request, MonitoringJsonContext.Default.ModelRegistration, settings.MaxRequestBytes);
        if (problem is not null) return problem;
        if (RegistrationChecks.Problem(registration!) is { } invalid)
            return Problems.Field(StatusCodes.Status400BadRequest, invalid.Path, invalid.Message);
        if (!await store.RegisterModelAsync(registration!, time.GetUtcNow(), ctx.RequestAborted))
            return Problems.Of(StatusCodes.Status409Conflict, $"model '{registration!.Id}' version '{registration.Version}' is registered already; registrations never change (register a new version)");
        cache.Remember(registration!);
        await audit.RecordAsync(ctx, "model.registered", $"{registration!.Id}@{registration.Version}", $"protected={string.Join(",", registration.Protected.Select(p => p.Name))}; threshold={registration.Threshold}");
        return Results.Json(registration, MonitoringJsonContext.Default.ModelRegistration, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(IMonitorStore store, CancellationToken ct) =>
        Results.Json([.. await store.ListModelsAsync(ct)], MonitoringJsonContext.Default.ListModelRegistration);

    private static async Task<IResult> GetAsync(string id, string? version, IMonitorStore store, CancellationToken ct)
    {
        var registration = await store.GetModelAsync(id, version, ct);
        return registration is null
            ? Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered")
            : Results.Json(registration, MonitoringJsonContext.Default.ModelRegistration);
    }
}
