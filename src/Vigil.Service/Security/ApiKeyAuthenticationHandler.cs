using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vigil.Service.Security;

/// <summary>
/// Authenticates the X-Api-Key header: the secret's SHA-256 is looked up in the store; the principal is the key's name
/// with its role. A wrong or revoked key fails (401) and is written to the audit trail by its hash prefix, never the secret.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    SignInAuditor auditor) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values)) return AuthenticateResult.NoResult();
        var secret = values.ToString();
        if (secret.Length == 0 || secret.Length > 512) return AuthenticateResult.Fail("malformed API key");
        var hash = ApiKeys.HashOf(secret);
        var key = await keys.FindAsync(hash, Context.RequestAborted);
        if (key is null || key.Revoked)
        {
            await auditor.FailedAsync("api-key", ApiKeys.HashPrefix(hash), key is null ? "unknown key" : "revoked key", Context.RequestAborted);
            return AuthenticateResult.Fail(key is null ? "unknown API key" : "revoked API key");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ServicePolicies.NameClaim, key.Name), new Claim(ServicePolicies.RoleClaim, ApiKeys.RoleName(key.Role))],
            "api-key", ServicePolicies.NameClaim, ServicePolicies.RoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
