using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Monitoring.Store;

/// <summary>
/// SQLite, the embedded default: one file in WAL mode (readers never wait for the writer), synchronous=FULL (a commit
/// is on disk before it returns, so an acknowledged ingest survives a power cut), a busy timeout (several processes may
/// share the file), foreign keys on. Writers are serialised by BEGIN IMMEDIATE.
/// </summary>
internal sealed class SqliteDialect : StoreDialect
{
    /// <summary>How long a writer waits for another writer before failing (ms).</summary>
    public const int BusyTimeoutMs = 30_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WriterGate> Gates = new(StringComparer.Ordinal);

    private readonly string _connectionString;

    /// <summary>
    /// The dialect over the database file <paramref name="path"/> (created with its folder when missing);
    /// <paramref name="indexEncountersInBackground"/> false leaves the encounter index to explicit catch-ups (tests).
    /// </summary>
    public SqliteDialect(string path, bool indexEncountersInBackground = true)
    {
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        // Both persistent in the file; page_size takes effect only while the file is still empty (a new store), so an
        // existing store keeps the page size it was created with.
        wal.CommandText = $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
        Encounters = new SqliteEncounterIndex(this, indexEncountersInBackground);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>One gate per database file for the whole process (two stores over one file share it).</summary>
    public override WriterGate? WriterGate => Gates.GetOrAdd(Path, static _ => new WriterGate());

    public override string Kind => "sqlite";

    public override string SkipLocked => "";

    public override string IdentityColumn => "INTEGER PRIMARY KEY";

    public override string BlobColumn => "BLOB";

    public override string KeyOrderedTable => "WITHOUT ROWID";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA mmap_size={MmapBytes};";
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Bytes of the database file each connection reads through a memory map (SQLite's default is 0: every page read is
    /// copied into the connection's own page cache). The dashboard reads scan the pending predictions' index; mapped, its
    /// pages are the kernel's file cache shared by all connections (file-backed resident memory the kernel can drop)
    /// rather than anonymous memory per pooled connection. Writes still go through the WAL.
    /// </summary>
    public const long MmapBytes = 1L << 30;

    /// <summary>Page cache of the group-commit writer's connection (KiB; SQLite's default is 2 MiB per connection).</summary>
    public const int WriterCacheKib = 65_536;

    /// <summary>
    /// Page size of a new store file (bytes; SQLite's usual default, set explicitly so that a build with another default
    /// does not change it). An index whose keys come in random order (the event id when a feed's ids are random UUIDs;
    /// until schema version 6 also the encounter pseudonym, now indexed apart: <see cref="SqliteEncounterIndex"/>) has
    /// each inserted prediction dirty a leaf page that no other row of its group shares once the store is large, and
    /// every dirtied page is written whole to the WAL: smaller pages write fewer bytes (1 KiB pages,
    /// used by stores created on 2026-12-04, wrote 14% fewer bytes per prediction) but cost the writer more CPU per row
    /// (deeper trees, more pages and WAL frames per row), and on the 2-core benchmark machine the writer's CPU sets the ingest rate:
    /// 4 KiB pages ingested 8–12% more per second (docs/service.md, "Store page size"). An existing file keeps its size.
    /// </summary>
    public const int PageSize = 4_096;

    /// <summary>WAL size after which the writer checkpoints (bytes; SQLite's default is 1,000 pages).</summary>
    public const int WriterCheckpointBytes = 40 << 20;

    /// <remarks>
    /// The store keeps this connection open across its write transactions (group commits, maturity runs, outcomes; see
    /// SqlMonitorStore._writer): its page cache (64 MiB) then holds the index pages that random keys (random event ids)
    /// touch, so a group's inserts do not spill dirty pages into the WAL before the commit; and it checkpoints once the WAL holds about 40 MB of pages (SQLite's default is
    /// 1,000 pages), whatever the file's page size, so an index page changed by many commits in a row is copied back into
    /// the database file once rather than each time.
    /// Durability is unchanged: synchronous=FULL, each commit is on disk before it returns.
    /// </remarks>
    public override async Task<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA page_size;";
        var pageSize = Convert.ToInt64(await pragmas.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        pragmas.CommandText = $"PRAGMA cache_size=-{WriterCacheKib}; PRAGMA wal_autocheckpoint={WriterCheckpointBytes / Math.Max(512, pageSize)};";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        // Serializable and not deferred: Microsoft.Data.Sqlite issues BEGIN IMMEDIATE (the write lock is taken now).
        await Task.CompletedTask;
        return ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);
    }

    public override Task LockAsync(DbConnection connection, DbTransaction tx, long key, CancellationToken ct) => Task.CompletedTask;

    public override Task LockEncountersAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> sortedKeys, bool exclusive, CancellationToken ct) =>
        Task.CompletedTask;

    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override void AddList(DbCommand command, string parameter, IReadOnlyCollection<string> values)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + parameter;
        p.Value = StoreJson.Strings(values);
        command.Parameters.Add(p);
    }

    /// <summary>The index of predictions by encounter, in its own file (opened after the migrations or at the first lookup).</summary>
    internal SqliteEncounterIndex Encounters { get; }

    public override async Task<string> EncounterConditionAsync(DbCommand command, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await Encounters.AddParametersAsync(command, keys, ct);
        return SqliteEncounterIndex.Condition;
    }

    public override Task OpenIndexesAsync(CancellationToken ct) => Encounters.OpenAsync(ct);

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    /// <remarks>
    /// Through SQLite's own statement API (prepared once, parameters bound by index, stepped and reset per row), not
    /// through <see cref="SqliteCommand"/>, which per row builds a data reader, re-resolves every parameter by name
    /// (SQLite looks a name up by a linear search) and re-checks the statement list: at group-commit rates of tens of
    /// thousands of rows a second that overhead was a tenth of the writer's time. Values bind as
    /// <see cref="SqliteCommand"/> binds them (text UTF-8, integers and booleans as INTEGER, doubles as REAL, byte
    /// arrays as BLOB, null as NULL); errors are the same <see cref="SqliteException"/>s.
    /// </remarks>
    public override Task<int[]> ExecuteRowsAsync(DbConnection connection, DbTransaction tx, string sql, string[] names, int rows,
        Action<int, object?[]> fill, CancellationToken ct)
    {
        var affected = new int[rows];
        if (rows == 0)
            return Task.FromResult(affected);
        if (!ReferenceEquals(((SqliteTransaction)tx).Connection, connection))
            throw new InvalidOperationException("the transaction belongs to another connection");
        var db = ((SqliteConnection)connection).Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            var index = new int[names.Length];
            for (var j = 0; j < names.Length; j++)
                index[j] = raw.sqlite3_bind_parameter_index(statement, "@" + names[j]);
            var values = new object?[names.Length];
            var binder = new SqliteRowBinder();
            var (stmt, dbPointer) = (statement.DangerousGetHandle(), db.DangerousGetHandle()); // kept alive by the using and the connection
            for (var i = 0; i < rows; i++)
            {
                if ((i & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                fill(i, values);
                for (var j = 0; j < values.Length; j++)
                {
                    if (index[j] > 0)
                        Check(db, binder.Bind(statement, stmt, index[j], values[j], names[j]));
                }
                int rc;
                while ((rc = SqliteRowReader.Step(stmt)) == raw.SQLITE_ROW)
                {
                    // a RETURNING row: stepped over, as ExecuteNonQuery does
                }
                if (rc != raw.SQLITE_DONE)
                {
                    _ = SqliteRowBinder.Reset(stmt); // the step's error is the one reported
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
                affected[i] = SqliteRowBinder.Changes(dbPointer);
                Check(db, SqliteRowBinder.Reset(stmt));
            }
        }
        return Task.FromResult(affected);
    }

    /// <summary>Throws the <see cref="SqliteException"/> of a SQLite API return code other than SQLITE_OK (every raw call of the store checks through this).</summary>
    internal static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public override async ValueTask DisposeAsync()
    {
        await Encounters.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
