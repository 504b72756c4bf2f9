using System.Data.Common;
using System.Globalization;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Store.Migrations;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// The pending bins a status's label-free estimate reads (<see cref="IEstimationRows.GetPendingBinsAsync"/>, from the
/// pending-bin counts the writer keeps, migration 0005) equal a recount of the raw pending rows, bin by bin and in the
/// same order, on both backends: for one bucket, daily, hourly and 6-hour buckets, periods that start and end inside a
/// day (so that a day's counts less its outside hours are read), after ingest with outcomes, after a maturity run that
/// empties hours and days, and after the migration of a version-4 store holding data. The stored counts themselves equal
/// a recount from the rows (no bin with a zero count is left behind).
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StorePendingBinsTests(PostgresServer server) : IAsyncLifetime
{
    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    /// <summary>Periods (from, to, bucket) whose edges fall on and inside days and hours.</summary>
    private static readonly (long From, long To, long Bucket)[] Periods =
    [
        (T0 - 24 * Hour, T0 + 200 * Hour, 224 * Hour),
        (T0 - 24 * Hour, T0 + 200 * Hour, 24 * Hour),
        (T0 - 24 * Hour, T0 + 58 * Hour + 1_800_000, 24 * Hour), // daily series ending inside a day
        (T0 - 24 * Hour, T0 + 62 * Hour, 24 * Hour), // daily series whose last day is read as its day less hours 62-71
        (T0 - 24 * Hour, T0 + 200 * Hour, 6 * Hour),
        (T0 + 30 * Hour, T0 + 70 * Hour, Hour),
        (T0 + 5 * Hour, T0 + 100 * Hour, 95 * Hour), // day 0 read as its day less hours 0-4, which hold predictions
        (T0 + 5 * Hour + 1_020_000, T0 + 52 * Hour + 60_000, 48 * Hour), // starts mid-hour (hour 5 excluded), ends inside hour 52 (included)
        (T0 + 20 * Hour, T0 + 44 * Hour, 2 * 24 * Hour), // mostly outside both of its days: hours
        (T0 + 11 * Hour, T0 + 13 * Hour, 24 * Hour),
        (T0 + 7 * Hour, T0 + 7 * Hour, Hour), // empty
    ];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task PendingBins_EqualARecountOfThePendingRows(string backend)
    {
        var stream = EventStream.Generate(seed: 41, encounters: 150, predictionsPerEncounter: 5);
        var database = await _harness.NewDatabaseAsync(backend);
        var store = await _harness.OpenExistingAsync(database);
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        await store.RegisterModelAsync(Registration(version: "2.0.0"), DateTimeOffset.UnixEpoch);
        // In time order with the maturity run at each batch's time: positives and censored predictions leave pending early.
        var events = stream.InTimeOrder();
        await EventStream.PushAsync(store, events, batch: 60);
        await EventStream.PushAsync(store, events.Take(200).ToList(), batch: 50); // duplicates change nothing
        // A second version's predictions share bins with the first's: a version filter must keep them apart.
        await store.AddPredictionsAsync([.. stream.Predictions.Take(120).Select(p => p with { EventId = p.EventId + "-v2", Version = "2.0.0" })]);
        var rows = await PendingRowsAsync(database);
        Assert.True(rows.Count > 100, $"expected pending rows, found {rows.Count}");
        Assert.True(await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state <> 0") > 100, "expected matured rows too");
        await AssertBinsAsync(database, store, rows);

        // A maturity run that empties the first day: its hours' and its day's counts go, the rest stay.
        await store.MatureDueAsync(T0 + 150 * Hour);
        rows = await PendingRowsAsync(database);
        Assert.DoesNotContain(rows, r => r.HourMs < T0 + 24 * Hour);
        Assert.Contains(rows, r => r.HourMs < T0 + 48 * Hour);
        Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM pending_bins WHERE start_ms < " + (T0 + 24 * Hour).ToString(CultureInfo.InvariantCulture)));
        await AssertBinsAsync(database, store, rows);

        // Everything matured: no counts left at all.
        await store.MatureDueAsync(stream.End);
        Assert.Empty(await PendingRowsAsync(database));
        Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM pending_bins"));
        Assert.Empty(await ((IEstimationRows)store).GetPendingBinsAsync(Model, null, T0 - 24 * Hour, T0 + 200 * Hour, Hour));
    }

    /// <summary>
    /// Reads between every batch of writes (predictions, outcomes, maturity runs, a second version, a second store over
    /// the same database writing too): the days this store counted before are reused only while their change stamps
    /// hold, so every read still equals the recount; and reads that repeat reuse days (hits) rather than reading them all.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public async Task PendingBins_BetweenWrites_EqualTheRecount_ReusingOnlyUnchangedDays(string backend)
    {
        var stream = EventStream.Generate(seed: 43, encounters: 120, predictionsPerEncounter: 5);
        var database = await _harness.NewDatabaseAsync(backend);
        var store = await _harness.OpenExistingAsync(database);
        var replica = await _harness.OpenExistingAsync(database);
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        await store.RegisterModelAsync(Registration(version: "2.0.0"), DateTimeOffset.UnixEpoch);
        var estimation = (IEstimationRows)store;
        var events = stream.InTimeOrder();
        var chunk = (events.Count / 8) + 1;
        (long From, long To, long Bucket)[] reads = [(T0 - 24 * Hour, T0 + 200 * Hour, 24 * Hour), (T0 - 24 * Hour, T0 + 200 * Hour, 224 * Hour),
            (T0 + 5 * Hour, T0 + 100 * Hour, 95 * Hour)];
        for (var part = 0; part * chunk < events.Count; part++)
        {
            var slice = events.Skip(part * chunk).Take(chunk).ToList();
            // Alternate writers: the other store's writes must make this store read the days they changed again.
            await EventStream.PushAsync(part % 3 == 2 ? replica : store, slice, batch: 40);
            if (part == 4)
                await store.AddPredictionsAsync([.. stream.Predictions.Take(60).Select(p => p with { EventId = p.EventId + "-v2", Version = "2.0.0" })]);
            var rows = await PendingRowsAsync(database);
            foreach (var (f, t, bucket) in reads)
            {
                foreach (var version in new[] { V1, null })
                {
                    for (var repeat = 0; repeat < 2; repeat++)
                    {
                        var expected = Recount(rows, Model, version, f, t, bucket);
                        var actual = await estimation.GetPendingBinsAsync(Model, version, f, t, bucket);
                        Assert.True(expected.SequenceEqual(actual), $"after part {part}, [{f - T0}, {t - T0}) by {bucket}, version {version ?? "all"}, read {repeat}: {expected.Count} bins expected, {actual.Count} read");
                        // A daily series from UTC midnight hands its whole days' counted bins on as they are.
                        Assert.True(bucket != 24 * Hour || actual is BucketedBins, $"after part {part}: the daily bins are not one segment per day");
                    }
                }
            }
        }
        var days = ((SqlMonitorStore)store).PendingDays;
        Assert.True(days.Hits > days.Misses, $"reads reused {days.Hits} days and counted {days.Misses}");
        // Every day with counts has a stamp per version; a stamp has been raised by more than one write.
        Assert.Equal(0, await StoreHarness.ScalarAsync(database,
            "SELECT COUNT(*) FROM pending_bins b WHERE grain = 24 AND NOT EXISTS (SELECT 1 FROM pending_day_stamps s WHERE s.model = b.model AND s.day_ms = b.start_ms AND s.version = b.version)"));
        Assert.True(await StoreHarness.ScalarAsync(database, "SELECT MAX(stamp) FROM pending_day_stamps") > 1);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Migration5_OfAVersion4StoreWithData_CountsItsPendingRows(string backend)
    {
        var database = await _harness.NewDatabaseAsync(backend);
        StoreDialect dialect = backend == "sqlite" ? new SqliteDialect(database["sqlite:".Length..]) : new PostgresDialect(database);
        await using (dialect)
        {
            Assert.Equal([1, 2, 3, 4], await Migrator.MigrateAsync(dialect, CancellationToken.None, upTo: 4));
            Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations WHERE version = 5"));
            // Rows as a version-4 writer left them: every state, two versions, scores on bin edges, 0 and 1.
            var random = new Random(7);
            await using var connection = await dialect.OpenAsync(CancellationToken.None);
            await using var tx = await dialect.BeginWriteAsync(connection, CancellationToken.None);
            await dialect.ExecuteRowsAsync(connection, tx, """
                INSERT INTO predictions (event_id, model, version, time_ms, hour_ms, encounter_key, patient_key, site, unit, cell, features, score,
                    alert, suggestion, window_end_ms, mature_at_ms, state, label)
                VALUES (@id, @model, @version, @time, @hour, @enc, 'p', NULL, NULL, @cell, NULL, @score, @alert, NULL, @end, @mature, @state, NULL)
                """, ["id", "model", "version", "time", "hour", "enc", "cell", "score", "alert", "end", "mature", "state"], 800, (i, v) =>
            {
                var time = T0 + random.NextInt64(90 * Hour);
                var score = random.Next(4) switch { 0 => random.Next(1001) / 1000.0, 1 => Math.Round(random.NextDouble(), 3), _ => random.NextDouble() };
                v[0] = "m4-" + i.ToString(CultureInfo.InvariantCulture); v[1] = i % 9 == 0 ? "other-model" : Model; v[2] = i % 5 == 0 ? "2.0.0" : V1;
                v[3] = time; v[4] = Sql.HourOf(time); v[5] = "e" + (i % 97).ToString(CultureInfo.InvariantCulture);
                v[6] = (i % 3 == 0 ? "F" : "M") + "|" + (i % 7 == 0 ? "<45" : "45-64"); v[7] = score; v[8] = score > 0.5 ? 1 : 0;
                v[9] = time + 72 * Hour; v[10] = time + 120 * Hour; v[11] = random.Next(5) switch { 0 => 1, 1 => 2, 2 => 3, _ => 0 };
            }, CancellationToken.None);
            await tx.CommitAsync();
        }
        var store = await _harness.OpenExistingAsync(database); // migrates to the latest version: 0005 with its backfill
        Assert.Equal(1, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations WHERE version = 5"));
        var rows = await PendingRowsAsync(database);
        Assert.True(rows.Count > 300, $"expected pending rows, found {rows.Count}");
        await AssertBinsAsync(database, store, rows);
        Assert.NotEmpty(await ((IEstimationRows)store).GetPendingBinsAsync("other-model", null, T0, T0 + 100 * Hour, Hour));
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
        Assert.Equal(inOrder, shuffled); // fixed-point sums: the same means to the bit
        Assert.Contains(inOrder, b => b.MeanScore == 1.0); // a score of 1 has a bin of its own (1000)
        var expected = Recount([.. rows.Select(r => new RawRow(Model, V1, r.Hour, r.Cell, r.Alert, r.Score))], Model, null, T0, T0 + 48 * Hour, 12 * Hour);
        Assert.Equal(expected, inOrder);
    }

    /// <summary>Every period's bins equal the recount (exactly; means also within 5e-10 of the raw doubles' mean), per version and for all; the stored counts equal the recount of their rows.</summary>
    private static async Task AssertBinsAsync(string database, IMonitorStore store, List<RawRow> rows)
    {
        var estimation = Assert.IsAssignableFrom<IEstimationRows>(store);
        foreach (var (f, t, bucket) in Periods)
        {
            foreach (var version in new[] { V1, null })
            {
                var expected = Recount(rows, Model, version, f, t, bucket);
                var actual = await estimation.GetPendingBinsAsync(Model, version, f, t, bucket);
                var what = $"[{f - T0}, {t - T0}) by {bucket}, version {version ?? "all"}";
                Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} bins expected, {actual.Count} read");
                for (var i = 0; i < expected.Count; i++)
                    Assert.True(expected[i] == actual[i], $"{what}: bin {i}: expected {expected[i]}, read {actual[i]}");
                var doubles = RecountDoubles(rows, Model, version, f, t, bucket);
                for (var i = 0; i < expected.Count; i++)
                    Assert.True(Math.Abs(doubles[i] - actual[i].MeanScore) <= 5e-10, $"{what}: bin {i}: mean {actual[i].MeanScore}, of the doubles {doubles[i]}");
            }
        }
        Assert.Empty(await estimation.GetPendingBinsAsync("another-model", null, T0 - 24 * Hour, T0 + 200 * Hour, Hour));

        var stored = await StoredCountsAsync(database);
        var recounted = rows
            .SelectMany(r => new[] { (Grain: 1, Start: r.HourMs, r), (Grain: 24, Start: PendingBinDeltas.DayOf(r.HourMs), r) })
            .GroupBy(x => $"{x.r.Model}|{x.Grain}|{x.Start}|{x.r.Version}|{x.r.Cell}|{(x.r.Alert ? 1 : 0)}|{(long)(x.r.Score * 1000)}", StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{g.Count()}|{g.Sum(x => WindowDeltas.Nano(x.r.Score))}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(recounted, stored);
    }

    private sealed record RawRow(string Model, string Version, long HourMs, string Cell, bool Alert, double Score);

    private static IEnumerable<IGrouping<(long Bucket, string Cell, bool Alert, long Bin), RawRow>> Groups(List<RawRow> rows, string model, string? version,
        long fromMs, long toMs, long bucketMs) =>
        rows.Where(r => r.Model == model && (version is null || r.Version == version) && r.HourMs >= fromMs && r.HourMs < toMs)
            .GroupBy(r => (Bucket: fromMs + (r.HourMs - fromMs) / bucketMs * bucketMs, r.Cell, r.Alert, Bin: (long)Math.Floor(r.Score * 1000)))
            .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Alert).ThenBy(g => g.Key.Bin);

    /// <summary>The bins recounted plainly from the rows: floor(score / 0.001) by bucket, cell (ordinal order), alert and bin; the mean from the fixed-point scores.</summary>
    private static List<PendingBin> Recount(List<RawRow> rows, string model, string? version, long fromMs, long toMs, long bucketMs) =>
        [.. Groups(rows, model, version, fromMs, toMs, bucketMs)
            .Select(g => new PendingBin(g.Key.Bucket, g.Key.Cell, g.Key.Alert, g.Sum(r => WindowDeltas.Nano(r.Score)) / 1e9 / g.Count(), g.Count()))];

    /// <summary>The same bins' means as the plain mean of the raw doubles (what the estimate read before the counts were kept).</summary>
    private static List<double> RecountDoubles(List<RawRow> rows, string model, string? version, long fromMs, long toMs, long bucketMs) =>
        [.. Groups(rows, model, version, fromMs, toMs, bucketMs).Select(g => g.Average(r => r.Score))];

    private static DbConnection Open(string store) => store.StartsWith("sqlite:", StringComparison.Ordinal)
        ? new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store["sqlite:".Length..])
        : new Npgsql.NpgsqlConnection(store);

    /// <summary>Every pending row, read straight from the predictions table.</summary>
    private static async Task<List<RawRow>> PendingRowsAsync(string store)
    {
        await using var connection = Open(store);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model, version, hour_ms, cell, alert, score FROM predictions WHERE state = 0";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RawRow>();
        while (await reader.ReadAsync())
            rows.Add(new RawRow(reader.GetString(0), reader.GetString(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetString(3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture) != 0, reader.GetDouble(5)));
        return rows;
    }

    /// <summary>Every stored pending-bin count as "model|grain|start|version|cell|alert|bin|n|sum", sorted.</summary>
    private static async Task<List<string>> StoredCountsAsync(string store)
    {
        await using var connection = Open(store);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT model, grain, start_ms, version, cell, alert, bin, n, score_sum_nano FROM pending_bins";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            rows.Add(string.Join("|", values));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
