using Vigil.Monitoring.Store;

namespace Vigil.Service.Json;

/// <summary>
/// An API key as GET /v1/keys and DELETE /v1/keys/{id} show it: its public id (the first 12 hex digits of the secret's
/// SHA-256, <see cref="StoredApiKey.Id"/>), the user it acts as, its role, when it was created and whether it is
/// revoked. Never the secret (it is not stored) nor the full hash.
/// </summary>
public sealed record ApiKeyInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt, bool Revoked)
{
    /// <summary>The listing of a stored key.</summary>
    public static ApiKeyInfo Of(StoredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyInfo(key.Id, key.Name, ApiKeys.RoleName(key.Role), key.CreatedAt, key.Revoked);
    }
}
