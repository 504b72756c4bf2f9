using Npgsql;
using Vigil.Core;
using Vigil.Data.Pushdown;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>The `--store` values the factory accepts and refuses.</summary>
public sealed class StoreFactoryTests
{
    [Theory]
    [InlineData("")]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("sqlite:")]
    [InlineData("postgres://u:p@host:5432/")]
    [InlineData("postgres://u:p@host:5432/db?pool=5")]
    [InlineData("./monitor.db")]
    public void Open_BadValue_NamesTheStoreOption(string value)
    {
        var e = Assert.Throws<VigilException>(() => MonitorStoreFactory.Open(value));
        Assert.Equal("store", e.Parameter);
        Assert.DoesNotContain(":p@", e.Message, StringComparison.Ordinal); // a password is never echoed
    }

    [Fact]
    public void PostgresUrl_BecomesAnNpgsqlConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgres://vigil:s%40cret@db.internal:6543/monitor?sslmode=require", "store"));
        Assert.Equal(("db.internal", 6543, "vigil", "s@cret", "monitor", SslMode.Require),
            (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString("postgresql://u@h/d", "store")).Port);
    }

    [Fact]
    public async Task Open_Sqlite_CreatesTheFolderAndFileInWalMode()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "nested", "monitor.db");
        try
        {
            await using (var store = await MonitorStoreFactory.OpenAsync("sqlite:" + path))
                Assert.Equal("sqlite", store.Kind);
            Assert.True(File.Exists(path));
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
