using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core;
using Vigil.Monitoring.Store;
using Vigil.Service.Http;
using Vigil.Service.Json;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>
/// GET /v1/keys (admin: every key, revoked ones too, by public id, never a secret) and DELETE /v1/keys/{id} (admin:
/// revoke a key). A revoked key is refused from its next request on this replica (the key cache forgets it at once;
/// other replicas within <see cref="ApiKeyCache.Ttl"/>), stays listed as revoked, and the revocation is written to the
/// audit trail as "key.revoked" by the admin who did it. Revoking a revoked key changes nothing and answers the same.
/// </summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/keys").RequireAuthorization(ServicePolicies.Admin).WithTags("admin");
        group.MapGet("", ListAsync).Produces<List<ApiKeyInfo>>()
            .WithSummary("List API keys (id, name, role, created, revoked; never a secret)");
        group.MapDelete("/{id}", RevokeAsync).Produces<ApiKeyInfo>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke an API key: refused from its next request on, kept in the listing as revoked");
    }

    private static async Task<IResult> ListAsync(IMonitorStore store, CancellationToken ct)
    {
        var keys = await store.ListApiKeysAsync(ct);
        var list = new List<ApiKeyInfo>(keys.Count);
        foreach (var key in keys) list.Add(ApiKeyInfo.Of(key));
        return Results.Json(list, ServiceJsonContext.Default.ListApiKeyInfo);
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext ctx, IMonitorStore store, ApiKeyCache cache, AuditTrailWriter audit)
    {
        StoredApiKey? before;
        try
        {
            before = await store.RevokeApiKeyAsync(id, ctx.RequestAborted);
        }
        catch (VigilException e)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "id", e.Message);
        }
        if (before is null)
            return Problems.Field(StatusCodes.Status404NotFound, "id", $"no API key has id {id} (GET /v1/keys lists them)");
        cache.Forget(before.SecretHash);
        if (!before.Revoked)
            await audit.RecordAsync(ctx, "key.revoked", before.Name, $"id={before.Id}; role={ApiKeys.RoleName(before.Role)}");
        return Results.Json(ApiKeyInfo.Of(before with { Revoked = true }), ServiceJsonContext.Default.ApiKeyInfo);
    }
}
