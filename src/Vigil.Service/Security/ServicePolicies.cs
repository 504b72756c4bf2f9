using Microsoft.AspNetCore.Authorization;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Security;

/// <summary>
/// Who may call what. Roles rank ingest &lt; viewer &lt; reviewer &lt; admin for reading and reviewing (a reviewer may do
/// all a viewer may, an admin everything), while the event endpoints take the ingest role (and admin) only: a feed's key
/// cannot read, and a dashboard's key cannot write events.
/// </summary>
internal static class ServicePolicies
{
    public const string Ingest = "vigil-ingest";
    public const string Viewer = "vigil-viewer";
    public const string Reviewer = "vigil-reviewer";
    public const string Admin = "vigil-admin";
    public const string AnyRole = "vigil-any";

    /// <summary>Claim types of a principal: the user and the role (as JWTs carry them).</summary>
    public const string NameClaim = "sub";
    public const string RoleClaim = "role";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Ingest, p => p.RequireRole(Names(ServiceRole.Ingest, ServiceRole.Admin)));
        options.AddPolicy(Viewer, p => p.RequireRole(Names(ServiceRole.Viewer, ServiceRole.Reviewer, ServiceRole.Admin)));
        options.AddPolicy(Reviewer, p => p.RequireRole(Names(ServiceRole.Reviewer, ServiceRole.Admin)));
        options.AddPolicy(Admin, p => p.RequireRole(Names(ServiceRole.Admin)));
        options.AddPolicy(AnyRole, p => p.RequireRole(Names(ServiceRole.Ingest, ServiceRole.Viewer, ServiceRole.Reviewer, ServiceRole.Admin)));
    }

    private static string[] Names(params ServiceRole[] roles) => Array.ConvertAll(roles, ApiKeys.RoleName);
}
