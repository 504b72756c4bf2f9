using Vigil.Monitoring.AuditTrail;
using Vigil.Monitoring.Store;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// Two replicas: two store instances (own connection pools) over one database writing at the same time. Counts are
/// exact, one finding is one alert, the audit chain has no gaps or forks. On SQLite the replicas are two pools on one
/// file (BEGIN IMMEDIATE and the busy timeout serialise them).
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreReplicaTests(PostgresServer server) : IAsyncLifetime
{
    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    private async Task<(IMonitorStore A, IMonitorStore B)> ReplicasAsync(string backend)
    {
        var database = await _harness.NewDatabaseAsync(backend);
        var a = await _harness.OpenExistingAsync(database);
        var b = await _harness.OpenExistingAsync(database);
        await a.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        return (a, b);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TwoReplicas_IngestingOverlappingBatchesConcurrently_CountEveryEventOnce(string backend)
    {
        var stream = EventStream.Generate(seed: 23, encounters: 80, predictionsPerEncounter: 5);
        var (a, b) = await ReplicasAsync(backend);
        var reference = await _harness.OpenAsync(backend);
        await reference.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        await EventStream.PushAsync(reference, stream.InTimeOrder(), batch: 100);
        await reference.MatureDueAsync(stream.End);

        // A takes the first two thirds of every kind, B the last two thirds (the middle third goes to both), each in its
        // own order and batch sizes, all at once; outcomes race the predictions they label.
        static List<T> Part<T>(List<T> all, bool first) => first ? all[..(all.Count * 2 / 3)] : all[(all.Count / 3)..];
        async Task Replica(IMonitorStore store, bool first, int seed, int batch)
        {
            var random = new Random(seed);
            var events = Part(stream.Predictions, first).Select(p => (p.TimeMs, (object)p))
                .Concat(Part(stream.Outcomes, first).Select(o => (o.TimeMs, (object)o)))
                .Concat(Part(stream.Actions, first).Select(x => (x.TimeMs, (object)x)))
                .OrderBy(_ => random.Next()).ToList();
            await EventStream.PushAsync(store, events, batch, clock: t => t - 200 * Hour);
        }
        await Task.WhenAll(Task.Run(() => Replica(a, true, 1, 40)), Task.Run(() => Replica(b, false, 2, 60)));
        await Task.WhenAll(a.MatureDueAsync(stream.End), b.MatureDueAsync(stream.End));

        var expected = await reference.GetHourCellsAsync(Model, V1, long.MinValue, long.MaxValue);
        Assert.Equal(stream.Predictions.Count, Total(expected).Predictions);
        Assert.Equal(expected, await a.GetHourCellsAsync(Model, V1, long.MinValue, long.MaxValue));
        Assert.Equal(expected, await b.GetHourCellsAsync(Model, null, long.MinValue, long.MaxValue));
        Assert.Equal(await reference.GetHourBinsAsync(Model, V1, long.MinValue, long.MaxValue),
            await b.GetHourBinsAsync(Model, V1, long.MinValue, long.MaxValue));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TwoReplicas_RaisingTheSameFindingAtOnce_OpenOneAlert(string backend)
    {
        var (a, b) = await ReplicasAsync(backend);
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var raises = Enumerable.Range(0, 10).SelectMany(_ => new[] { a, b })
            .Select(s => Task.Run(() => s.RaiseAlertAsync(StoreAlertTests.Finding(), at))).ToArray();
        var results = await Task.WhenAll(raises);
        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        var alert = Assert.Single(await b.ListAlertsAsync(null, null));
        Assert.Single(alert.History);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TwoReplicas_AppendingAuditEntriesAtOnce_KeepOneUnbrokenChain(string backend)
    {
        var (a, b) = await ReplicasAsync(backend);
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var appends = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AppendAuditAsync("user" + i, "config.change", "model/x", "change " + i, at.AddSeconds(i))))
            .ToArray();
        var entries = await Task.WhenAll(appends);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        var log = await a.ReadAuditLogAsync(1, 1000);
        Assert.Equal(20, log.Count);
        Assert.Null(AuditChain.Verify(log));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TwoReplicas_ClaimingWebhooksAtOnce_NeverClaimOneDeliveryTwice(string backend)
    {
        var (a, b) = await ReplicasAsync(backend);
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        for (var i = 0; i < 30; i++)
            await a.EnqueueWebhookAsync("https://hooks.example/" + i, "{}", at);
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).ClaimWebhooksAsync(4, at, TimeSpan.FromMinutes(5)))));
        var ids = claims.SelectMany(c => c.Select(d => d.Id)).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
    }
}
