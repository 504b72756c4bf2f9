using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Vigil.Monitoring.Store;

/// <summary>
/// SQLite's index of predictions by encounter, kept in a file of its own beside the store (<c>monitor.db</c> →
/// <c>monitor.db.encounters</c>) and brought up to date by a background task instead of by the writer.
/// </summary>
/// <remarks>
/// <para>
/// Why: encounter pseudonyms are HMACs, so an index of them takes its keys in random order and, once it is larger than
/// the writer's page cache, nearly every stored prediction dirties a leaf page that the rest of its group commit does
/// not share; every dirtied page is written whole to the WAL at the commit. That index held the single writer to about
/// half its rate (docs/service.md, "The encounter index is the writer's ceiling"). Here it is built from the
/// predictions table after the fact, many thousand rows per transaction (a leaf page is written once for all the rows
/// that land on it), with synchronous=NORMAL, on another thread than the writer's.
/// </para>
/// <para>
/// What it holds: (lookup, rowid) for every prediction up to <c>through</c>, the largest rowid indexed. The lookup is
/// the first 8 bytes of the pseudonym's HMAC as an integer ("e_" + 32 hex digits: its hex digits 1-16), or the key's
/// text when it is not of that form; pseudonyms that share it are told apart by the exact comparison every lookup makes
/// in the store. Rows after <c>through</c> (the tail the task has not reached, at most about a second of ingest while it
/// keeps up) are found by scanning the tail itself, so a lookup never misses a prediction however far the task lags.
/// </para>
/// <para>
/// Why that is complete: predictions are never deleted, and a row's rowid is one more than the largest committed when
/// its transaction inserted it (writers are serialised by the file's write lock, in every process), so a row committed
/// after the task read up to <c>through</c> has a larger rowid. A lookup reads <c>through</c> before the index rows and
/// the store after both, so every row it can see is either indexed or in the tail.
/// </para>
/// <para>
/// The file is a cache of the store: lost, not a database, found damaged when the store opens, or belonging to another
/// store file (a restored backup), it is made again from the predictions; <c>through_event</c>, the event id at rowid
/// <c>through</c>, is checked when the store opens.
/// Several processes over one store share it (the catch-up takes the file's write lock and rereads <c>through</c>).
/// </para>
/// </remarks>
internal sealed class SqliteEncounterIndex : IAsyncDisposable
{
    /// <summary>Most predictions indexed in one transaction.</summary>
    public const int ChunkRows = 200_000;

    /// <summary>Tail length at which the task catches up without waiting for <see cref="MaxLag"/>.</summary>
    public const int EagerRows = 50_000;

    /// <summary>How often the task looks at the tail.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest the task leaves a non-empty tail unindexed.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    /// <summary>Page cache of the task's connection to the index file (KiB): the index's pages stay in memory between catch-ups.</summary>
    private const int CacheKib = 65_536;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS encounter_rows (
            lookup ANY     NOT NULL,
            row    INTEGER NOT NULL,
            PRIMARY KEY (lookup, row)
        ) WITHOUT ROWID, STRICT;
        CREATE TABLE IF NOT EXISTS indexed (
            id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            through       INTEGER NOT NULL,
            through_event TEXT
        );
        INSERT INTO indexed (id, through, through_event) VALUES (1, 0, NULL) ON CONFLICT (id) DO NOTHING;
        """;

    private readonly SqliteDialect _store;
    private readonly string _connectionString;
    private readonly bool _background;
    private readonly SemaphoreSlim _open = new(1, 1);
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private SqliteConnection? _writer;
    private Task? _task;
    private volatile bool _opened;
    private int _disposed;

    /// <summary>The index of the store <paramref name="store"/>; <paramref name="background"/> false leaves catching up to <see cref="CatchUpAsync"/> (tests).</summary>
    public SqliteEncounterIndex(SqliteDialect store, bool background = true)
    {
        _store = store;
        _background = background;
        Path = store.Path + ".encounters";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = SqliteDialect.BusyTimeoutMs / 1000,
        }.ToString();
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    /// <summary>The last error of the background task (it retries), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>
    /// Creates or checks the file (rebuilt from nothing when it is not this store's), indexes every prediction stored
    /// so far and starts the background task; once per instance, and before any lookup.
    /// </summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        if (_opened)
            return;
        await _open.WaitAsync(ct);
        try
        {
            if (_opened)
                return;
            try
            {
                _writer = await OpenWriterAsync(ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
            {
                // Not a database, or a damaged one: a lost cache, made again from the predictions.
                SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    File.Delete(Path + suffix);
                _writer = await OpenWriterAsync(ct);
            }
            await RebuildIfNotThisStoresAsync(ct);
            while (await CatchUpAsync(ct) == ChunkRows)
            {
            }
            if (_background)
                _task = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
            _opened = true;
        }
        finally
        {
            _open.Release();
        }
    }

    /// <summary>
    /// Adds to <paramref name="command"/> the parameters of <see cref="Condition"/> for the encounters
    /// <paramref name="keys"/>: the indexed rows of their lookups, and <c>through</c> (read first).
    /// </summary>
    public async Task AddParametersAsync(DbCommand command, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await OpenAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        var through = await ThroughAsync(connection, null, ct);
        var rows = new ArrayBufferWriter<byte>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT row FROM encounter_rows WHERE lookup IN (SELECT value FROM json_each(@lookups))";
            select.Parameters.AddWithValue("@lookups", LookupsJson(keys));
            await using var reader = await select.ExecuteReaderAsync(ct);
            using var json = new Utf8JsonWriter(rows);
            json.WriteStartArray();
            while (await reader.ReadAsync(ct))
                json.WriteNumberValue(reader.GetInt64(0));
            json.WriteEndArray();
        }
        Sql.Add(command, "encounter_rows", Encoding.UTF8.GetString(rows.WrittenSpan));
        Sql.Add(command, "encounter_through", through);
        Sql.Add(command, "encounter_keys", StoreJson.Strings(keys));
    }

    /// <summary>The condition on predictions whose parameters <see cref="AddParametersAsync"/> adds: indexed or in the tail, and exactly one of the keys.</summary>
    public const string Condition =
        "(rowid IN (SELECT value FROM json_each(@encounter_rows)) OR rowid > @encounter_through) " +
        "AND encounter_key IN (SELECT value FROM json_each(@encounter_keys))";

    /// <summary>
    /// Indexes up to <see cref="ChunkRows"/> predictions after <c>through</c> in one transaction of the index file
    /// (holding its write lock, so that two processes do not index the same rows); returns how many.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await _catchUp.WaitAsync(ct);
        try
        {
            var writer = _writer ?? throw new InvalidOperationException("the encounter index is not open");
            await using var tx = writer.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var through = await ThroughAsync(writer, tx, ct);
            var (lookups, rows, last) = await ReadTailAsync(through, ct);
            if (rows.Length == 0)
                return 0;
            var lastEvent = await EventAtAsync(last, ct);
            // In lookup order: consecutive inserts land on the same or the next leaf page.
            Array.Sort(lookups, rows, LookupComparer.Instance);
            await _store.ExecuteRowsAsync(writer, tx, "INSERT INTO encounter_rows (lookup, row) VALUES (@lookup, @row) ON CONFLICT DO NOTHING",
                ["lookup", "row"], rows.Length, (i, v) => { v[0] = lookups[i]; v[1] = rows[i]; }, ct);
            await using (var update = writer.CreateCommand())
            {
                update.Transaction = tx;
                update.CommandText = "UPDATE indexed SET through = @through, through_event = @event WHERE id = 1";
                update.Parameters.AddWithValue("@through", last);
                update.Parameters.AddWithValue("@event", lastEvent);
                await update.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            return rows.Length;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>
    /// The lookup of an encounter key: "e_" followed by at least 16 lower-case hex digits gives its first 16 as a
    /// signed 64-bit integer; any other key is its own text.
    /// </summary>
    public static object Lookup(string key)
    {
        if (key.Length >= 18 && key[0] == 'e' && key[1] == '_' && IsLowerHex(key.AsSpan(2, 16)) &&
            ulong.TryParse(key.AsSpan(2, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            return unchecked((long)bits);
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return; // the store may be disposed twice (by its owner and by a host's container)
        await _stop.CancelAsync();
        if (_task is not null)
        {
            try
            {
                await _task;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _catchUp.WaitAsync();
        try
        {
            if (_writer is not null)
                await _writer.DisposeAsync();
            _writer = null;
        }
        finally
        {
            _catchUp.Release();
        }
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var lastCatchUp = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, stop);
                var tail = await TailLengthAsync(stop);
                if (tail == 0 || (tail < EagerRows && DateTime.UtcNow - lastCatchUp < MaxLag))
                    continue;
                while (await CatchUpAsync(stop) == ChunkRows)
                {
                }
                lastCatchUp = DateTime.UtcNow;
                LastError = null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
            {
                // Lookups stay complete (they scan the tail); try again at the next poll.
                LastError = e;
            }
        }
    }

    /// <summary>How many predictions follow <c>through</c> (from the largest rowid: predictions are never deleted, so rowids have no gaps).</summary>
    private async Task<long> TailLengthAsync(CancellationToken ct)
    {
        long through;
        await _catchUp.WaitAsync(ct);
        try
        {
            through = await ThroughAsync(_writer!, null, ct);
        }
        finally
        {
            _catchUp.Release();
        }
        await using var connection = await _store.OpenAsync(ct);
        await using var max = connection.CreateCommand();
        max.CommandText = "SELECT coalesce(max(rowid), 0) FROM predictions";
        return Convert.ToInt64(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) - through;
    }

    private async Task<(object[] Lookups, long[] Rows, long Last)> ReadTailAsync(long through, CancellationToken ct)
    {
        await using var connection = await _store.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT rowid, encounter_key FROM predictions WHERE rowid > @through ORDER BY rowid LIMIT @max";
        Sql.Add(select, "through", through);
        Sql.Add(select, "max", ChunkRows);
        var lookups = new List<object>();
        var rows = new List<long>();
        long last = through;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            last = reader.GetInt64(0);
            rows.Add(last);
            lookups.Add(Lookup(reader.GetString(1)));
        }
        return ([.. lookups], [.. rows], last);
    }

    /// <summary>The event id of the prediction at rowid <paramref name="row"/>, or null when there is none.</summary>
    private async Task<string?> EventAtAsync(long row, CancellationToken ct)
    {
        await using var connection = await _store.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT event_id FROM predictions WHERE rowid = @row";
        Sql.Add(select, "row", row);
        return await select.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// Empties the index when it is not this store's: <c>through</c> beyond the store's rows, or the event id at rowid
    /// <c>through</c> not the one indexed (a store file replaced by a backup or by another store).
    /// </summary>
    private async Task RebuildIfNotThisStoresAsync(CancellationToken ct)
    {
        string? indexedEvent;
        long through;
        await using (var select = _writer!.CreateCommand())
        {
            select.CommandText = "SELECT through, through_event FROM indexed WHERE id = 1";
            await using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            through = reader.GetInt64(0);
            indexedEvent = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        if (through == 0)
            return;
        var storedEvent = await EventAtAsync(through, ct);
        if (storedEvent is not null && string.Equals(storedEvent, indexedEvent, StringComparison.Ordinal))
            return;
        await using var tx = _writer.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        await using (var reset = _writer.CreateCommand())
        {
            reset.Transaction = tx;
            reset.CommandText = "DELETE FROM encounter_rows; UPDATE indexed SET through = 0, through_event = NULL WHERE id = 1;";
            await reset.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task<long> ThroughAsync(SqliteConnection connection, SqliteTransaction? tx, CancellationToken ct)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = tx;
        select.CommandText = "SELECT through FROM indexed WHERE id = 1";
        return Convert.ToInt64(await select.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The task's connection to the index file: its page cache set, the schema created when missing.</summary>
    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken ct)
    {
        var connection = await OpenConnectionAsync(ct);
        try
        {
            await using var schema = connection.CreateCommand();
            schema.CommandText = $"PRAGMA cache_size=-{CacheKib};" + Schema;
            await schema.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = connection.CreateCommand();
            // A cache of the store: NORMAL (a power cut may lose the last catch-ups, which are redone; it cannot corrupt
            // the file in WAL mode), and no fsync at each commit.
            pragmas.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SqliteDialect.BusyTimeoutMs};";
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string LookupsJson(IReadOnlyCollection<string> keys)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var key in keys)
            {
                if (Lookup(key) is long n)
                    w.WriteNumberValue(n);
                else
                    w.WriteStringValue(key);
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
                return false;
        }
        return true;
    }

    /// <summary>
    /// About SQLite's order of the lookup column (integers before text; text here by UTF-16 code unit, there by UTF-8
    /// byte, which differ only beyond U+D7FF): only the insertion order, so the order of pages written, depends on it.
    /// </summary>
    private sealed class LookupComparer : IComparer<object>
    {
        public static readonly LookupComparer Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (long a, long b) => a.CompareTo(b),
            (long, _) => -1,
            (_, long) => 1,
            _ => string.CompareOrdinal((string)x!, (string)y!),
        };
    }
}
