using System.Net;
using System.Net.Sockets;
using System.Text;
using DuckDB.NET.Data;
using Npgsql;
using Vigil.Tests.Monitoring;
using Xunit;

namespace Vigil.Tests.TestSupport;

/// <summary>The engines a push-down test runs its query in.</summary>
public enum PushdownEngine
{
    /// <summary>A DuckDB database file (duckdb:PATH), written by the test.</summary>
    DuckDB,

    /// <summary>The PostgreSQL of <see cref="PostgresServer"/>.</summary>
    PostgreSQL,

    /// <summary>The ClickHouse of <see cref="ClickHouseServer"/>, over HTTP.</summary>
    ClickHouse,
}

/// <summary>How a column of a loaded table is typed in every engine.</summary>
public enum TableColumnKind
{
    /// <summary>VARCHAR / text / Nullable(String).</summary>
    Text,

    /// <summary>BIGINT / bigint / Nullable(Int64).</summary>
    Whole,

    /// <summary>DOUBLE / double precision / Nullable(Float64).</summary>
    Real,
}

/// <summary>The push-down tests share one PostgreSQL and one ClickHouse server per run (both start on first use only).</summary>
[CollectionDefinition(PushdownTestSource.Collection)]
public sealed class PushdownGroup : ICollectionFixture<PostgresServer>, ICollectionFixture<ClickHouseServer>;

/// <summary>
/// The source of a push-down test in each engine: CSV files (no quoted fields; an empty cell is NULL) loaded as typed
/// tables of a fresh database — a DuckDB file, a PostgreSQL database or a ClickHouse database — so that the same
/// <c>SELECT … FROM table</c> runs in all three. The URLs carry a password (the servers trust loopback, or ClickHouse's
/// own), so tests can check that no message or output repeats it.
/// </summary>
public sealed class PushdownTestSource(PostgresServer postgres, ClickHouseServer clickhouse) : IDisposable
{
    /// <summary>The xunit collection of the push-down tests.</summary>
    public const string Collection = "pushdown";

    /// <summary>The password in PostgreSQL URLs (ClickHouse's is <see cref="ClickHouseServer.Password"/>).</summary>
    public const string PostgresPassword = "pushd0wn-Pw-13";

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-pushdown-").FullName;

    /// <summary>All engines, for theories.</summary>
    public static TheoryData<PushdownEngine> Engines => [PushdownEngine.DuckDB, PushdownEngine.PostgreSQL, PushdownEngine.ClickHouse];

    /// <summary>The password <paramref name="engine"/>'s URL carries (null for DuckDB).</summary>
    public static string? Password(PushdownEngine engine) => engine switch
    {
        PushdownEngine.PostgreSQL => PostgresPassword,
        PushdownEngine.ClickHouse => ClickHouseServer.Password,
        _ => null,
    };

    /// <summary>The source as Vigil shows it: the URL without its password.</summary>
    public static string Display(string url, PushdownEngine engine) =>
        Password(engine) is { } p ? url.Replace(":" + Uri.EscapeDataString(p), "", StringComparison.Ordinal) : url;

    /// <summary>A loopback port nothing listens on (just released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The --source value of a fresh database of <paramref name="engine"/> holding each CSV as a table typed by its columns' kinds.</summary>
    public async Task<string> LoadAsync(PushdownEngine engine, params (string Table, string Csv, Func<string, TableColumnKind> Kind)[] tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return engine switch
        {
            PushdownEngine.DuckDB => LoadDuckDB(tables),
            PushdownEngine.PostgreSQL => await LoadPostgresAsync(tables),
            _ => await LoadClickHouseAsync(tables),
        };
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LoadDuckDB((string Table, string Csv, Func<string, TableColumnKind> Kind)[] tables)
    {
        var path = Path.Combine(_dir, $"db-{Guid.NewGuid():N}.duckdb");
        using (var connection = new DuckDBConnection($"DataSource={path}"))
        {
            connection.Open();
            foreach (var (table, csv, kind) in tables)
            {
                Execute(connection, $"CREATE TABLE {table} ({Columns(csv, kind, "VARCHAR", "BIGINT", "DOUBLE")})");
                Execute(connection, $"COPY {table} FROM '{csv}' (HEADER true)");
            }
        }
        return "duckdb:" + path;
    }

    private async Task<string> LoadPostgresAsync((string Table, string Csv, Func<string, TableColumnKind> Kind)[] tables)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            foreach (var (table, csv, kind) in tables)
            {
                await using (var create = new NpgsqlCommand($"CREATE TABLE {table} ({Columns(csv, kind, "text", "bigint", "double precision")})", connection))
                    await create.ExecuteNonQueryAsync();
                await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
                await writer.WriteAsync(await File.ReadAllTextAsync(csv));
            }
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{b.Username}:{PostgresPassword}@{b.Host}:{b.Port}/{b.Database}";
    }

    private async Task<string> LoadClickHouseAsync((string Table, string Csv, Func<string, TableColumnKind> Kind)[] tables)
    {
        var url = await clickhouse.CreateDatabaseAsync();
        var database = new Uri(url).AbsolutePath.Trim('/');
        foreach (var (table, csv, kind) in tables)
        {
            await clickhouse.ExecuteAsync($"CREATE TABLE {table} ({Columns(csv, kind, "Nullable(String)", "Nullable(Int64)", "Nullable(Float64)")}) " +
                "ENGINE = MergeTree ORDER BY tuple()", database: database);
            // TabSeparated: an empty CSV cell is \N (NULL).
            var tsv = new StringBuilder();
            foreach (var line in (await File.ReadAllLinesAsync(csv)).Skip(1))
                tsv.AppendJoin('\t', line.Split(',').Select(cell => cell.Length == 0 ? "\\N" : cell)).Append('\n');
            await clickhouse.ExecuteAsync($"INSERT INTO {table} FORMAT TabSeparated", tsv.ToString(), database);
        }
        return url;
    }

    private static string Columns(string csv, Func<string, TableColumnKind> kind, string text, string whole, string real) =>
        string.Join(", ", File.ReadLines(csv).First().Split(',').Select(c => $"{c} {kind(c) switch
        {
            TableColumnKind.Text => text,
            TableColumnKind.Whole => whole,
            _ => real,
        }}"));

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
