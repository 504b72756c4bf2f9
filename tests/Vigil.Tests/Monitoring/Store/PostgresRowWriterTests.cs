using Npgsql;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// <see cref="PostgresDialect.ExecuteRowsAsync"/> sends each row's statement with positional placeholders rewritten once
/// from the named ones: every name must land on its own value (names that are prefixes of others, a name used twice),
/// and each row's affected count must be PostgreSQL's own.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresRowWriterTests(PostgresServer postgres)
{
    [Fact]
    public void PositionalSql_NumbersEachNameByItsPlace_PrefixesAndRepeatsIncluded()
    {
        const string sql = "INSERT INTO t (a, ab, b) VALUES (@a, @ab, @b) ON CONFLICT (a) DO UPDATE SET b = t.b + @b, ab = @ab";
        Assert.Equal("INSERT INTO t (a, ab, b) VALUES ($2, $1, $3) ON CONFLICT (a) DO UPDATE SET b = t.b + $3, ab = $1",
            PostgresDialect.PositionalSql(sql, ["ab", "a", "b"]));
    }

    [Fact]
    public void PositionalSql_NameNotAmongTheParameters_IsRefusedNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresDialect.PositionalSql("SELECT @a, @c", ["a", "b"]));
        Assert.Contains("@c", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The rewritten text is cached per statement and names: the same text with its names in another order must not reuse the first numbering.</summary>
    [Fact]
    public async Task ExecuteRows_SameTextWithTheNamesInAnotherOrder_BindsByName()
    {
        await using var dialect = new PostgresDialect(await postgres.CreateDatabaseAsync());
        await using var connection = await OpenWithTableAsync(dialect, "id TEXT PRIMARY KEY, label TEXT");
        const string insert = "INSERT INTO t (id, label) VALUES (@id, @label)";
        await using (var tx = await dialect.BeginWriteAsync(connection, CancellationToken.None))
        {
            await dialect.ExecuteRowsAsync(connection, tx, insert, ["id", "label"], 1, (_, v) => { v[0] = "first"; v[1] = "by id, label"; }, CancellationToken.None);
            await dialect.ExecuteRowsAsync(connection, tx, insert, ["label", "id"], 1, (_, v) => { v[0] = "by label, id"; v[1] = "second"; }, CancellationToken.None);
            await tx.CommitAsync();
        }
        await using var read = new NpgsqlCommand("SELECT id || '=' || label FROM t ORDER BY id", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var stored = new List<string>();
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        Assert.Equal(["first=by id, label", "second=by label, id"], stored);
    }

    [Fact]
    public async Task ExecuteRows_StoresEachValueInItsColumn_AndCountsSkippedRowsAsZero()
    {
        await using var dialect = new PostgresDialect(await postgres.CreateDatabaseAsync());
        await using var connection = await OpenWithTableAsync(dialect, "id TEXT PRIMARY KEY, id2 TEXT, whole BIGINT, real DOUBLE PRECISION, flag BOOLEAN, n BIGINT NOT NULL DEFAULT 0");
        // The names are listed out of the statement's order, and "id" is a prefix of "id2".
        string[] names = ["whole", "id2", "id", "real", "flag"];
        const string insert = "INSERT INTO t (id, id2, whole, real, flag) VALUES (@id, @id2, @whole, @real, @flag) ON CONFLICT (id) DO NOTHING";
        object?[][] rows =
        [
            [long.MaxValue, "second", "a", 0.1, true],
            [-1L, "", "b", -2.5e-300, false],
            [0L, "skipped: a again", "a", 0.0, false],
            [null, null, "c", null, null],
        ];
        int[] affected;
        await using (var tx = await dialect.BeginWriteAsync(connection, CancellationToken.None))
        {
            affected = await dialect.ExecuteRowsAsync(connection, tx, insert, names, rows.Length, (i, v) => rows[i].CopyTo(v, 0), CancellationToken.None);
            // An upsert counts as one row, and a name used twice in it is bound once.
            var upserted = await dialect.ExecuteRowsAsync(connection, tx, "INSERT INTO t (id, n) VALUES (@id, @n) ON CONFLICT (id) DO UPDATE SET n = t.n + @n + @n",
                ["n", "id"], 2, (_, v) => { v[0] = 3L; v[1] = "b"; }, CancellationToken.None);
            Assert.Equal([1, 1], upserted);
            await tx.CommitAsync();
        }

        Assert.Equal([1, 1, 0, 1], affected);
        await using var read = new NpgsqlCommand("SELECT id, id2, whole, real, flag, n FROM t ORDER BY id", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("a", "second", long.MaxValue, 0.1, true, 0L), (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetBoolean(4), reader.GetInt64(5)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("b", "", -1L, -2.5e-300, false, 12L), (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetBoolean(4), reader.GetInt64(5)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("c", reader.GetString(0));
        foreach (var column in new[] { 1, 2, 3, 4 })
            Assert.True(reader.IsDBNull(column), $"column {column}");
        Assert.False(await reader.ReadAsync());
    }

    /// <summary>A connection of <paramref name="dialect"/> to its fresh database, with a table t of <paramref name="columns"/>.</summary>
    private static async Task<NpgsqlConnection> OpenWithTableAsync(PostgresDialect dialect, string columns)
    {
        var connection = (NpgsqlConnection)await dialect.OpenAsync(CancellationToken.None);
        await using var create = new NpgsqlCommand($"CREATE TABLE t ({columns})", connection);
        await create.ExecuteNonQueryAsync();
        return connection;
    }
}
