using Npgsql;
using Vigil.Core;
using Vigil.Data.Pushdown;

namespace Vigil.Monitoring.Store;

/// <summary>
/// Opens the monitoring store named by a `--store` value: "sqlite:PATH" (the file and its folder are created), a
/// PostgreSQL URL "postgres://user:password@host:port/database[?sslmode=require]", or an Npgsql connection string
/// ("Host=...;Database=...;Username=...").
/// </summary>
public static class MonitorStoreFactory
{
    private const string Expected = "expected sqlite:PATH or postgres://user:password@host:port/database (or an Npgsql connection string Host=...)";

    /// <summary>Opens the store without touching its schema (call <see cref="IMonitorStore.MigrateAsync"/> before use, or use <see cref="OpenAsync"/>).</summary>
    /// <exception cref="VigilException">The value is not a store (parameter "store").</exception>
    public static IMonitorStore Open(string store)
    {
        if (string.IsNullOrWhiteSpace(store))
            throw VigilException.Option("store", "empty store: " + Expected);
        store = store.Trim();
        if (store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = store["sqlite:".Length..];
            if (path.Length == 0)
                throw VigilException.Option("store", "sqlite: needs a file path: " + Expected);
            try
            {
                return new SqlMonitorStore(new SqliteDialect(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                throw VigilException.Option("store", $"cannot open the SQLite file {path}: {e.Message}");
            }
        }
        if (store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new SqlMonitorStore(new PostgresDialect(PostgresUrl.ToConnectionString(store, "store")));
        if (store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(store);
            }
            catch (ArgumentException e)
            {
                throw VigilException.Option("store", $"not a valid Npgsql connection string ({e.Message}): " + Expected);
            }
            return new SqlMonitorStore(new PostgresDialect(store));
        }
        throw VigilException.Option("store", $"'{Redact(store)}': " + Expected);
    }

    /// <summary>Opens the store and applies its pending migrations.</summary>
    public static async Task<IMonitorStore> OpenAsync(string store, CancellationToken ct = default)
    {
        var opened = Open(store);
        try
        {
            await opened.MigrateAsync(ct);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value without anything that may be a password (for error messages).</summary>
    private static string Redact(string store) => store.Contains('@', StringComparison.Ordinal) || store.Contains("password", StringComparison.OrdinalIgnoreCase)
        ? "(value hidden: it may hold a password)"
        : store;
}
