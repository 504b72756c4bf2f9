using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Monitoring.Store;
using Vigil.Service.Json;
using Vigil.Service.Startup;

namespace Vigil.Service.Endpoints;

/// <summary>GET /health (the process answers) and GET /ready (the store answers and its migrations are applied); neither needs a credential nor says more than that.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Json(new ServiceHealth("ok", null, null), ServiceJsonContext.Default.ServiceHealth))
            .AllowAnonymous().DisableRateLimiting().WithTags("health").Produces<ServiceHealth>().WithSummary("Liveness");
        app.MapGet("/ready", ReadyAsync)
            .AllowAnonymous().DisableRateLimiting().WithTags("health").Produces<ServiceHealth>().Produces<ServiceHealth>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: the store answers and its migrations are applied");
    }

    private static async Task<IResult> ReadyAsync(IMonitorStore store, StoreState state, CancellationToken ct)
    {
        string? problem = null;
        if (!state.Migrated) problem = state.Failure ?? "migrations not applied yet";
        else
        {
            try
            {
                if (!await store.PingAsync(ct)) problem = "the store does not answer";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problem = "the store does not answer (" + e.GetType().Name + ")";
            }
        }
        return problem is null
            ? Results.Json(new ServiceHealth("ok", store.Kind, null), ServiceJsonContext.Default.ServiceHealth)
            : Results.Json(new ServiceHealth("unavailable", store.Kind, problem), ServiceJsonContext.Default.ServiceHealth, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
