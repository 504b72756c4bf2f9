using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>
/// One service over a real SQLite file in a temp directory, shared by a test class: the bootstrap admin key, JWT
/// enabled, the sepsis registration stored, and one key of each role. Tests use their own event-id tags.
/// </summary>
public sealed class SqliteServiceFixture : IAsyncLifetime
{
    public const string JwtIssuer = "https://idp.test";
    public const string JwtAudience = "vigil";

    /// <summary>The JWT signing key (32 bytes, base64).</summary>
    public const string JwtKey = "and0LXNpZ25pbmcta2V5LWZvci12aWdpbC10ZXN0cy0zMg==";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vigil-service-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(Directory, "vigil.db");

    internal ServiceTestHost Host { get; private set; } = null!;

    /// <summary>Secrets of keys named after their role: ingest, viewer, reviewer, admin.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Host = await ServiceTestHost.StartAsync("sqlite:" + DatabasePath, ServiceTestHost.Environment(new Dictionary<string, string>
        {
            ["VIGIL_JWT_ISSUER"] = JwtIssuer,
            ["VIGIL_JWT_AUDIENCE"] = JwtAudience,
            ["VIGIL_JWT_SIGNING_KEY"] = JwtKey,
        }));
        foreach (var role in new[] { "ingest", "viewer", "reviewer", "admin" })
            Keys[role] = await Host.CreateKeyAsync("test-" + role, role);
        using var admin = Host.Client();
        using var response = await admin.PostAsync("/v1/models", ServiceTestHost.Json(ServiceScenario.RegistrationJson()));
        if ((int)response.StatusCode != 201) throw new InvalidOperationException("registration failed: " + await response.Content.ReadAsStringAsync());
    }

    /// <summary>A signed token for <paramref name="user"/> with <paramref name="role"/> (another key: a forged token).</summary>
    public static string Token(string user, string role, string issuer = JwtIssuer, string key = JwtKey) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = JwtAudience,
            Claims = new Dictionary<string, object> { ["sub"] = user, ["role"] = role },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on some platform: the temp directory is cleaned by the OS
        }
    }
}
