using System.Data.Common;
using Vigil.Monitoring.Estimation;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// The pending bins a status's label-free estimate reads (<see cref="IEstimationRows.GetPendingBinsAsync"/>: SQLite steps
/// the pending index and counts in process, PostgreSQL groups in the server) equal a recount of the raw pending rows,
/// bin by bin and in the same order, on both backends, for one bucket, several buckets and a part of the period.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StorePendingBinsTests(PostgresServer server) : IAsyncLifetime
{
    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task PendingBins_EqualARecountOfThePendingRows(string backend)
    {
        var stream = EventStream.Generate(seed: 41, encounters: 150, predictionsPerEncounter: 5);
        var database = await _harness.NewDatabaseAsync(backend);
        var store = await _harness.OpenExistingAsync(database);
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        // In time order with the maturity run at each batch's time: the older predictions mature, the last ~5 days' stay pending.
        var events = stream.InTimeOrder();
        await EventStream.PushAsync(store, events, batch: 60);
        await EventStream.PushAsync(store, events.Take(200).ToList(), batch: 50); // duplicates change nothing
        var rows = await PendingRowsAsync(database);
        Assert.True(rows.Count > 100, $"expected pending rows, found {rows.Count}");
        Assert.True(await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state <> 0") > 100, "expected matured rows too");

        var estimation = Assert.IsAssignableFrom<IEstimationRows>(store);
        var from = T0 - 24 * Hour;
        var to = T0 + 200 * Hour;
        foreach (var (f, t, bucket) in new[] { (from, to, to - from), (from, to, 6 * Hour), (T0 + 30 * Hour, T0 + 70 * Hour, Hour) })
        {
            var expected = Recount(rows, Model, f, t, bucket);
            var actual = await estimation.GetPendingBinsAsync(Model, V1, f, t, bucket);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (e, a) = (expected[i], actual[i]);
                Assert.Equal((e.BucketMs, e.Cell, e.Alert, e.Count), (a.BucketMs, a.Cell, a.Alert, a.Count));
                Assert.Equal(e.MeanScore, a.MeanScore, 1e-12);
            }
            Assert.Equal(rows.Count(r => r.HourMs >= f && r.HourMs < t), actual.Sum(b => b.Count));
        }
        Assert.Equal(await estimation.GetPendingBinsAsync(Model, V1, from, to, Hour), await estimation.GetPendingBinsAsync(Model, null, from, to, Hour));
        Assert.Empty(await estimation.GetPendingBinsAsync("another-model", null, from, to, Hour));
    }

    [Fact]
    public void Counter_GivesTheSameBinsWhateverTheRowOrder()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 2_000).Select(i => (Hour: T0 + random.Next(48) * Hour, Cell: "c" + random.Next(7), Alert: random.Next(2) == 1,
            Score: i % 97 == 0 ? 1.0 : Math.Round(random.NextDouble(), 4))).ToList();
        List<PendingBin> Count(IEnumerable<(long Hour, string Cell, bool Alert, double Score)> order)
        {
            var counter = new PendingBinCounter(T0, 12 * Hour);
            foreach (var r in order) counter.Add(r.Hour, r.Cell, r.Alert, r.Score);
            Assert.Equal(rows.Count, counter.Rows);
            return counter.ToBins();
        }
        var inOrder = Count(rows);
        var shuffled = Count(rows.OrderBy(_ => random.Next()));
        Assert.Equal(inOrder.Count, shuffled.Count);
        for (var i = 0; i < inOrder.Count; i++)
        {
            Assert.Equal(inOrder[i] with { MeanScore = 0 }, shuffled[i] with { MeanScore = 0 });
            Assert.Equal(inOrder[i].MeanScore, shuffled[i].MeanScore, 1e-12);
        }
        Assert.Contains(inOrder, b => b.MeanScore == 1.0); // a score of 1 has a bin of its own (1000)
        var expected = Recount([.. rows.Select(r => new RawRow(Model, r.Hour, r.Cell, r.Alert, r.Score))], Model, T0, T0 + 48 * Hour, 12 * Hour);
        Assert.Equal(expected.Select(b => (b.BucketMs, b.Cell, b.Alert, b.Count)), inOrder.Select(b => (b.BucketMs, b.Cell, b.Alert, b.Count)));
    }

    private sealed record RawRow(string Model, long HourMs, string Cell, bool Alert, double Score);

    /// <summary>The bins recounted plainly: floor(score / 0.001) by bucket, cell (ordinal order), alert and bin.</summary>
    private static List<PendingBin> Recount(List<RawRow> rows, string model, long fromMs, long toMs, long bucketMs) =>
        [.. rows.Where(r => r.Model == model && r.HourMs >= fromMs && r.HourMs < toMs)
            .GroupBy(r => (Bucket: fromMs + (r.HourMs - fromMs) / bucketMs * bucketMs, r.Cell, r.Alert, Bin: (long)Math.Floor(r.Score * 1000)))
            .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Alert).ThenBy(g => g.Key.Bin)
            .Select(g => new PendingBin(g.Key.Bucket, g.Key.Cell, g.Key.Alert, g.Sum(r => r.Score) / g.Count(), g.Count()))];

    /// <summary>Every pending row, read straight from the table (not through the index the store reads).</summary>
    private static async Task<List<RawRow>> PendingRowsAsync(string store)
    {
        await using DbConnection connection = store.StartsWith("sqlite:", StringComparison.Ordinal)
            ? new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store["sqlite:".Length..])
            : new Npgsql.NpgsqlConnection(store);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model, hour_ms, cell, alert, score FROM predictions WHERE state = 0";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RawRow>();
        while (await reader.ReadAsync())
            rows.Add(new RawRow(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2), Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0, reader.GetDouble(4)));
        return rows;
    }
}
