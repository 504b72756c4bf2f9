using System.Security.Cryptography;
using System.Text;
using Vigil.Core;
using Vigil.Monitoring.Store;

namespace Vigil.Service;

/// <summary>
/// API keys: a random secret shown once to its creator and stored only as its SHA-256 (hex), so a copy of the database
/// does not let anyone call the service. The key's name is the user it acts as (alert transitions and the audit trail
/// name it).
/// </summary>
public static class ApiKeys
{
    /// <summary>Prefix of generated secrets (so a leaked key is recognisable in a scanner).</summary>
    public const string SecretPrefix = "vgl_";

    /// <summary>Longest key name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Creates a key for <paramref name="name"/> with <paramref name="role"/>, stores its hash, and returns the secret (the only time it is seen).</summary>
    public static async Task<string> CreateAsync(IMonitorStore store, string name, ServiceRole role)
    {
        ArgumentNullException.ThrowIfNull(store);
        CheckName(name);
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await store.AddApiKeyAsync(new StoredApiKey(name, role, HashOf(secret), DateTimeOffset.UtcNow, Revoked: false));
        return secret;
    }

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes: what the store keeps and looks keys up by.</summary>
    public static string HashOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>The first 12 hex digits of a hash: enough to tell failed attempts apart in the audit trail, useless to an attacker.</summary>
    public static string HashPrefix(string hash) => hash[..12];

    /// <summary>A key name is 1 to 64 letters, digits or '.', '_', '-', '@'.</summary>
    public static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            throw VigilException.Option("name", $"'{name}': expected 1 to {MaxNameLength} letters, digits or . _ - @");
    }

    /// <summary>Role names as the API writes them.</summary>
    public static string RoleName(ServiceRole role) => role switch
    {
        ServiceRole.Ingest => "ingest",
        ServiceRole.Viewer => "viewer",
        ServiceRole.Reviewer => "reviewer",
        ServiceRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Parses a role name (case-insensitive); null when it is none of ingest, viewer, reviewer, admin.</summary>
    public static ServiceRole? ParseRole(string? text) => text?.ToLowerInvariant() switch
    {
        "ingest" => ServiceRole.Ingest,
        "viewer" => ServiceRole.Viewer,
        "reviewer" => ServiceRole.Reviewer,
        "admin" => ServiceRole.Admin,
        _ => null,
    };
}
