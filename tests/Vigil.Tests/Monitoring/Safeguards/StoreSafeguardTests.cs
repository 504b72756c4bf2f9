using Vigil.Application.Governance;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Safeguards;
using Vigil.Tests.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>Safeguards in the store (activation from a real gate decision, dedupe, end by a named user, expiry) on both engines.</summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreSafeguardTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task GateDecision_ActivatesItsSafeguard_Once_UntilTheEndOfReValidationDay(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var (record, hash) = DecisionLog.ParseLine(GateDecisionLines.FailingMission, "line");
        var activations = SafeguardActivations.FromDecision(record, hash, "sepsis-ews", null);

        var held = await store.ActivateSafeguardsAsync(activations, At);
        var (s, created) = Assert.Single(held);
        Assert.True(created);
        Assert.Equal("sepsis-ews", s.Model);
        Assert.Null(s.Version);
        Assert.Equal(("age", ">=65"), (s.Attribute, s.Level));
        Assert.Equal("age = >=65", s.Subject);
        Assert.Equal("fnr-gap-65", s.Rule);
        Assert.StartsWith("Manual review by a clinician of every prediction for patients 65+", s.Action, StringComparison.Ordinal);
        Assert.Equal("gate:" + hash, s.Source);
        Assert.Equal(At, s.StartedAt);
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), s.EndsAt); // re_validation 2027-06-30, inclusive
        Assert.Equal(SafeguardState.Active, s.State);

        var again = await store.ActivateSafeguardsAsync(activations, At.AddHours(1));
        Assert.False(Assert.Single(again).Created);
        Assert.Equal(s.Id, again[0].Safeguard.Id);
        Assert.Equal(At, again[0].Safeguard.StartedAt);

        Assert.Empty(await store.ListSafeguardsAsync("sepsis-ews", At.AddMinutes(-1))); // not yet started
        Assert.Equal(SafeguardState.Active, Assert.Single(await store.ListSafeguardsAsync("sepsis-ews", new DateTimeOffset(2027, 6, 30, 23, 59, 0, TimeSpan.Zero))).State);
        Assert.Equal(SafeguardState.Expired, Assert.Single(await store.ListSafeguardsAsync("sepsis-ews", new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero))).State);
        Assert.Empty(await store.ListSafeguardsAsync("other-model", At.AddDays(1)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task EndSafeguard_ByNamedUser_Once_AndStateFollowsTheTime(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var held = await store.ActivateSafeguardsAsync(
        [
            new SafeguardActivation("sepsis-ews", "2.0.0", "age", ">=65", "age = >=65", "Manual review of 65+", "fnr-gap-65", "gate:abc", null),
            new SafeguardActivation("sepsis-ews", "2.0.0", null, null, "site hungary (external)", "Recalibrate before use", "oe", "gate:abc", null),
        ], At);
        Assert.All(held, h => Assert.True(h.Created));
        var id = held[0].Safeguard.Id;

        var ended = await store.EndSafeguardAsync(id, "dr.grace", "re-validated on 2027 data", At.AddDays(10));
        Assert.NotNull(ended);
        Assert.Equal(SafeguardState.Ended, ended.State);
        Assert.Equal("dr.grace", ended.EndedBy);
        Assert.Equal("re-validated on 2027 data", ended.EndNote);
        Assert.Equal(At.AddDays(10), ended.EndedAt);
        Assert.Null(await store.EndSafeguardAsync(id, "dr.lee", null, At.AddDays(11)));
        Assert.Null(await store.EndSafeguardAsync(987654, "dr.lee", null, At.AddDays(11)));

        var before = await store.ListSafeguardsAsync("sepsis-ews", At.AddDays(5));
        Assert.Equal([SafeguardState.Active, SafeguardState.Active], before.Select(s => s.State));
        var after = await store.ListSafeguardsAsync("sepsis-ews", At.AddDays(12));
        Assert.Equal([SafeguardState.Ended, SafeguardState.Active], after.Select(s => s.State));
        Assert.Null(after[1].EndsAt); // until re-validation: only a user ends it
        Assert.Equal((null, null), (after[1].Attribute, after[1].Level));
        Assert.Equal(SafeguardState.Ended, (await store.GetSafeguardAsync(id, At.AddDays(12)))!.State);
        Assert.Null(await store.GetSafeguardAsync(987654, At));

        // The CDS helper: the patient 65+ sees both while both are active, a patient of 45-64 only the group-free one.
        var old = new Dictionary<string, string> { ["age"] = ">=65", ["sex"] = "F" };
        var middle = new Dictionary<string, string> { ["age"] = "45-64", ["sex"] = "F" };
        Assert.Equal(2, (await ActiveSafeguards.ForAsync(store, "sepsis-ews", "2.0.0", old, At.AddDays(5))).Count);
        Assert.Equal("oe", Assert.Single(await ActiveSafeguards.ForAsync(store, "sepsis-ews", "2.0.0", middle, At.AddDays(5))).Rule);
        Assert.Equal("oe", Assert.Single(await ActiveSafeguards.ForAsync(store, "sepsis-ews", "2.0.0", old, At.AddDays(12))).Rule);
        Assert.Empty(await ActiveSafeguards.ForAsync(store, "sepsis-ews", "3.0.0", old, At.AddDays(5)));
    }
}
