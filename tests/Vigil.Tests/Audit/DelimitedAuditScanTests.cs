using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vigil.Core;
using Vigil.Core.Audit.Federation;
using Vigil.Data;
using Vigil.Data.Pushdown;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// The audit's columns read from a delimited file's bytes (<see cref="DelimitedAuditScan"/>) count exactly as DuckDB's
/// <c>read_csv</c> summary (<see cref="PushdownAuditLoader"/>) does, split into several ranges and merged; what the scan
/// does not read exactly (ragged rows, quoted line ends, numbers in other forms, padded texts, bad text) it declines, and the
/// DuckDB path then gives the same summary or the same error.
/// </summary>
public sealed class DelimitedAuditScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-delimited-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly AuditColumns ScoreColumns = new("y", "score", null, 0.5, ["race", "sex"], [], null);

    private static readonly AuditColumns PredictionColumns = new("y", null, "pred", 0.5, ["race", "sex"], [], null);

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Quoted_fields_missing_values_and_long_levels_count_as_duckdb_reads_them(string newline)
    {
        var text = new StringBuilder("id,race,sex,y,score,pred" + newline);
        var races = new[] { "A", "\"B, with comma\"", "\"C \"\"quoted\"\"\"", "Ünïcødé-level", "a-level-longer-than-twelve-bytes", "?", "", "\"?\"", "\"\"" };
        for (var i = 0; i < 5000; i++)
        {
            var score = (i * 7919 % 10007 / 10007.0).ToString(i % 3 == 0 ? "R" : "0.#####", CultureInfo.InvariantCulture);
            if (i % 11 == 0) score = "\"" + score + "\"";
            text.Append(CultureInfo.InvariantCulture,
                $"{i},{races[i % races.Length]},{(i % 4 == 0 ? "F" : "M")},{i % 3 % 2},{score},{(i % 5 == 0 ? "1" : "0")}{newline}");
        }
        text.Append("5000,A,F,1,0.25,1"); // no line end after the last row
        var csv = Write("quoted.csv", text.ToString());
        AssertCountsAsDuckDb(csv, ScoreColumns, accepted: true);
        AssertCountsAsDuckDb(csv, PredictionColumns, accepted: true);
    }

    [Fact]
    public void A_semicolon_file_with_a_banded_attribute_counts_as_duckdb_reads_it()
    {
        var text = new StringBuilder("age;site;y;score\n");
        for (var i = 0; i < 4000; i++)
        {
            var age = i % 97 == 0 ? "" : i % 31 == 0 ? "?" : (18 + i % 70).ToString(CultureInfo.InvariantCulture) + (i % 2 == 0 ? ".5" : "");
            var score = i % 7 == 0 ? "5e-1" : i % 13 == 0 ? "-0" : (i % 1000 / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{age};s{i % 7};{(i % 3 == 0 ? "yes" : "no")};{score}\n");
        }
        var csv = Write("banded.csv", text.ToString());
        var columns = new AuditColumns("y", "score", null, 0.3, ["age", "site"], [Bands.Parse("age=40,65")], "yes");
        AssertCountsAsDuckDb(csv, columns, accepted: true);
    }

    [Theory]
    [InlineData("ragged", "1,A,F,1,0.5,1\n2,B,M,0,0.25\n")]
    [InlineData("quoted line end", "1,\"A\nB\",F,1,0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("number with a trailing point", "1,A,F,1,1.,1\n2,B,M,0,0.25,0\n")]
    [InlineData("number with a leading point", "1,A,F,1,.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("number padded", "1,A,F,1, 0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("number with a plus sign", "1,A,F,1,+0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("text padded", "1, A,F,1,0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("empty line", "1,A,F,1,0.5,1\n\n2,B,M,0,0.25,0\n")]
    [InlineData("lone carriage return", "1,A,F,1,0.5,1\r2,B,M,0,0.25,0\n")]
    [InlineData("text after a closing quote", "1,\"A\"x,F,1,0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("quote inside a field", "1,A\"x,F,1,0.5,1\n2,B,M,0,0.25,0\n")]
    [InlineData("delimiter ending the file", "1,A,F,1,0.5,1\n2,B,M,0,0.25,0,")]
    public void What_the_scan_does_not_read_exactly_it_declines_and_duckdb_decides(string what, string rows)
    {
        var csv = Write(what.Replace(' ', '-') + ".csv", "id,race,sex,y,score,pred\n" + rows);
        AssertCountsAsDuckDb(csv, ScoreColumns, accepted: false);
    }

    [Fact]
    public void Invalid_utf8_a_nul_byte_and_gzip_are_declined_and_reported_by_the_input_check()
    {
        var latin1 = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(latin1, [.. Encoding.ASCII.GetBytes("id,race,sex,y,score,pred\n1,"), 0xE9, .. Encoding.ASCII.GetBytes(",F,1,0.5,1\n")]);
        var nul = Path.Combine(_dir, "nul.csv");
        File.WriteAllBytes(nul, [.. Encoding.ASCII.GetBytes("id,race,sex,y,score,pred\n1,A"), 0, .. Encoding.ASCII.GetBytes(",F,1,0.5,1\n")]);
        foreach (var path in new[] { latin1, nul })
        {
            Assert.False(Accepted(path, ScoreColumns));
            var e = Assert.Throws<VigilException>(() => AuditFileScan.Load(path, ScoreColumns, 1, 1e-4, delimitedRanges: 3));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        var gz = Path.Combine(_dir, "rows.csv.gz");
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
            output.Write(Encoding.ASCII.GetBytes("id,race,sex,y,score,pred\n1,A,F,1,0.5,1\n2,B,M,0,0.25,0\n"));
        Assert.False(Accepted(gz, ScoreColumns));
        AssertCountsAsDuckDb(gz, ScoreColumns, accepted: false);
    }

    [Fact]
    public void Random_files_count_as_duckdb_reads_them_whether_or_not_the_scan_reads_them()
    {
        var random = new Random(20261204);
        var accepted = 0;
        for (var file = 0; file < 40; file++)
        {
            var newline = random.Next(3) == 0 ? "\r\n" : "\n";
            var text = new StringBuilder("race,y,score,sex" + newline);
            var rows = random.Next(1, 400);
            var flaw = random.Next(4) == 0; // one cell the scan does not read
            for (var i = 0; i < rows; i++)
            {
                var race = random.Next(8) switch
                {
                    0 => "",
                    1 => "?",
                    2 => "\"R, " + random.Next(3) + "\"",
                    3 => "\"" + new string('x', random.Next(20)) + "\"\"\"",
                    _ => "r" + random.Next(5),
                };
                var score = random.Next(6) switch
                {
                    0 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
                    1 => (random.Next(1000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture),
                    2 => random.Next(1, 9) + "e-" + random.Next(1, 4),
                    3 => "0." + random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
                    4 => random.Next(2).ToString(CultureInfo.InvariantCulture),
                    _ => "0.5",
                };
                if (flaw && i == rows / 2) score = random.Next(3) switch { 0 => ".5", 1 => "0.5 ", _ => "1.5" };
                text.Append(CultureInfo.InvariantCulture, $"{race},{random.Next(2)},{score},{(random.Next(2) == 0 ? "F" : "M")}{newline}");
            }
            var csv = Write($"random-{file}.csv", text.ToString());
            var columns = new AuditColumns("y", "score", null, 0.5, ["race", "sex"], [], null);
            if (Accepted(csv, columns)) accepted++;
            AssertCountsAsDuckDb(csv, columns, accepted: null);
        }
        Assert.InRange(accepted, 20, 39);
    }

    [Fact]
    public async Task The_counts_hold_while_the_collector_runs_and_reuses_freed_memory()
    {
        // The vectors handed to the counter are pinned arrays, and escaped texts point into a pinned arena: should one of them
        // lose its last reference mid-scan, a collection frees it and the next pinned array takes its memory, and the counter
        // reads that array's bytes as levels (as it once did: a stray "F" level in a site column, a race named "").
        var text = new StringBuilder("race,site,y,score\n");
        for (var i = 0; i < 60_000; i++)
        {
            var race = (i % 5) switch { 0 => "\"R \"\"quoted\"\" and longer than twelve bytes\"", 1 => "\"\"\"\"", 2 => "short", 3 => "", _ => "a-level-longer-than-twelve-bytes" };
            text.Append(CultureInfo.InvariantCulture, $"{race},s{i % 7},{i % 3 % 2},{(i * 7919 % 10007 / 10007.0).ToString("0.#####", CultureInfo.InvariantCulture)}\n");
        }
        var csv = Write("collected.csv", text.ToString());
        var columns = new AuditColumns("y", "score", null, 0.5, ["race", "site"], [], null);
        Assert.True(Accepted(csv, columns)); // read from its bytes, not declined to DuckDB's reader
        var expected = AuditFileScanTests.Canonical(PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(csv), columns, 1, 1e-4).Summary);
        using var stop = new CancellationTokenSource();
        // Background collections, paced: blocking ones back to back stopped every other test of the suite (in CI it hung).
        var collector = Task.Run(() =>
        {
            var held = new byte[64][];
            for (var n = 0; !stop.IsCancellationRequested && n < 2_000; n++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: false);
                var array = GC.AllocateArray<byte>(32 * 1024, pinned: true);
                array.AsSpan().Fill((byte)'F');
                held[n % held.Length] = array;
                Thread.Sleep(2);
            }
        });
        try
        {
            for (var run = 0; run < 30; run++)
            {
                var scanned = AuditFileScan.Load(csv, columns, 1, 1e-4, delimitedRanges: 2);
                Assert.NotNull(scanned);
                Assert.Equal(expected, AuditFileScanTests.Canonical(scanned.Summary));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await collector;
        }
    }

    [Fact]
    public void Numbers_parse_to_the_same_double_as_a_correctly_rounded_parser()
    {
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 21);
            var text = new StringBuilder(random.Next(4) == 0 ? "-" : "");
            text.Append(random.Next(3) == 0 ? "0" : random.NextInt64(1, 999_999).ToString(CultureInfo.InvariantCulture));
            text.Append('.');
            for (var d = 0; d < digits; d++) text.Append((char)('0' + random.Next(10)));
            if (random.Next(5) == 0) text.Append('e').Append(random.Next(-30, 30).ToString(CultureInfo.InvariantCulture));
            var bytes = Encoding.ASCII.GetBytes(text.ToString());
            Assert.True(DelimitedNumber.TryParse(bytes, out var value), text.ToString());
            var expected = double.Parse(text.ToString(), CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: {value:R} instead of {expected:R}");
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static bool Accepted(string path, AuditColumns columns)
    {
        var bands = new Bands?[columns.Protected.Count];
        for (var k = 0; k < bands.Length; k++) bands[k] = columns.Bands.FirstOrDefault(b => b.Column == columns.Protected[k]);
        return AuditFileScan.CountDelimited(path, columns, bands,
            () => new AuditHistogram(bands, columns.Score is not null, columns.Threshold, 1e-4, 1L << 24, 1 << 16), 3) is not null;
    }

    /// <summary>The scan (in three ranges) and DuckDB's GROUP BY give the same summary, or the same error.</summary>
    private static void AssertCountsAsDuckDb(string path, AuditColumns columns, bool? accepted)
    {
        if (accepted is { } expected) Assert.Equal(expected, Accepted(path, columns));
        string Run(Func<PushdownAuditResult?> load)
        {
            try
            {
                return load() is { } result ? AuditFileScanTests.Canonical(result.Summary) : "declined";
            }
            catch (VigilException e)
            {
                return "error: " + e.Message;
            }
        }
        var grouped = Run(() => PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(path), columns, 1, 1e-4));
        var scanned = Run(() => AuditFileScan.Load(path, columns, 1, 1e-4, delimitedRanges: 3));
        if (grouped.StartsWith("error: ", StringComparison.Ordinal))
            Assert.StartsWith("error: ", scanned, StringComparison.Ordinal); // the wording differs between the two DuckDB queries
        else
            Assert.Equal(grouped, scanned);
    }
}
