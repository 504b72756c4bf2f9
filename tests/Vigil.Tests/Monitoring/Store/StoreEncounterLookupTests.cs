using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Store.Migrations;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// Lookups of predictions by encounter (the CDS Hooks latest prediction, the relabelling of an encounter's predictions
/// when its outcome arrives): pseudonyms that share the 8 bytes SQLite's encounter index keeps, and keys that are not
/// pseudonyms at all, are told apart on both backends, also after the migration of a version-5 store holding data. On
/// SQLite (<see cref="SqliteEncounterIndex"/>, a file beside the store built after the fact): every prediction is found
/// while the index lags, after it catches up, and with both; rows are read by rowid, never by a scan of the table (which
/// would stall the maturity run); an index file that is missing, another store's or not a database is rebuilt.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreEncounterLookupTests(PostgresServer server) : IAsyncLifetime
{
    private const string SharedBytes = "0123456789abcdef";

    /// <summary>
    /// Two pseudonyms with the same indexed bytes, one with the same bytes in upper case (not what the pseudonymizer
    /// writes, but a different key), and keys that are not "e_" + hex: text, odd and short hex, the bare prefix.
    /// </summary>
    private static readonly string[] Keys =
    [
        "e_" + SharedBytes + "00000000000000aa",
        "e_" + SharedBytes + "00000000000000bb",
        "e_" + SharedBytes.ToUpperInvariant() + "00000000000000aa",
        "enc-raw-id",
        "e_abc",
        "e_ab",
        "e_",
    ];

    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Encounters_sharing_the_indexed_bytes_are_told_apart(string backend)
    {
        var database = await _harness.NewDatabaseAsync(backend);
        var store = await _harness.OpenExistingAsync(database);
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        await AddTwoPredictionsPerKeyAsync(store);
        await AssertLookupsAsync(store, database);
    }

    [Fact]
    public async Task Sqlite_finds_every_prediction_while_its_encounter_index_lags_and_after_it_catches_up()
    {
        var path = (await _harness.NewDatabaseAsync("sqlite"))["sqlite:".Length..];
        await using var store = await OpenFilledSqliteStoreAsync(path); // every prediction in the tail: nothing indexed yet
        Assert.Equal(0, await IndexScalarAsync(path, "SELECT through FROM indexed"));
        await AssertLatestAsync(store);

        var index = ((SqliteDialect)store.Dialect).Encounters;
        Assert.Equal(2 * Keys.Length, await index.CatchUpAsync(CancellationToken.None));
        Assert.Equal(2 * Keys.Length, await IndexScalarAsync(path, "SELECT COUNT(*) FROM encounter_rows"));
        Assert.Equal(2 * Keys.Length, await IndexScalarAsync(path, "SELECT through FROM indexed"));
        await AssertLatestAsync(store); // all indexed

        // Later predictions of the same encounters in the tail again: the latest is found beyond the index.
        await store.AddPredictionsAsync([.. Keys.Select((k, i) => Prediction($"{i}-later", "raw", T0 + 50 * Hour) with { EncounterKey = k })]);
        for (var i = 0; i < Keys.Length; i++)
            Assert.Equal($"{i}-later", (await store.GetLatestPredictionAsync(Model, null, Keys[i]))!.EventId);
        Assert.Equal(Keys.Length, await index.CatchUpAsync(CancellationToken.None));
        for (var i = 0; i < Keys.Length; i++)
            Assert.Equal($"{i}-later", (await store.GetLatestPredictionAsync(Model, null, Keys[i]))!.EventId);
    }

    [Fact]
    public async Task Sqlite_reads_the_rows_of_an_encounter_by_rowid_not_by_scanning_the_table()
    {
        var path = (await _harness.NewDatabaseAsync("sqlite"))["sqlite:".Length..];
        await using var store = await OpenFilledSqliteStoreAsync(path);
        var others = Enumerable.Range(0, 3000).Select(i => Prediction($"other-{i}", $"encounter-{i}", T0 + i * 60_000L)).ToList();
        Assert.Equal(others.Count, (await store.AddPredictionsAsync(others)).Accepted);
        var dialect = (SqliteDialect)store.Dialect;
        await dialect.Encounters.CatchUpAsync(CancellationToken.None);
        await using var connection = new SqliteConnection("Data Source=" + path);
        await connection.OpenAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE"; // with statistics too
            await analyze.ExecuteNonQueryAsync();
        }
        await using var command = connection.CreateCommand();
        var condition = await dialect.EncounterConditionAsync(command, Keys, CancellationToken.None);
        command.CommandText = "EXPLAIN QUERY PLAN SELECT event_id FROM predictions WHERE " + condition;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(3));
        }
        var text = string.Join("\n", plan);
        Assert.Contains("SEARCH predictions USING INTEGER PRIMARY KEY (rowid=?)", text, StringComparison.Ordinal);
        Assert.Contains("SEARCH predictions USING INTEGER PRIMARY KEY (rowid>?)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN predictions", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_rebuilds_an_encounter_index_that_is_missing_or_another_stores()
    {
        var path = (await _harness.NewDatabaseAsync("sqlite"))["sqlite:".Length..];
        var otherPath = (await _harness.NewDatabaseAsync("sqlite"))["sqlite:".Length..];
        await (await OpenFilledSqliteStoreAsync(path)).DisposeAsync();
        await using (var other = new SqlMonitorStore(new SqliteDialect(otherPath, indexEncountersInBackground: false)))
        {
            await other.MigrateAsync();
            await other.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
            // Other encounters at the same rowids: an index taken for this store's would point them at the wrong rows.
            await other.AddPredictionsAsync([.. Enumerable.Range(0, 2 * Keys.Length).Select(i => Prediction($"z-{i}", $"other-{i}", T0))]);
            Assert.Equal(2 * Keys.Length, await ((SqliteDialect)other.Dialect).Encounters.CatchUpAsync(CancellationToken.None));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + ".encounters" + suffix);
        await using (var reopened = new SqlMonitorStore(new SqliteDialect(path, indexEncountersInBackground: false)))
        {
            await reopened.MigrateAsync(); // rebuilt from the predictions when it opens
            Assert.Equal(2 * Keys.Length, await IndexScalarAsync(path, "SELECT COUNT(*) FROM encounter_rows"));
            await AssertLatestAsync(reopened);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + ".encounters" + suffix);
            if (File.Exists(otherPath + ".encounters" + suffix))
                File.Copy(otherPath + ".encounters" + suffix, path + ".encounters" + suffix);
        }
        await using (var swapped = new SqlMonitorStore(new SqliteDialect(path, indexEncountersInBackground: false)))
        {
            await swapped.MigrateAsync(); // the event id at "through" is not this store's: emptied and rebuilt
            await AssertLatestAsync(swapped);
            Assert.Equal(await StoreHarness.ScalarAsync("sqlite:" + path, "SELECT COUNT(*) FROM predictions"), await IndexScalarAsync(path, "SELECT COUNT(*) FROM encounter_rows"));
        }
    }

    [Fact]
    public async Task Sqlite_rebuilds_an_encounter_index_file_that_is_not_a_database()
    {
        var path = (await _harness.NewDatabaseAsync("sqlite"))["sqlite:".Length..];
        await (await OpenFilledSqliteStoreAsync(path)).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(path + ".encounters" + suffix);
        await File.WriteAllBytesAsync(path + ".encounters", [.. Enumerable.Repeat((byte)0x5a, 8192)]); // damaged: not SQLite
        await using (var reopened = new SqlMonitorStore(new SqliteDialect(path, indexEncountersInBackground: false)))
        {
            await reopened.MigrateAsync();
            Assert.Equal(2 * Keys.Length, await IndexScalarAsync(path, "SELECT COUNT(*) FROM encounter_rows"));
            await AssertLatestAsync(reopened);
        }
    }

    /// <summary>A SQLite store at <paramref name="path"/> whose encounter index catches up only when told, holding two predictions per key.</summary>
    private static async Task<SqlMonitorStore> OpenFilledSqliteStoreAsync(string path)
    {
        var store = new SqlMonitorStore(new SqliteDialect(path, indexEncountersInBackground: false));
        await store.MigrateAsync();
        await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
        await AddTwoPredictionsPerKeyAsync(store);
        return store;
    }

    [Theory]
    [InlineData("e_0123456789abcdef0123456789abcdef", 0x0123456789abcdefL)]
    [InlineData("e_ffffffffffffffff0000000000000000", -1L)]
    [InlineData("e_0123456789abcdef", 0x0123456789abcdefL)]
    public void The_lookup_of_a_pseudonym_is_its_first_8_bytes(string key, long lookup) =>
        Assert.Equal(lookup, SqliteEncounterIndex.Lookup(key));

    [Theory]
    [InlineData("e_0123456789ABCDEF0123456789abcdef")]
    [InlineData("e_0123456789abcde")]
    [InlineData("enc-raw-id")]
    [InlineData("e_")]
    [InlineData("e_0123456789abcdeg0")]
    public void Any_other_key_is_its_own_lookup(string key) => Assert.Equal(key, SqliteEncounterIndex.Lookup(key));

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Migration6_of_a_version5_store_with_data_keeps_every_lookup(string backend)
    {
        var database = await _harness.NewDatabaseAsync(backend);
        StoreDialect dialect = backend == "sqlite" ? new SqliteDialect(database["sqlite:".Length..]) : new PostgresDialect(database);
        await using (dialect)
        {
            Assert.Equal([1, 2, 3, 4, 5], await Migrator.MigrateAsync(dialect, CancellationToken.None, upTo: 5));
        }
        // Today's writer also raises the day stamps of migration 7, so it gets their table for the rows it writes as a
        // version-5 writer; the table goes again before the migrations under test run.
        await ExecuteAsync(database, "CREATE TABLE pending_day_stamps (model TEXT NOT NULL, day_ms BIGINT NOT NULL, version TEXT NOT NULL, stamp BIGINT NOT NULL, PRIMARY KEY (model, day_ms, version))");
        var version5 = MonitorStoreFactory.Open(database); // not migrated: a version-5 writer
        await using (version5)
        {
            await version5.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
            await AddTwoPredictionsPerKeyAsync(version5);
        }
        await ExecuteAsync(database, "DROP TABLE pending_day_stamps");
        Assert.Equal(0, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations WHERE version = 6"));
        var store = await _harness.OpenExistingAsync(database); // migrates: the index is rebuilt over the rows above
        Assert.Equal(1, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations WHERE version = 6"));
        await AssertLookupsAsync(store, database);
    }

    /// <summary>Two predictions of each key, an hour apart, the later one with event id "{i}-late".</summary>
    private static async Task AddTwoPredictionsPerKeyAsync(IMonitorStore store)
    {
        var predictions = new List<StoredPrediction>();
        for (var i = 0; i < Keys.Length; i++)
        {
            predictions.Add(Prediction($"{i}-early", "raw", T0 + i * Hour) with { EncounterKey = Keys[i] });
            predictions.Add(Prediction($"{i}-late", "raw", T0 + (i + 1) * Hour) with { EncounterKey = Keys[i] });
        }
        Assert.Equal(predictions.Count, (await store.AddPredictionsAsync(predictions)).Accepted);
    }

    private static async Task AssertLatestAsync(IMonitorStore store)
    {
        var workflow = (IWorkflowStore)store;
        for (var i = 0; i < Keys.Length; i++)
        {
            var latest = await workflow.GetLatestPredictionAsync(Model, null, Keys[i]);
            Assert.NotNull(latest);
            Assert.Equal($"{i}-late", latest.EventId);
            Assert.Equal(Keys[i], latest.EncounterKey);
        }
        Assert.Null(await workflow.GetLatestPredictionAsync(Model, null, "e_" + SharedBytes + "00000000000000cc"));
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using System.Data.Common.DbConnection connection = database.StartsWith("sqlite:", StringComparison.Ordinal)
            ? new SqliteConnection("Data Source=" + database["sqlite:".Length..])
            : new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> IndexScalarAsync(string storePath, string sql)
    {
        await using var connection = new SqliteConnection("Data Source=" + storePath + ".encounters");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Each key's latest prediction is its own; an outcome of the first key labels its two predictions and no other
    /// key's (the relabelling reads the encounter's predictions through the index).
    /// </summary>
    private static async Task AssertLookupsAsync(IMonitorStore store, string database)
    {
        await AssertLatestAsync(store);

        await store.AddOutcomesAsync([new StoredOutcome("onset-0", Keys[0], "sepsis_onset", T0 + 3 * Hour)]);
        Assert.Equal((long)LabelState.MaturedPositive, await StoreHarness.ScalarAsync(database, "SELECT state FROM predictions WHERE event_id = '0-early'"));
        Assert.Equal((long)LabelState.MaturedPositive, await StoreHarness.ScalarAsync(database, "SELECT state FROM predictions WHERE event_id = '0-late'"));
        Assert.Equal(2, await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM predictions WHERE state <> 0"));
    }
}
