using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Vigil.Monitoring.Store.Migrations;

/// <summary>One schema migration: its version, name and SQL (already expanded for the dialect).</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Versioned migrations embedded in the assembly (Store/Migrations/NNNN_name.sql, with an optional per-dialect variant
/// NNNN_name.sqlite.sql or NNNN_name.postgres.sql that replaces the common text), applied in order, each once, and
/// recorded in schema_migrations. The whole run is one transaction holding the migration lock (PostgreSQL: an advisory
/// transaction lock; SQLite: BEGIN IMMEDIATE), so two replicas starting at once apply each migration exactly once: the
/// second waits, then finds nothing left to do. DDL is transactional on both engines, so a failed migration leaves
/// nothing half-applied.
/// </summary>
internal static partial class Migrator
{
    /// <summary>The advisory lock key of migrations ("VIGILMIG").</summary>
    public const long LockKey = 0x5649_4749_4C4D_4947;

    private const string ResourcePrefix = "Vigil.Monitoring.Store.Migrations.";

    /// <summary>
    /// Code run after a migration's SQL, by version: 0005 counts the pending predictions already stored into
    /// pending_bins with the writer's own bin and fixed-point sum (<see cref="PendingBinDeltas.BackfillAsync"/>).
    /// </summary>
    private static readonly Dictionary<int, Func<StoreDialect, DbConnection, DbTransaction, CancellationToken, Task>> CodeSteps = new()
    {
        [5] = PendingBinDeltas.BackfillAsync,
    };

    [GeneratedRegex(@"^(?<v>\d{4})_(?<name>[a-z0-9_]+?)(\.(?<kind>sqlite|postgres))?\.sql$")]
    private static partial Regex FileName();

    /// <summary>The migrations for a dialect, in version order.</summary>
    public static IReadOnlyList<Migration> For(StoreDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var chosen = new SortedDictionary<int, (string Name, string Resource, bool Specific)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            var m = FileName().Match(resource[ResourcePrefix.Length..]);
            if (!m.Success)
                continue;
            var kind = m.Groups["kind"].Success ? m.Groups["kind"].Value : null;
            if (kind is not null && kind != dialect.Kind)
                continue;
            var version = int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
            if (chosen.TryGetValue(version, out var existing) && existing.Specific)
                continue;
            chosen[version] = (m.Groups["name"].Value, resource, kind is not null);
        }
        var result = new List<Migration>();
        foreach (var (version, (name, resource, _)) in chosen)
            result.Add(new Migration(version, name, dialect.Expand(Read(assembly, resource))));
        return result;
    }

    /// <summary>
    /// Applies the migrations not yet applied (up to <paramref name="upTo"/> when given: tests build a store of an older
    /// version with it); returns the versions applied now.
    /// </summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(StoreDialect dialect, CancellationToken ct, int? upTo = null)
    {
        var migrations = For(dialect);
        await using var connection = await dialect.OpenAsync(ct);
        await using var tx = await dialect.BeginWriteAsync(connection, ct);
        await dialect.LockAsync(connection, tx, LockKey, ct);
        await Execute(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version       INTEGER NOT NULL PRIMARY KEY,
                name          TEXT    NOT NULL,
                applied_at_ms BIGINT  NOT NULL
            )
            """, ct);
        var applied = new HashSet<int>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = tx;
            select.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var done = new List<int>();
        foreach (var migration in migrations)
        {
            if (applied.Contains(migration.Version) || migration.Version > upTo)
                continue;
            await Execute(connection, tx, migration.Sql, ct);
            if (CodeSteps.TryGetValue(migration.Version, out var step))
                await step(dialect, connection, tx, ct);
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@v, @n, @at)";
            Sql.Add(record, "v", migration.Version);
            Sql.Add(record, "n", migration.Name);
            Sql.Add(record, "at", now);
            await record.ExecuteNonQueryAsync(ct);
            done.Add(migration.Version);
        }
        await tx.CommitAsync(ct);
        return done;
    }

    private static async Task Execute(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration resource {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
