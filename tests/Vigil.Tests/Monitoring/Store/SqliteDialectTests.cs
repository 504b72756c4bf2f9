using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>The SQLite session settings the store's durability and serialisation rest on.</summary>
public sealed class SqliteDialectTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WriteTransaction_TakesTheWriteLockAtBegin_AndCommitsAreFullySynchronous()
    {
        await using var dialect = new SqliteDialect(Path.Combine(_folder, "lock.db"));
        await Vigil.Monitoring.Store.Migrations.Migrator.MigrateAsync(dialect, default);
        await using var connection = await dialect.OpenAsync(default);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous";
            Assert.Equal(2L, await pragma.ExecuteScalarAsync()); // FULL
        }
        await using var tx = await dialect.BeginWriteAsync(connection, default);

        // Another connection cannot start a write while the first holds BEGIN IMMEDIATE (it gives up after its 1 s timeout).
        await using var other = new SqliteConnection($"Data Source={dialect.Path};Pooling=False;Default Timeout=1");
        await other.OpenAsync();
        await using var begin = other.CreateCommand();
        begin.CommandText = "PRAGMA busy_timeout=0; BEGIN IMMEDIATE;";
        begin.CommandTimeout = 1;
        var e = await Assert.ThrowsAsync<SqliteException>(() => begin.ExecuteNonQueryAsync());
        Assert.Equal(5, e.SqliteErrorCode); // SQLITE_BUSY
    }
}
