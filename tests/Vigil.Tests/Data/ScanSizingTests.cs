using System.Globalization;
using System.Text;
using Vigil.Data;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Data;

/// <summary>
/// Column arrays sized once from the file's line count (InputFileCheck), and the settling scan that parses numeric
/// columns as DOUBLE in DuckDB's CSV reader: a wrong size hint (quoted line breaks) and a late non-number still read
/// what the file holds.
/// </summary>
public sealed class ScanSizingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n", 3)]
    [InlineData("a,b\n1,2\n3,4", 3)]
    [InlineData("a\n", 1)]
    [InlineData("", 0)]
    public void The_file_check_counts_the_lines(string text, long lines) =>
        Assert.Equal(lines, InputFileCheck.Verify(_dir.File("lines.csv", text)));

    [Fact]
    public void A_column_of_the_expected_length_is_its_one_block_and_any_other_length_is_copied()
    {
        var exact = new ColumnBlocks<double>(5000);
        exact.Append(Enumerable.Range(0, 3000).Select(i => (double)i).ToArray());
        exact.Append(Enumerable.Range(3000, 2000).Select(i => (double)i).ToArray());
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (double)i), exact.ToArray());

        var longer = new ColumnBlocks<int>(10);
        longer.Append(Enumerable.Range(0, 25).ToArray());
        Assert.Equal(Enumerable.Range(0, 25), longer.ToArray());

        var shorter = new ColumnBlocks<int>(100);
        shorter.Append([7, 8, 9]);
        Assert.Equal([7, 8, 9], shorter.ToArray());
    }

    [Fact]
    public void Quoted_line_breaks_make_the_hint_wrong_but_not_the_columns()
    {
        var sb = new StringBuilder("x,note\n");
        for (var i = 0; i < 5000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i * 0.5},{(i % 1000 == 0 ? "\"two\nlines\"" : "n")}\n");
        using var source = TabularSource.Open(_dir.File("quoted.csv", sb.ToString()));
        var read = source.ReadSettled(["x", "note"], "drift");
        var x = Assert.IsType<NumericColumn>(read[0]);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => i * 0.5), x.Values);
        var note = Assert.IsType<CategoricalColumn>(read[1]);
        Assert.Equal(["n", "two\nlines"], note.Levels);
        Assert.Equal(5000, note.Codes.Length);
        Assert.Equal(5000, source.RowCount);
    }

    [Fact]
    public void A_numeric_led_column_with_text_past_the_look_ahead_becomes_categorical_and_names_its_first_text()
    {
        // The first 2,048 rows (the look-ahead) are numbers: the CSV reader parses the column as DOUBLE until row 3000,
        // where the read stops and the file is read as text, as before.
        var sb = new StringBuilder("v,w\n");
        for (var i = 0; i < 4000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{(i == 3000 ? "high" : (i % 4).ToString(CultureInfo.InvariantCulture))},{i}\n");
        var path = _dir.File("late.csv", sb.ToString());
        using var source = TabularSource.Open(path);
        var read = source.ReadSettled(["v", "w"], "drift");
        var v = Assert.IsType<CategoricalColumn>(read[0]);
        Assert.Equal(["0", "1", "2", "3", "high"], v.Levels);
        Assert.Equal(Enumerable.Range(0, 4000).Select(i => (double)i), Assert.IsType<NumericColumn>(read[1]).Values);
        Assert.Equal(("row 3001 (line 3002)", "high"), source.FirstNonNumeric("v"));
    }
}
