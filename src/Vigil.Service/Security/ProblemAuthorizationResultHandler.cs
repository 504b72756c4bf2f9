using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Vigil.Service.Http;
using Vigil.Service.Telemetry;

namespace Vigil.Service.Security;

/// <summary>
/// Answers a refused request with problem details: 401 when no valid credential was given (with WWW-Authenticate
/// naming both ways in), 403 when the caller's role may not call the endpoint (naming the roles that may).
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems, ServiceMetrics metrics) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            metrics.Rejected("unauthenticated");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = Problems.Details(401, "this endpoint needs a valid API key (X-Api-Key header) or bearer token; none was given, or it is unknown, revoked or expired"),
            });
            return;
        }
        if (authorizeResult.Forbidden)
        {
            metrics.Rejected("forbidden");
            var role = context.User.FindFirst(ServicePolicies.RoleClaim)?.Value ?? "none";
            var allowed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = Problems.Details(403, $"role '{role}' may not call this endpoint; it needs one of: {string.Join(", ", allowed)}"),
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
