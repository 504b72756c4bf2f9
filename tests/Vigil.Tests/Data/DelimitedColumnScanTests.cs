using System.Globalization;
using System.Text;
using Vigil.Core;
using Vigil.Data;
using Xunit;

namespace Vigil.Tests.Data;

/// <summary>
/// Columns settled from a delimited file's bytes (<see cref="DelimitedColumnScan"/>, in several ranges) are what DuckDB's
/// reader settles (<see cref="TabularSource.ReadSettled"/> with the byte scan off): the same numbers bit for bit, the same
/// levels, codes, missing counts, first non-number and row count; what the scan cannot settle alone it declines, and the
/// result is DuckDB's.
/// </summary>
public sealed class DelimitedColumnScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-column-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Numbers_texts_missing_cells_and_quotes_settle_as_duckdb_settles_them()
    {
        var text = new StringBuilder("x,level,empty,sparse,quoted,long\r\n");
        var random = new Random(4);
        for (var i = 0; i < 30_000; i++)
        {
            var x = random.Next(9) switch
            {
                0 => "",
                1 => "?",
                2 => "-" + random.Next(100).ToString(CultureInfo.InvariantCulture),
                3 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
                4 => "0.000" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                5 => random.Next(1, 9) + "e-" + random.Next(1, 30),
                _ => (random.Next(100_000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture),
            };
            var level = random.Next(6) switch { 0 => "", 1 => "?", 2 => "\"b, c\"", 3 => "Ünï", _ => "a" + random.Next(4) };
            var sparse = i > 20_000 && i % 7 == 0 ? "s" + (i % 3) : "";
            var quoted = "\"" + (random.Next(2) == 0 ? "\"\"q\"\"" : "p" + random.Next(3)) + "\"";
            var longText = "a level longer than twelve bytes " + random.Next(3);
            text.Append(CultureInfo.InvariantCulture, $"{x},{level},,{sparse},{quoted},{longText}\r\n");
        }
        var csv = Write("mixed.csv", text.ToString());
        AssertSettledAsDuckDb(csv, ["x", "level", "empty", "sparse", "quoted", "long"], readFromBytes: true);
    }

    [Theory]
    [InlineData("numbers then text", "x\n1\n2\nabc\n")]
    [InlineData("text then numbers", "x\nabc\n2\n")]
    [InlineData("a number DuckDB reads and this scan does not", "x\n1\n.5\n")]
    [InlineData("inf", "x\n1\ninf\n")]
    [InlineData("NaN", "x\nNaN\n1\n")]
    [InlineData("padded text", "x\nabc \nabd\n")]
    [InlineData("padded number", "x\n 1\n2\n")]
    [InlineData("ragged", "x,y\n1,2\n3\n")]
    public void What_the_scan_cannot_settle_alone_is_settled_by_duckdb(string what, string content)
    {
        var csv = Write(what.Replace(' ', '-') + ".csv", content);
        var names = content[..content.IndexOf('\n')].Split(',');
        AssertSettledAsDuckDb(csv, names, readFromBytes: false);
    }

    [Fact]
    public void A_column_with_more_levels_than_asked_is_left_to_duckdb()
    {
        var text = new StringBuilder("id\n");
        for (var i = 0; i < 3000; i++) text.Append(CultureInfo.InvariantCulture, $"id{i}\n");
        var csv = Write("ids.csv", text.ToString());
        AssertSettledAsDuckDb(csv, ["id"], readFromBytes: false);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>ReadSettled with the byte scan (in three ranges) equals ReadSettled through DuckDB, cell for cell.</summary>
    private static void AssertSettledAsDuckDb(string path, string[] names, bool readFromBytes)
    {
        using (var file = DelimitedFile.TryOpen(path))
        {
            var capacity = Enumerable.Repeat(TabularSource.MaxCategoricalLevels, names.Length).ToArray();
            Assert.Equal(readFromBytes, file is not null && DelimitedColumnScan.TryRead(file, names, capacity, 3) is not null);
        }
        using var bytes = TabularSource.Open(path);
        bytes.LimitThreads(3);
        using var duck = TabularSource.Open(path);
        duck.ReadsBytes = false;
        var fromBytes = Describe(bytes, names);
        var fromDuck = Describe(duck, names);
        Assert.Equal(fromDuck, fromBytes);
    }

    private static string Describe(TabularSource source, string[] names)
    {
        IReadOnlyList<object> read;
        try
        {
            read = source.ReadSettled(names, "test", strict: false);
        }
        catch (VigilException e)
        {
            return "error: " + e.Message;
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"rows {source.RowCount}\n");
        for (var k = 0; k < names.Length; k++)
        {
            switch (read[k])
            {
                case NumericColumn n:
                    text.Append(CultureInfo.InvariantCulture, $"{names[k]} numbers, {n.Missing} missing: ");
                    foreach (var v in n.Values) text.Append(BitConverter.DoubleToInt64Bits(v).ToString("X", CultureInfo.InvariantCulture)).Append(' ');
                    break;
                case CategoricalColumn c:
                    text.Append(CultureInfo.InvariantCulture, $"{names[k]} codes, {c.Missing} missing, levels {string.Join("|", c.Levels)}, ");
                    text.Append(CultureInfo.InvariantCulture, $"first non-number {source.FirstNonNumeric(names[k])}: {string.Join(" ", c.Codes)}");
                    break;
                case VigilException e:
                    text.Append(CultureInfo.InvariantCulture, $"{names[k]} refused: {e.Message}");
                    break;
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
