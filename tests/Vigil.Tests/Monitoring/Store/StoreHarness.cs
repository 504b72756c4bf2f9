using Xunit;
using Vigil.Monitoring.Store;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// Opens real stores for a test: "sqlite" is a file in a fresh temp folder, "postgres" a fresh database on the shared
/// <see cref="PostgresServer"/>. Every store opened is migrated, and disposed (with its folder) at the end.
/// </summary>
internal sealed class StoreHarness(PostgresServer? server)
{
    private readonly List<IMonitorStore> _stores = [];
    private readonly List<string> _folders = [];

    /// <summary>The backends a theory runs over.</summary>
    public static TheoryData<string> Backends => new() { "sqlite", "postgres" };

    /// <summary>The store value (as `--store` takes it) of a fresh database of the backend.</summary>
    public async Task<string> NewDatabaseAsync(string backend)
    {
        switch (backend)
        {
            case "sqlite":
                var folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
                _folders.Add(folder);
                return "sqlite:" + Path.Combine(folder, "monitor.db");
            case "postgres":
                if (server is null)
                    throw new InvalidOperationException("this test class has no PostgresServer");
                return await server.CreateDatabaseAsync();
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "expected sqlite or postgres");
        }
    }

    /// <summary>A migrated store over a fresh database.</summary>
    public async Task<IMonitorStore> OpenAsync(string backend) => await OpenExistingAsync(await NewDatabaseAsync(backend));

    /// <summary>Another migrated store instance over the same database (a second replica).</summary>
    public async Task<IMonitorStore> OpenExistingAsync(string store)
    {
        var opened = await MonitorStoreFactory.OpenAsync(store);
        _stores.Add(opened);
        return opened;
    }

    /// <summary>A scalar read straight from the database behind a store value (to check what the store wrote).</summary>
    public static async Task<long> ScalarAsync(string store, string sql)
    {
        if (store.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store["sqlite:".Length..]);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var pg = new Npgsql.NpgsqlConnection(store);
        await pg.OpenAsync();
        await using var pgCommand = new Npgsql.NpgsqlCommand(sql, pg);
        return Convert.ToInt64(await pgCommand.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Disposes every store opened and deletes the SQLite folders.</summary>
    public async Task CleanUpAsync()
    {
        foreach (var s in _stores)
            await s.DisposeAsync();
        foreach (var f in _folders)
        {
            try
            {
                if (Directory.Exists(f))
                    Directory.Delete(f, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
