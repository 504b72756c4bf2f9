using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// <see cref="SqliteDialect.ExecuteRowsAsync"/> writes rows through SQLite's statement API: values must be stored as a
/// <see cref="SqliteCommand"/> stores them, and each row's affected count must be SQLite's own.
/// </summary>
public sealed class SqliteRowWriterTests
{
    private const string Insert = """
        INSERT INTO t (id, text, whole, small, flag, real, bytes) VALUES (@id, @text, @whole, @small, @flag, @real, @bytes)
        ON CONFLICT (id) DO NOTHING
        """;

    private static readonly string[] Names = ["id", "text", "whole", "small", "flag", "real", "bytes"];

    /// <summary>A store file with one table t, its dialect and an open connection; deleted when disposed.</summary>
    private sealed class Db : IAsyncDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "vigil-rows-" + Guid.NewGuid().ToString("N"));

        private Db()
        {
            Dialect = new SqliteDialect(Path.Combine(_folder, "rows.db"));
        }

        public SqliteDialect Dialect { get; }

        public SqliteConnection Connection { get; private set; } = null!;

        public static async Task<Db> OpenAsync()
        {
            var db = new Db();
            db.Connection = (SqliteConnection)await db.Dialect.OpenAsync(CancellationToken.None);
            await using var create = db.Connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, text TEXT, whole INTEGER, small INTEGER, flag INTEGER, real REAL, bytes BLOB, n INTEGER NOT NULL DEFAULT 0)";
            await create.ExecuteNonQueryAsync();
            return db;
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Dialect.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task ExecuteRows_StoresEachTypeAsACommandWould_AndCountsSkippedRowsAsZero()
    {
        await using var db = await Db.OpenAsync();
        object?[][] rows =
        [
            ["a", "é → ü", long.MaxValue, 7, true, 0.1, new byte[] { 0, 1, 255 }],
            ["b", "", -1L, int.MinValue, false, -2.5e-300, null],
            ["a", "a again: skipped by ON CONFLICT DO NOTHING", 0L, 0, false, 0.0, null],
            ["c", null, null, null, null, null, DBNull.Value],
        ];
        int[] affected;
        await using (var tx = db.Connection.BeginTransaction())
        {
            affected = await db.Dialect.ExecuteRowsAsync(db.Connection, tx, Insert, Names, rows.Length, (i, v) => rows[i].CopyTo(v, 0), CancellationToken.None);
            tx.Commit();
        }

        Assert.Equal([1, 1, 0, 1], affected);
        await using var read = db.Connection.CreateCommand();
        read.CommandText = "SELECT id, text, typeof(text), whole, small, flag, real, bytes, typeof(bytes) FROM t ORDER BY id";
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("a", reader.GetString(0));
        Assert.Equal("é → ü", reader.GetString(1));
        Assert.Equal(long.MaxValue, reader.GetInt64(3));
        Assert.Equal(7, reader.GetInt64(4));
        Assert.Equal(1, reader.GetInt64(5));
        Assert.Equal(0.1, reader.GetDouble(6));
        Assert.Equal(new byte[] { 0, 1, 255 }, (byte[])reader.GetValue(7));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("", reader.GetString(1));
        Assert.Equal("text", reader.GetString(2));
        Assert.Equal(-1, reader.GetInt64(3));
        Assert.Equal(int.MinValue, reader.GetInt64(4));
        Assert.Equal(0, reader.GetInt64(5));
        Assert.Equal(-2.5e-300, reader.GetDouble(6));
        Assert.Equal("null", reader.GetString(8));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("c", reader.GetString(0));
        foreach (var column in new[] { 1, 3, 4, 5, 6, 7 })
            Assert.True(reader.IsDBNull(column), $"column {column}");
        Assert.Equal("null", reader.GetString(2));
        Assert.False(await reader.ReadAsync());
    }

    /// <summary>Text is bound from a reused UTF-8 buffer with its length: a U+0000 inside is kept, a long text grows the buffer, a short one after it is not padded.</summary>
    [Fact]
    public async Task ExecuteRows_Text_IsStoredWhole_WithNulAndAfterALongerText()
    {
        await using var db = await Db.OpenAsync();
        string[] texts = ["before\0after", new string('ü', 3_000) + "|end", "x", "\0", "𝔘 surrogate pair"];
        await using (var tx = db.Connection.BeginTransaction())
        {
            await db.Dialect.ExecuteRowsAsync(db.Connection, tx, Insert, Names, texts.Length, (i, v) => { Array.Clear(v); v[0] = $"r{i}"; v[1] = texts[i]; },
                CancellationToken.None);
            tx.Commit();
        }
        await using var read = db.Connection.CreateCommand();
        read.CommandText = "SELECT text, length(CAST(text AS BLOB)) FROM t ORDER BY id";
        await using var reader = await read.ExecuteReaderAsync();
        foreach (var text in texts)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(text, reader.GetString(0));
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), reader.GetInt64(1));
        }
    }

    [Fact]
    public async Task ExecuteRows_CountsAnUpsertsUpdateAsOneRow()
    {
        await using var db = await Db.OpenAsync();
        const string upsert = "INSERT INTO t (id, n) VALUES (@id, @n) ON CONFLICT (id) DO UPDATE SET n = t.n + excluded.n";
        await using var tx = db.Connection.BeginTransaction();
        var affected = await db.Dialect.ExecuteRowsAsync(db.Connection, tx, upsert, ["id", "n"], 3, (i, v) => { v[0] = "k"; v[1] = 2L; }, CancellationToken.None);
        Assert.Equal([1, 1, 1], affected);
        await using var read = db.Connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT n FROM t WHERE id = 'k'";
        Assert.Equal(6L, await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ExecuteRows_NaN_IsRefusedNamingTheParameter()
    {
        await using var db = await Db.OpenAsync();
        await using var tx = db.Connection.BeginTransaction();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Dialect.ExecuteRowsAsync(db.Connection, tx, Insert, Names, 1, (_, v) => { v[0] = "x"; v[5] = double.NaN; }, CancellationToken.None));
        Assert.Contains("real", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteRows_ConstraintViolation_IsASqliteException()
    {
        await using var db = await Db.OpenAsync();
        await using var tx = db.Connection.BeginTransaction();
        const string strict = "INSERT INTO t (id) VALUES (@id)";
        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            db.Dialect.ExecuteRowsAsync(db.Connection, tx, strict, ["id"], 2, (_, v) => v[0] = "same", CancellationToken.None));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }
}
