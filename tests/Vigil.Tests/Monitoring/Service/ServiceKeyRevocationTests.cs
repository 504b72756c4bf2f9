using System.Net;
using System.Text.Json;
using Xunit;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>
/// Key revocation through the real HTTP stack: GET /v1/keys lists keys by public id (never a secret), DELETE
/// /v1/keys/{id} revokes one, the key is refused on its very next request (the replica's key cache forgets it at
/// once), it stays listed as revoked, and the revocation is in the audit trail under the admin who did it.
/// </summary>
public sealed class ServiceKeyRevocationTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    [Fact]
    public async Task A_revoked_key_is_refused_at_once_stays_listed_and_is_audited()
    {
        var host = fixture.Host;
        var secret = await host.CreateKeyAsync("revoke-me", "viewer");
        using var viewer = host.Client(secret);
        using (var ok = await viewer.GetAsync("/v1/alerts"))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode); // used once: now in the key cache

        using var admin = host.Client();
        var listed = await ListAsync(admin);
        var mine = Assert.Single(listed, k => k.GetProperty("name").GetString() == "revoke-me");
        var id = mine.GetProperty("id").GetString()!;
        Assert.Equal(Vigil.Service.ApiKeys.HashOf(secret)[..12], id);
        Assert.Equal("viewer", mine.GetProperty("role").GetString());
        Assert.False(mine.GetProperty("revoked").GetBoolean());
        var listing = await (await admin.GetAsync("/v1/keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(Vigil.Service.ApiKeys.HashOf(secret), listing, StringComparison.Ordinal);

        using (var revoked = await admin.DeleteAsync("/v1/keys/" + id))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            using var doc = JsonDocument.Parse(await revoked.Content.ReadAsStringAsync());
            Assert.True(doc.RootElement.GetProperty("revoked").GetBoolean());
            Assert.Equal(id, doc.RootElement.GetProperty("id").GetString());
        }
        using (var refused = await viewer.GetAsync("/v1/alerts"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        mine = Assert.Single(await ListAsync(admin), k => k.GetProperty("id").GetString() == id);
        Assert.True(mine.GetProperty("revoked").GetBoolean());
        var audit = await AuditAsync(admin);
        var entry = Assert.Single(audit, e => e.GetProperty("action").GetString() == "key.revoked");
        Assert.Equal("revoke-me", entry.GetProperty("subject").GetString());
        Assert.Equal("bootstrap-admin", entry.GetProperty("actor").GetString());
        Assert.Contains("id=" + id, entry.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Revoking again answers the same and writes no second revocation.
        using (var again = await admin.DeleteAsync("/v1/keys/" + id))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await AuditAsync(admin), e => e.GetProperty("action").GetString() == "key.revoked");
    }

    [Fact]
    public async Task Revoke_names_the_id_when_it_is_malformed_or_unknown()
    {
        using var admin = fixture.Host.Client();
        using (var bad = await admin.DeleteAsync("/v1/keys/not-hex"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await ServiceSecurityTests.ProblemAsync(bad);
            Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _), problem.ToString());
        }
        using var unknown = await admin.DeleteAsync("/v1/keys/000000000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("000000000000", (await ServiceSecurityTests.ProblemAsync(unknown)).ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/v1/keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<List<JsonElement>> AuditAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/v1/audit-log?max=10000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
