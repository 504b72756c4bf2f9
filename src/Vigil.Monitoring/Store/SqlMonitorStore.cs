using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Store.Migrations;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The monitoring store over ADO.NET, one implementation for SQLite and PostgreSQL (the differences live in
/// <see cref="StoreDialect"/>). Each public write is one transaction, retried whole on a transient conflict (deadlock,
/// serialisation failure, busy database); counts change only in the transaction that changes the rows they count.
/// The in-process state is a cache of model registrations, which never change once stored, and on SQLite the
/// <see cref="GroupCommit"/> queue of prediction batches waiting for the single writer (each caller is answered only
/// after its batch's transaction committed) and the writer gate every write transaction of the process takes.
/// </summary>
internal sealed partial class SqlMonitorStore : IMonitorStore
{
    private const int MaxAttempts = 8;

    private readonly StoreDialect _dialect;
    private readonly ConcurrentDictionary<(string Id, string Version), ModelRegistration> _registrations = new();

    private readonly GroupCommit? _groupCommit;

    /// <summary>
    /// The connection of every write transaction while SQLite's writer gate is held (group commits, maturity runs,
    /// outcomes, registrations), kept open across them: its page cache (<see cref="SqliteDialect.WriterCacheKib"/>)
    /// stays valid from one transaction to the next (a pooled connection's is invalidated by every other writer's
    /// commit), and the WAL is checkpointed at one threshold (<see cref="SqliteDialect.WriterCheckpointBytes"/>) rather
    /// than by whichever pooled connection commits after 1,000 pages. Only the gate's holder touches it.
    /// </summary>
    private DbConnection? _writer;

    /// <summary>The store over a dialect (it owns and disposes it).</summary>
    public SqlMonitorStore(StoreDialect dialect)
    {
        _dialect = dialect;
        if (dialect.WriterGate is not null)
            _groupCommit = new GroupCommit(this, dialect);
    }

    public string Kind => _dialect.Kind;

    /// <summary>The dialect (tests reach SQLite's encounter index through it).</summary>
    internal StoreDialect Dialect => _dialect;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await WriteAsync(async (_, _) => await Migrator.MigrateAsync(_dialect, ct), ct, ownTransaction: true);
        await _dialect.OpenIndexesAsync(ct);
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await _dialect.OpenAsync(ct);
            await using var command = Sql.Command(connection, null, "SELECT 1");
            return Sql.Long((await command.ExecuteScalarAsync(ct))!) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_groupCommit is not null)
            await _groupCommit.DisposeAsync();
        if (_dialect.WriterGate is { } gate)
        {
            await gate.EnterAsync(CancellationToken.None);
            try
            {
                await DropWriterConnectionAsync();
            }
            finally
            {
                gate.Exit();
            }
        }
        await _dialect.DisposeAsync();
    }

    // ---- models -------------------------------------------------------------------------------------------------------

    public async Task<bool> RegisterModelAsync(ModelRegistration registration, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var json = JsonSerializer.Serialize(registration, MonitoringJsonContext.Default.ModelRegistration);
        return await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, """
                INSERT INTO models (id, version, registered_at_ms, json) VALUES (@id, @version, @at, @json)
                ON CONFLICT (id, version) DO NOTHING
                """);
            Sql.Add(command, "id", registration.Id);
            Sql.Add(command, "version", registration.Version);
            Sql.Add(command, "at", at.ToUnixTimeMilliseconds());
            Sql.Add(command, "json", json);
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
    }

    public async Task<ModelRegistration?> GetModelAsync(string id, string? version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (version is not null && _registrations.TryGetValue((id, version), out var cached))
            return cached;
        await using var connection = await _dialect.OpenAsync(ct);
        return await LoadModelAsync(connection, null, id, version, ct);
    }

    public async Task<IReadOnlyList<ModelRegistration>> ListModelsAsync(CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, "SELECT json FROM models ORDER BY id, registered_at_ms, version");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<ModelRegistration>();
        while (await reader.ReadAsync(ct))
            result.Add(Remember(Parse(reader.GetString(0))));
        return [.. result.OrderBy(r => r.Id, StringComparer.Ordinal)]; // stable: versions stay in registration order
    }

    /// <summary>The outcome definition of a model version (from the cache or the models table).</summary>
    private async Task<OutcomeDefinition> DefinitionAsync(DbConnection connection, DbTransaction tx, string model, string version, CancellationToken ct)
    {
        if (_registrations.TryGetValue((model, version), out var cached))
            return cached.Outcome;
        var loaded = await LoadModelAsync(connection, tx, model, version, ct)
            ?? throw VigilException.Option("model", $"model {model} version {version} is not registered; register it before sending its events");
        return loaded.Outcome;
    }

    private async Task<ModelRegistration?> LoadModelAsync(DbConnection connection, DbTransaction? tx, string id, string? version, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, tx, version is null
            ? "SELECT json FROM models WHERE id = @id ORDER BY registered_at_ms DESC, version DESC LIMIT 1"
            : "SELECT json FROM models WHERE id = @id AND version = @version");
        Sql.Add(command, "id", id);
        if (version is not null)
            Sql.Add(command, "version", version);
        var json = await command.ExecuteScalarAsync(ct) as string;
        return json is null ? null : Remember(Parse(json));
    }

    private ModelRegistration Remember(ModelRegistration registration) =>
        _registrations.GetOrAdd((registration.Id, registration.Version), registration);

    private static ModelRegistration Parse(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.ModelRegistration)
        ?? throw new InvalidDataException("a stored model registration is null");

    // ---- transactions --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it (durable before this returns), retrying the
    /// whole transaction on a transient conflict. With <paramref name="ownTransaction"/> the work manages its own
    /// connection and transaction (only the retry is shared); a <paramref name="background"/> writer does not count as
    /// waiting for SQLite's writer gate (<see cref="WriterGate.EnterAsync"/>).
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, bool ownTransaction = false,
        bool background = false)
    {
        var gate = _dialect.WriterGate;
        for (var attempt = 1; ; attempt++)
        {
            if (gate is not null)
                await gate.EnterAsync(ct, background);
            try
            {
                if (ownTransaction)
                    return await work(null!, null!);
                if (gate is null)
                {
                    await using var connection = await _dialect.OpenAsync(ct);
                    return await CommitAsync(connection, work, ct);
                }
                try
                {
                    return await CommitAsync(await WriterConnectionAsync(ct), work, ct);
                }
                catch (DbException)
                {
                    await DropWriterConnectionAsync(); // a database failure may leave the kept connection unusable
                    throw;
                }
            }
            catch (Exception e) when (attempt < MaxAttempts && _dialect.IsTransient(e))
            {
                // retried below, after the gate is released
            }
            finally
            {
                gate?.Exit();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), ct);
        }
    }

    private async Task<T> CommitAsync<T>(DbConnection connection, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var tx = await _dialect.BeginWriteAsync(connection, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>The kept writer connection (<see cref="_writer"/>), opened when missing; only while holding the writer gate.</summary>
    internal async Task<DbConnection> WriterConnectionAsync(CancellationToken ct) => _writer ??= await _dialect.OpenWriterAsync(ct);

    /// <summary>Closes the kept writer connection (after a failure, or at dispose); only while holding the writer gate.</summary>
    internal async Task DropWriterConnectionAsync()
    {
        if (_writer is null)
            return;
        await _writer.DisposeAsync();
        _writer = null;
    }
}
