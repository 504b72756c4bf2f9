using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.AuditTrail;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>Alerts (dedupe, transitions, history), the webhook outbox with leases, API keys and the audit chain, on both engines.</summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreAlertTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    internal static AlertFinding Finding(double value = 0.31, string level = "F") => new(
        $"sepsis-ews|1.0.0|RateBound|sex|{level}|fnr", "sepsis-ews", "1.0.0", AlertKind.RateBound, "sex", level, "fnr", value, [0.26, 0.36], 0.2,
        "FNR for sex=F rose to 31% since 1 March", 110, new Dictionary<string, double?> { ["fn"] = 31, ["tp"] = 69, ["reference"] = null });

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RaiseAlert_Dedupes_UpdatesEvidence_AndOpensAgainAfterResolution(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var (first, created) = await store.RaiseAlertAsync(Finding(), At);
        Assert.True(created);
        Assert.Equal(AlertState.Open, first.State);
        Assert.Equal([0.26, 0.36], first.Interval!);
        Assert.Equal(31, first.Evidence["fn"]);
        Assert.Null(first.Evidence["reference"]);
        Assert.Equal(110, first.AdditionalMissedPer1000);
        Assert.Equal(new AlertTransition(AlertState.Open, "monitor", At, null), Assert.Single(first.History));

        var (again, createdAgain) = await store.RaiseAlertAsync(Finding(0.35), At.AddHours(1));
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(0.35, again.Value);
        Assert.Equal(At, again.OpenedAt);
        Assert.Equal(At.AddHours(1), again.UpdatedAt);

        Assert.NotNull(await store.TransitionAlertAsync(first.Id, AlertState.Resolved, "dr.lee", "threshold retuned", At.AddHours(2)));
        var (reopened, createdThird) = await store.RaiseAlertAsync(Finding(), At.AddHours(3));
        Assert.True(createdThird);
        Assert.NotEqual(first.Id, reopened.Id);
        Assert.Equal(2, (await store.ListAlertsAsync("sepsis-ews", null)).Count);
        Assert.Equal(reopened.Id, Assert.Single(await store.ListAlertsAsync(null, AlertState.Open)).Id);
        Assert.Empty(await store.ListAlertsAsync("other-model", null));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TransitionAlert_AllowsOnlyForwardMoves_AndRecordsWhoAndWhy(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var (alert, _) = await store.RaiseAlertAsync(Finding(), At);
        Assert.Null(await store.TransitionAlertAsync(alert.Id, AlertState.Open, "dr.lee", null, At));
        var acknowledged = await store.TransitionAlertAsync(alert.Id, AlertState.Acknowledged, "dr.lee", "looking", At.AddMinutes(5));
        Assert.Equal(AlertState.Acknowledged, acknowledged!.State);
        Assert.Null(await store.TransitionAlertAsync(alert.Id, AlertState.Acknowledged, "dr.kim", null, At.AddMinutes(6)));
        var resolved = await store.TransitionAlertAsync(alert.Id, AlertState.Resolved, "dr.kim", "fixed feed", At.AddMinutes(30));
        Assert.Equal(AlertState.Resolved, resolved!.State);
        Assert.Null(await store.TransitionAlertAsync(alert.Id, AlertState.Acknowledged, "dr.kim", null, At.AddMinutes(31)));
        Assert.Null(await store.TransitionAlertAsync(9999, AlertState.Resolved, "dr.kim", null, At));
        Assert.Equal([
            new AlertTransition(AlertState.Open, "monitor", At, null),
            new AlertTransition(AlertState.Acknowledged, "dr.lee", At.AddMinutes(5), "looking"),
            new AlertTransition(AlertState.Resolved, "dr.kim", At.AddMinutes(30), "fixed feed"),
        ], (await store.GetAlertAsync(alert.Id))!.History);
        Assert.Null(await store.GetAlertAsync(9999));

        // open → resolved directly is allowed too.
        var (other, _) = await store.RaiseAlertAsync(Finding(level: "M"), At);
        Assert.Equal(AlertState.Resolved, (await store.TransitionAlertAsync(other.Id, AlertState.Resolved, "dr.lee", null, At))!.State);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Outbox_ClaimedDeliveryIsNotClaimedAgainBeforeItsLeaseEnds(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        await store.EnqueueWebhookAsync("https://hooks.example/a", """{"alert":1}""", At);
        await store.EnqueueWebhookAsync("https://hooks.example/b", """{"alert":2}""", At);
        await store.EnqueueWebhookAsync("https://hooks.example/later", """{"alert":3}""", At.AddHours(1));
        Assert.Empty(await store.ClaimWebhooksAsync(10, At.AddSeconds(-1), TimeSpan.FromMinutes(1)));

        var claimed = await store.ClaimWebhooksAsync(1, At, TimeSpan.FromMinutes(1));
        var a = Assert.Single(claimed);
        Assert.Equal(("https://hooks.example/a", """{"alert":1}""", 0), (a.Url, a.Payload, a.Attempts));
        var b = Assert.Single(await store.ClaimWebhooksAsync(10, At.AddSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Equal("https://hooks.example/b", b.Url);
        Assert.Empty(await store.ClaimWebhooksAsync(10, At.AddSeconds(59), TimeSpan.FromMinutes(1)));

        // a fails and is retried at +10 min; b's lease runs out (its replica died) and it is claimed again.
        await store.CompleteWebhookAsync(a.Id, delivered: false, At.AddMinutes(10), "HTTP 503");
        var reclaimed = Assert.Single(await store.ClaimWebhooksAsync(10, At.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Equal(b.Id, reclaimed.Id);
        await store.CompleteWebhookAsync(b.Id, delivered: true, null, null);
        var retry = Assert.Single(await store.ClaimWebhooksAsync(10, At.AddMinutes(10), TimeSpan.FromMinutes(1)));
        Assert.Equal((a.Id, 1), (retry.Id, retry.Attempts));
        await store.CompleteWebhookAsync(a.Id, delivered: false, null, "gave up");
        var later = Assert.Single(await store.ClaimWebhooksAsync(10, At.AddHours(2), TimeSpan.FromMinutes(1)));
        Assert.Equal("https://hooks.example/later", later.Url);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ApiKeys_AreFoundByHashOnly(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        Assert.False(await store.AnyApiKeyAsync());
        var admin = new StoredApiKey("ops", ServiceRole.Admin, new string('a', 64), At, false);
        var revoked = new StoredApiKey("old-feed", ServiceRole.Ingest, new string('b', 64), At, true);
        await store.AddApiKeyAsync(admin);
        await store.AddApiKeyAsync(revoked);
        Assert.True(await store.AnyApiKeyAsync());
        Assert.Equal(admin, await store.FindApiKeyAsync(new string('a', 64)));
        Assert.Equal(revoked, await store.FindApiKeyAsync(new string('b', 64)));
        Assert.Null(await store.FindApiKeyAsync(new string('c', 64)));
        var e = await Assert.ThrowsAsync<Vigil.Core.VigilException>(() => store.AddApiKeyAsync(admin with { Name = "other" }));
        Assert.Equal("key", e.Parameter);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AuditLog_IsAHashChainThatVerifies(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var first = await store.AppendAuditAsync("ops", "model.register", "sepsis-ews@1.0.0", "{}", At.AddTicks(1234));
        Assert.Equal((1L, AuditChain.Genesis), (first.Sequence, first.PreviousHash));
        Assert.Equal(At, first.At); // kept to the millisecond the hash covers
        var second = await store.AppendAuditAsync("dr.lee", "alert.acknowledge", "alert/1", "looking", At.AddMinutes(1));
        Assert.Equal((2L, first.Hash), (second.Sequence, second.PreviousHash));
        var log = await store.ReadAuditLogAsync(1, 100);
        Assert.Equal([first, second], log);
        Assert.Null(AuditChain.Verify(log));
        Assert.Equal([second], await store.ReadAuditLogAsync(2, 100));
    }
}
