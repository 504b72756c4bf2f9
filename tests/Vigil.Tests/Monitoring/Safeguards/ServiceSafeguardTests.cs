using System.Net;
using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Tests.Monitoring.Service;
using Xunit;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>The safeguard endpoints over real HTTP and SQLite: activate from a real gate decision line, list, end by a named user, audit trail.</summary>
public sealed class ServiceSafeguardTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    [Fact]
    public async Task DecisionLine_ActivatesOnce_ListedForViewers_EndedByNamedReviewer_Audited()
    {
        var line = GateDecisionLines.FailingMission;
        using var reviewer = fixture.Host.BearerClient(SqliteServiceFixture.Token("dr.grace", "reviewer"));
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using var admin = fixture.Host.Client();
        const string path = "/v1/models/sepsis-ews/safeguards";

        using var first = await reviewer.PostAsync(path, ServiceTestHost.Json(line));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var activated = JsonSerializer.Deserialize(await first.Content.ReadAsStringAsync(), MonitoringJsonContext.Default.SafeguardActivationResult)!;
        Assert.Equal(1, activated.Activated);
        var safeguard = Assert.Single(activated.Safeguards);
        Assert.Equal(("age", ">=65", "fnr-gap-65", SafeguardState.Active), (safeguard.Attribute, safeguard.Level, safeguard.Rule, safeguard.State));
        Assert.Equal(activated.Source, safeguard.Source);

        using var second = await reviewer.PostAsync(path, ServiceTestHost.Json(line));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, JsonSerializer.Deserialize(await second.Content.ReadAsStringAsync(), MonitoringJsonContext.Default.SafeguardActivationResult)!.Activated);

        using var forbidden = await viewer.PostAsync(path, ServiceTestHost.Json(line));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var edited = await reviewer.PostAsync(path, ServiceTestHost.Json(line.Replace("\"outcome\":\"fail\"", "\"outcome\":\"pass\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        Assert.Contains("was edited", await edited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await reviewer.PostAsync("/v1/models/no-such-model/safeguards", ServiceTestHost.Json(line));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var active = await ListAsync(viewer, path + "?state=active");
        Assert.Contains(active, s => s.Id == safeguard.Id);
        Assert.Empty(await ListAsync(viewer, path + "?at=2026-01-01T00:00:00Z"));
        using var badAt = await viewer.GetAsync(path + "?at=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badAt.StatusCode);
        Assert.Contains("\"at\"", await badAt.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var end = await reviewer.PostAsync($"{path}/{safeguard.Id}/end", ServiceTestHost.Json("""{"note":"re-validated"}"""));
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        var ended = JsonSerializer.Deserialize(await end.Content.ReadAsStringAsync(), MonitoringJsonContext.Default.ModelSafeguard)!;
        Assert.Equal((SafeguardState.Ended, "dr.grace", "re-validated"), (ended.State, ended.EndedBy, ended.EndNote));
        using var endAgain = await reviewer.PostAsync($"{path}/{safeguard.Id}/end", ServiceTestHost.Json("{}"));
        Assert.Equal(HttpStatusCode.Conflict, endAgain.StatusCode);
        using var otherModel = await reviewer.PostAsync($"/v1/models/other/safeguards/{safeguard.Id}/end", ServiceTestHost.Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, otherModel.StatusCode);
        Assert.DoesNotContain(await ListAsync(viewer, path + "?state=active"), s => s.Id == safeguard.Id);

        using var log = await admin.GetAsync("/v1/audit-log?max=10000");
        var entries = JsonSerializer.Deserialize(await log.Content.ReadAsStringAsync(), MonitoringJsonContext.Default.ListAuditLogEntry)!;
        var activation = Assert.Single(entries, e => e.Action == "safeguard.activated" && e.Subject == $"safeguard:{safeguard.Id}");
        Assert.Equal("dr.grace", activation.Actor);
        var ending = Assert.Single(entries, e => e.Action == "safeguard.ended" && e.Subject == $"safeguard:{safeguard.Id}");
        Assert.Equal("dr.grace", ending.Actor);
        Assert.Contains("note=re-validated", ending.Detail, StringComparison.Ordinal);
    }

    private static async Task<List<ModelSafeguard>> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), MonitoringJsonContext.Default.ListModelSafeguard)!;
    }
}
