using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>The page size of SQLite store files: the store's own for a new file, unchanged for an existing one.</summary>
public sealed class StorePageSizeTests
{
    [Fact]
    public async Task Open_NewSqliteFile_UsesTheStorePageSize()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "monitor.db");
        try
        {
            await using (var store = await MonitorStoreFactory.OpenAsync("sqlite:" + path))
                Assert.Equal("sqlite", store.Kind);
            Assert.Equal(SqliteDialect.PageSize, await PageSizeAsync(path));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Open_ExistingSqliteFile_KeepsItsPageSize()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "monitor.db");
        try
        {
            await using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                // 1 KiB: what stores created on 2026-12-04 have (SqliteDialect.PageSize was 1,024 then).
                command.CommandText = "PRAGMA page_size=1024; CREATE TABLE earlier (x INTEGER);";
                await command.ExecuteNonQueryAsync();
            }
            await using (var store = await MonitorStoreFactory.OpenAsync("sqlite:" + path))
                Assert.Equal("sqlite", store.Kind);
            Assert.Equal(1024, await PageSizeAsync(path));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> PageSizeAsync(string path)
    {
        await using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
