using Vigil.Monitoring.Store;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// On SQLite a maturity run shares the file's one writer with ingest: it commits after a step of 50 due predictions
/// when another writer waits for the gate (so a single-event POST does not wait for a 2,000-row transaction), and takes
/// transactions of 2,000 when nobody waits; two maturity runs at once do not count as waiting for each other. Either
/// way every due prediction is matured once.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreMaturityYieldTests(PostgresServer server) : IAsyncLifetime
{
    private const int Due = 2_500;

    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    [Fact]
    public async Task MaturityRun_AloneTakesTransactionsOfTwoThousand()
    {
        var (store, database) = await OpenWithDuePredictionsAsync();

        Assert.Equal(Due, await store.MatureDueAsync(T0 + 1000 * Hour));

        Assert.Equal(2, store.MatureTransactions); // 2,000 + 500
        Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state = 0"));
    }

    [Fact]
    public async Task MaturityRun_CommitsAfterOneStep_WhenAnIngestWaits()
    {
        var (store, database) = await OpenWithDuePredictionsAsync();
        var gate = store.Dialect.WriterGate!;

        // The test holds the writer; the maturity run queues first, then a single prediction's batch.
        await gate.EnterAsync(CancellationToken.None);
        Task<int> maturity;
        Task<Vigil.Contracts.Monitoring.IngestResult> single;
        try
        {
            maturity = store.MatureDueAsync(T0 + 1000 * Hour);
            await WaitUntilAsync(() => gate.BackgroundWaiting == 1, "the maturity run waiting for the gate");
            single = store.AddPredictionsAsync([Prediction("single", "enc-single", T0 + 999 * Hour)]);
            await WaitUntilAsync(() => gate.Waiting == 1, "the batch waiting for the gate");
        }
        finally
        {
            gate.Exit();
        }

        Assert.Equal(1, (await single).Accepted);
        Assert.Equal(Due, await maturity);
        // One step of 50 while the batch waited, then 2,000 and 450 with nobody waiting.
        Assert.Equal(3, store.MatureTransactions);
        Assert.Equal(1, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state = 0"));
    }

    [Fact]
    public async Task TwoMaturityRuns_DoNotYieldToEachOther()
    {
        var (store, database) = await OpenWithDuePredictionsAsync();
        var gate = store.Dialect.WriterGate!;

        await gate.EnterAsync(CancellationToken.None);
        Task<int> first, second;
        try
        {
            first = store.MatureDueAsync(T0 + 1000 * Hour);
            await WaitUntilAsync(() => gate.BackgroundWaiting == 1, "the first maturity run waiting for the gate");
            second = store.MatureDueAsync(T0 + 1000 * Hour);
            await WaitUntilAsync(() => gate.BackgroundWaiting == 2, "the second maturity run waiting for the gate");
            Assert.Equal(0, gate.Waiting);
        }
        finally
        {
            gate.Exit();
        }

        Assert.Equal(Due, await first + await second);
        // The first takes 2,000 and queues again behind the second, which takes the other 500; then the first finds none.
        // Had they counted each other as waiting, each transaction would have been one step of 50 (50 or more).
        Assert.Equal(3, store.MatureTransactions);
        Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state = 0"));
    }

    /// <summary>A SQLite store with <see cref="Due"/> predictions of distinct encounters, all due by T0 + 1000 h.</summary>
    private async Task<(SqlMonitorStore Store, string Database)> OpenWithDuePredictionsAsync()
    {
        var database = await _harness.NewDatabaseAsync("sqlite");
        var store = (SqlMonitorStore)await _harness.OpenExistingAsync(database);
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        var predictions = new StoredPrediction[Due];
        for (var i = 0; i < Due; i++)
            predictions[i] = Prediction($"p{i:D5}", $"enc-{i}", T0 + i * 60_000L);
        Assert.Equal(Due, (await store.AddPredictionsAsync(predictions)).Accepted);
        return (store, database);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }
}
