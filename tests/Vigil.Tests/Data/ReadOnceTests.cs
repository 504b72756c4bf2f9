using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Vigil.Core;
using Vigil.Data;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Data;

/// <summary>
/// The read-once loader (TabularSourceScan): several chunks of DuckDB vectors, long and non-ASCII levels, typed
/// Parquet columns, errors that name the row past the first chunk, and callers that change their arrays.
/// </summary>
public sealed class ReadOnceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Columns_spanning_many_chunks_read_as_written()
    {
        const int rows = 10_000; // five DuckDB chunks of 2,048
        string[] levels = ["short", "exactly12chr", "a level longer than twelve bytes", "Ñandú del sur", "?"];
        var sb = new StringBuilder("x,cat\n");
        for (var i = 0; i < rows; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.5},{levels[i % levels.Length]}\n");
        using var source = TabularSource.Open(_dir.File("many.csv", sb.ToString()));
        var read = source.Read([new ColumnRequest("x", "--x", ColumnKind.Numeric), new ColumnRequest("cat", "--cat", ColumnKind.Categorical)]);
        var x = (NumericColumn)read[0];
        var cat = (CategoricalColumn)read[1];
        Assert.Equal(rows, source.RowCount);
        for (var i = 0; i < rows; i++) Assert.Equal(i * 0.5, x.Values[i]);
        Assert.Equal(["a level longer than twelve bytes", "exactly12chr", "short", "Ñandú del sur"], cat.Levels); // ordinal
        Assert.Equal(rows / levels.Length, cat.Missing); // '?' is missing
        for (var i = 0; i < rows; i++)
        {
            var expected = levels[i % levels.Length];
            Assert.Equal(expected == "?" ? -1 : Array.IndexOf(cat.Levels, expected), cat.Codes[i]);
        }
    }

    [Fact]
    public void Settled_reads_keep_each_column_as_numbers_or_as_codes_like_the_separate_reads()
    {
        // num: numbers only; late: numbers until a text past the first chunk (read again as categories); blank: missing
        // until a text past the first chunk (codes start there); cat: text from row 0; wide: more than 20 levels.
        const int rows = 6000;
        var sb = new StringBuilder("num,late,blank,cat,wide\n");
        for (var i = 0; i < rows; i++)
        {
            var late = i == 4500 ? "x" : (i % 7).ToString(CultureInfo.InvariantCulture) + (i % 2 == 0 ? ".0" : "");
            var blank = i < 3000 ? "" : i % 3 == 0 ? "?" : i % 2 == 0 ? "b" : "a";
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.25},{late},{blank},{(char)('p' + i % 3)},w{i % 25}\n");
        }
        var path = _dir.File("settle.csv", sb.ToString());
        using var settledSource = TabularSource.Open(path);
        var settled = settledSource.ReadSettled(["num", "late", "blank", "cat", "wide"], "drift", maxLevels: 20, strict: false);
        using var separate = TabularSource.Open(path);
        var num = Assert.IsType<NumericColumn>(settled[0]);
        Assert.Equal(separate.ReadNumeric("num", "drift").Values, num.Values);
        foreach (var (k, name) in new[] { (1, "late"), (2, "blank"), (3, "cat") })
        {
            var got = Assert.IsType<CategoricalColumn>(settled[k]);
            var expected = separate.ReadCategorical(name, "drift", maxLevels: 1000);
            Assert.Equal(expected.Levels, got.Levels);
            Assert.Equal(expected.Codes, got.Codes);
            Assert.Equal(expected.Missing, got.Missing);
        }
        Assert.Equal(15, ((CategoricalColumn)settled[1]).Levels.Length); // 0.0, 1, 2.0, ... 6 and 0, 1.0, ... 6.0, and x
        Assert.Equal(3000 + 1000, ((CategoricalColumn)settled[2]).Missing);
        Assert.Equal(("row 4501 (line 4502)", "x"), settledSource.FirstNonNumeric("late"));
        Assert.Contains("more than 20 distinct values", Assert.IsType<VigilException>(settled[4]).Message, StringComparison.Ordinal);
        Assert.Throws<VigilException>(() => settledSource.ReadSettled(["wide"], "drift", maxLevels: 20));
    }

    [Fact]
    public void A_non_number_past_the_first_chunk_is_named_by_its_row_and_line()
    {
        var sb = new StringBuilder("score\n");
        for (var i = 0; i < 5000; i++) sb.Append(i == 4321 ? "n/a" : "0.25").Append('\n');
        var path = _dir.File("bad.csv", sb.ToString());
        using var source = TabularSource.Open(path);
        Assert.Equal(("row 4322 (line 4323)", "n/a"), source.FirstNonNumeric("score"));
        var e = Assert.Throws<VigilException>(() => source.ReadNumeric("score", Param.Ref("score")));
        Assert.Equal($"{path}: row 4322 (line 4323), column 'score' (score): 'n/a' is not a number", e.Message);
    }

    [Fact]
    public void A_caller_changing_its_array_does_not_change_the_next_callers()
    {
        using var source = TabularSource.Open(_dir.File("s.csv", "a,b\n1,x\n2,y\n3,x\n"));
        var first = source.ReadNumeric("a", "--a");
        first.Values[0] = 99;
        Assert.Equal([1.0, 2, 3], source.ReadNumeric("a", "--a").Values);
        var codes = source.ReadCategorical("b", "--b");
        codes.Codes[0] = 7;
        Assert.Equal([0, 1, 0], source.ReadCategorical("b", "--b").Codes);
    }

    [Fact]
    public void Typed_parquet_numbers_read_as_categories_keep_duckdbs_text()
    {
        var path = Path.Combine(_dir.Path, "typed.parquet");
        using (var con = new DuckDBConnection("DataSource=:memory:"))
        {
            con.Open();
            using var cmd = con.CreateCommand();
            cmd.CommandText = $"COPY (SELECT (i % 2)::BIGINT AS label, ((i % 3) * 0.5)::DOUBLE AS half, CASE WHEN i = 4 THEN NULL ELSE i END AS n FROM range(6) t(i)) TO '{path}' (FORMAT PARQUET)";
            cmd.ExecuteNonQuery();
        }
        using var source = TabularSource.Open(path);
        Assert.Equal(["0", "1"], source.ReadCategorical("label", "--label").Levels);
        Assert.Equal(["0.0", "0.5", "1.0"], source.ReadCategorical("half", "--half").Levels);
        var n = source.ReadNumeric("n", "--n");
        Assert.Equal(1, n.Missing);
        Assert.True(double.IsNaN(n.Values[4]));
        Assert.Equal(5.0, n.Values[5]);
        Assert.Null(source.FirstNonNumeric("label"));
    }

    [Fact]
    public void Too_many_levels_is_refused_with_the_requests_limit()
    {
        var sb = new StringBuilder("id\n");
        for (var i = 0; i < 150; i++) sb.Append('p').Append(i).Append('\n');
        var path = _dir.File("ids.csv", sb.ToString());
        using var source = TabularSource.Open(path);
        var e = Assert.Throws<VigilException>(() => source.Read([new ColumnRequest("id", Param.Ref("label"), ColumnKind.Categorical, 100, "a binary outcome")]));
        Assert.Equal($"{path}: column 'id' (label) has more than 100 distinct values; expected a categorical column (a binary outcome)", e.Message);
        Assert.Equal(150, source.ReadCategorical("id", "--id").Levels.Length);
    }
}
