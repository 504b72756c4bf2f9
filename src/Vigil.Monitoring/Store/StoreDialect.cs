using System.Data.Common;

namespace Vigil.Monitoring.Store;

/// <summary>
/// What differs between SQLite and PostgreSQL, and nothing else: opening a connection, starting a write transaction,
/// cross-replica locks, list parameters, the column types of the schema, and how a batch of one-row statements is sent.
/// Every SQL statement of the store is written once and runs on both (upserts with ON CONFLICT, RETURNING, partial
/// indexes, times as Unix ms BIGINT).
/// </summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    public abstract string Kind { get; }

    /// <summary>An open connection with the session settings the store relies on.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A connection for a long-lived writer (the group commit keeps it open); by default <see cref="OpenAsync"/>.</summary>
    public virtual Task<DbConnection> OpenWriterAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>
    /// Starts a write transaction. SQLite: BEGIN IMMEDIATE, so writers are serialised from their first statement (no
    /// lock upgrade deadlocks, no lost updates). PostgreSQL: READ COMMITTED; the store serialises what must be with
    /// row locks (<see cref="LockEncountersAsync"/>) and advisory locks (<see cref="LockAsync"/>).
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Takes a transaction-scoped lock named by <paramref name="key"/> (PostgreSQL pg_advisory_xact_lock; SQLite: the write transaction already excludes every other writer).</summary>
    public abstract Task LockAsync(DbConnection connection, DbTransaction tx, long key, CancellationToken ct);

    /// <summary>
    /// Locks encounters for the rest of the transaction so that a prediction and an outcome of one encounter written by
    /// two replicas at once cannot both miss each other (write skew): exclusive for writers of outcomes, shared for
    /// writers of predictions and for maturing. Keys must be sorted (ordinal) so that lock order is the same everywhere.
    /// SQLite: nothing to do (one writer at a time).
    /// </summary>
    public abstract Task LockEncountersAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> sortedKeys, bool exclusive, CancellationToken ct);

    /// <summary>A condition "column is one of the strings of list parameter <paramref name="parameter"/>".</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>Adds the list parameter that <see cref="InList"/> reads.</summary>
    public abstract void AddList(DbCommand command, string parameter, IReadOnlyCollection<string> values);

    /// <summary>
    /// A condition on predictions "encounter_key is one of <paramref name="keys"/>" whose parameters it adds to
    /// <paramref name="command"/>, answered from an index of predictions by encounter. By default the table's own
    /// index (ix_predictions_encounter); SQLite keeps that index in a file of its own (<see cref="SqliteEncounterIndex"/>).
    /// </summary>
    public virtual Task<string> EncounterConditionAsync(DbCommand command, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        AddList(command, "encounter_keys", keys);
        return Task.FromResult(InList("encounter_key", "encounter_keys"));
    }

    /// <summary>Opens what the dialect keeps beside the database (SQLite: the encounter index), once the schema is migrated.</summary>
    public virtual Task OpenIndexesAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The suffix of a SELECT that claims rows another replica has not claimed (PostgreSQL FOR UPDATE SKIP LOCKED).</summary>
    public abstract string SkipLocked { get; }

    /// <summary>Column type of an auto-numbered primary key.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>Column type of binary data.</summary>
    public abstract string BlobColumn { get; }

    /// <summary>
    /// What follows a CREATE TABLE whose rows should be stored in primary-key order, so that a range of the key is one
    /// range of the table (SQLite: WITHOUT ROWID; PostgreSQL: nothing, a heap read through its primary-key index).
    /// </summary>
    public virtual string KeyOrderedTable => "";

    /// <summary>
    /// An in-process lock that every write transaction of this process holds (SQLite: one per database file, since
    /// the file has one writer at a time and waiting here is a wake-up, not SQLite's sleeping busy handler; writers in
    /// other processes still meet the busy timeout). Null where writers run concurrently (PostgreSQL).
    /// A non-null gate also turns on the group commit of prediction batches (<see cref="GroupCommit"/>).
    /// </summary>
    public virtual WriterGate? WriterGate => null;

    /// <summary>Whether an exception is a transient conflict (deadlock, serialisation failure, busy) worth retrying the whole transaction.</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>
    /// Runs one statement once per row (parameters named <paramref name="names"/>, values filled by
    /// <paramref name="fill"/>) in the transaction and returns each row's affected-row count. SQLite prepares the
    /// statement once and steps it per row (in-process, no round trips); PostgreSQL sends all rows as one batch
    /// (one round trip).
    /// </summary>
    public abstract Task<int[]> ExecuteRowsAsync(DbConnection connection, DbTransaction tx, string sql, string[] names, int rows,
        Action<int, object?[]> fill, CancellationToken ct);

    /// <summary>Releases the connection pool.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Replaces the schema's type tokens by this dialect's types.</summary>
    public string Expand(string schemaSql) =>
        schemaSql.Replace("{{identity}}", IdentityColumn, StringComparison.Ordinal)
                 .Replace("{{blob}}", BlobColumn, StringComparison.Ordinal)
                 .Replace("{{key_ordered}}", KeyOrderedTable, StringComparison.Ordinal);
}
