using System.Data.Common;
using System.Net.Sockets;
using DuckDB.NET.Data;
using Npgsql;
using Vigil.Core;

namespace Vigil.Data.Pushdown;

/// <summary>
/// A database that computes summaries where the data live (--source, docs/push-down.md): DuckDB embedded
/// (<c>duckdb:</c> in memory, for read_csv/read_parquet queries over files, or <c>duckdb:PATH</c>, a database file opened
/// read-only), PostgreSQL (<c>postgres://user@host:port/database</c>; the password from the URL, PGPASSWORD or
/// ~/.pgpass) or ClickHouse over HTTP (<c>clickhouse://user@host:port/database</c>, <see cref="ClickHouseUrl"/>; the password
/// from the URL or CLICKHOUSE_PASSWORD). Every message names the source by <see cref="Name"/>, which never holds the password, and database
/// errors are passed on with the password removed.
/// </summary>
public sealed class SqlSource
{
    private const string Expected = "expected duckdb:, duckdb:PATH, postgres://user@host[:port]/database or clickhouse://user@host[:port]/database";

    private readonly string _connectionString;
    private readonly string? _password;

    private SqlSource(string engine, string name, string connectionString, string? password)
    {
        Engine = engine;
        Name = name;
        _connectionString = connectionString;
        _password = password;
    }

    /// <summary>"DuckDB", "PostgreSQL" or "ClickHouse".</summary>
    public string Engine { get; }

    /// <summary>The source as messages and outputs show it: duckdb:PATH, postgres://user@host:port/database or clickhouse://… (no password).</summary>
    public string Name { get; }

    /// <summary>The SQL the engine speaks for the summary query.</summary>
    public SqlDialect Dialect => Engine == "ClickHouse" ? SqlDialect.ClickHouse : SqlDialect.Standard;

    /// <summary>Parses a --source value.</summary>
    /// <exception cref="VigilException">Not a source (parameter "source"); the message never repeats a password.</exception>
    public static SqlSource Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        if (spec.Equals("duckdb", StringComparison.OrdinalIgnoreCase) || spec.Equals("duckdb:", StringComparison.OrdinalIgnoreCase))
            return new SqlSource("DuckDB", "duckdb: (in memory)", "DataSource=:memory:", null);
        if (spec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec["duckdb:".Length..];
            if (!File.Exists(path))
                throw VigilException.Option("source", $"duckdb:{path}: no such DuckDB database file (use duckdb: with read_csv or read_parquet in {Param.Ref("query")} for data files)");
            return new SqlSource("DuckDB", "duckdb:" + path, $"DataSource={path};ACCESS_MODE=READ_ONLY", null);
        }
        if (PostgresUrl.Is(spec))
        {
            var connection = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(spec, "source"));
            return new SqlSource("PostgreSQL", PostgresUrl.Display(spec), connection.ConnectionString, connection.Password);
        }
        if (ClickHouseUrl.Is(spec))
        {
            var connectionString = ClickHouseUrl.ToConnectionString(spec, "source");
            var password = new DbConnectionStringBuilder { ConnectionString = connectionString }.TryGetValue("Password", out var p) ? p as string : null;
            return new SqlSource("ClickHouse", ClickHouseUrl.Display(spec), connectionString, password);
        }
        var shown = spec.Contains('@', StringComparison.Ordinal) ? "(value hidden: it may hold a password)" : $"'{spec}'";
        throw VigilException.Option("source", $"{shown}: " + Expected);
    }

    /// <summary>An open connection.</summary>
    /// <exception cref="VigilException">The database cannot be reached or refuses the login.</exception>
    public DbConnection Open()
    {
        DbConnection connection = Engine switch
        {
            "DuckDB" => new DuckDBConnection(_connectionString),
            "ClickHouse" => new ClickHouseHttpConnection(_connectionString),
            _ => new NpgsqlConnection(_connectionString),
        };
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or InvalidOperationException)
        {
            connection.Dispose();
            throw VigilException.BadData($"{Name}: cannot connect to {Engine}: {Clean(e)}");
        }
    }

    /// <summary>The message of a database error (with its causes), without the password.</summary>
    public string Clean(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 3; x = x.InnerException)
            if (!parts.Exists(p => p.Contains(x.Message, StringComparison.Ordinal))) parts.Add(x.Message.Trim());
        var text = string.Join(": ", parts).ReplaceLineEndings(" ");
        return string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "***", StringComparison.Ordinal);
    }
}
