using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Vigil.Core;
using Vigil.Core.Audit.Federation;
using Vigil.Data;
using Vigil.Data.Pushdown;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// The .NET-counted summary of a data file (<see cref="AuditFileScan"/>) is the SQL GROUP BY's summary
/// (<see cref="PushdownAuditLoader"/>) cell for cell and bin for bin, from CSV and Parquet, with scores, predictions only,
/// a banded attribute and missing protected values; it refuses what the SQL summary refuses.
/// </summary>
public sealed class AuditFileScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-file-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AuditColumns Columns(string? score, string? prediction, IReadOnlyList<string> protectedColumns, IReadOnlyList<Bands>? bands = null) =>
        new("y_true", score, prediction, 0.5, protectedColumns, bands ?? [], null);

    [Fact]
    public void The_golden_fixture_counts_as_the_sql_summary_from_csv_and_parquet()
    {
        var csv = Path.Combine(_dir, "fx.csv");
        File.Copy(TestFiles.Golden("fx_binary_small.csv"), csv);
        foreach (var file in new[] { csv, Parquet(csv) })
        {
            foreach (var columns in new[]
                     {
                         Columns("y_score", null, ["sex", "race", "age_band"]),
                         Columns(null, "y_pred", ["sex", "race"]),
                     })
            {
                var scanned = AuditFileScan.Load(file, columns, 5, 1e-4);
                Assert.NotNull(scanned);
                var grouped = PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(file), columns, 5, 1e-4);
                Assert.Equal(2000, scanned.Summary.Cells.Sum(c => c.N));
                Assert.Equal(grouped.GroupRows, scanned.GroupRows);
                Assert.Equal(Canonical(grouped.Summary), Canonical(scanned.Summary));
                Assert.Equal(grouped.Report.PositiveLabel, scanned.Report.PositiveLabel);
            }
        }
    }

    [Fact]
    public void A_banded_attribute_and_missing_levels_count_as_the_sql_summary()
    {
        var csv = Path.Combine(_dir, "banded.csv");
        var text = new StringBuilder("y_true,score,age,site\n");
        for (var i = 0; i < 3000; i++)
        {
            var age = i % 97 == 0 ? "" : (18 + i % 70).ToString(CultureInfo.InvariantCulture);
            var site = i % 50 == 0 ? "?" : "s" + (i % 7).ToString(CultureInfo.InvariantCulture);
            var score = ((i * 7919 % 10007) / 10007.0).ToString("0.######", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{(i % 3 == 0 ? "yes" : "no")},{score},{age},{site}\n");
        }
        File.WriteAllText(csv, text.ToString());
        var columns = new AuditColumns("y_true", "score", null, 0.3, ["age", "site"], [Bands.Parse("age=40,65")], "yes");
        var scanned = AuditFileScan.Load(csv, columns, 10, 1e-3);
        var grouped = PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(csv), columns, 10, 1e-3);
        Assert.NotNull(scanned);
        Assert.Equal(Canonical(grouped.Summary), Canonical(scanned.Summary));
        Assert.Equal(grouped.Report.Notes.Order(), scanned.Report.Notes.Order());
        Assert.Contains(scanned.Summary.Attributes[0].Levels, l => l == AuditLoader.MissingLevel);
        Assert.Contains(scanned.Summary.Attributes[1].Levels, l => l == AuditLoader.MissingLevel);
    }

    [Fact]
    public void Integer_typed_levels_are_named_as_duckdb_casts_them_to_text()
    {
        // Labels, predictions and an attribute typed TINYINT, INTEGER and BIGINT are read as BIGINT and named by their digits.
        var parquet = Path.Combine(_dir, "typed.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT (i % 2)::TINYINT AS y_true, (i * 7 % 3 = 0)::INTEGER AS y_pred, (i % 997) / 997.0 AS y_score, " +
                $"(i % 5 - 2)::BIGINT AS site, CASE WHEN i % 13 = 0 THEN NULL ELSE 9000000000 + i % 3 END AS big, " +
                $"CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS sex FROM range(6000) t(i)) TO '{parquet}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        foreach (var columns in new[]
                 {
                     new AuditColumns("y_true", "y_score", null, 0.5, ["site", "big", "sex"], [], null),
                     new AuditColumns("y_true", null, "y_pred", 0.5, ["site", "sex"], [], null),
                 })
        {
            var scanned = AuditFileScan.Load(parquet, columns, 5, 1e-4);
            var grouped = PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(parquet), columns, 5, 1e-4);
            Assert.NotNull(scanned);
            Assert.Equal(Canonical(grouped.Summary), Canonical(scanned.Summary));
            Assert.Contains("-2", scanned.Summary.Attributes[0].Levels);
        }
    }

    [Fact]
    public void A_score_outside_zero_to_one_is_refused_as_by_the_sql_summary()
    {
        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(csv, "y_true,y_score,sex\n1,0.9,F\n0,1.5,M\n0,0.1,F\n");
        var columns = Columns("y_score", null, ["sex"]);
        var e = Assert.Throws<VigilException>(() => AuditFileScan.Load(csv, columns, 1, 1e-4));
        Assert.Contains("must hold probabilities in [0, 1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 rows do not", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The summary as text independent of the order the SQL engine returned its groups in.</summary>
    internal static string Canonical(SiteSummary summary)
    {
        var parts = new List<string>();
        foreach (var a in summary.Attributes) parts.Add($"{a.Name}: {string.Join("|", a.Levels.Order(StringComparer.Ordinal))}");
        var cells = new List<string>();
        foreach (var c in summary.Cells)
        {
            var bins = c.ScoreBins is null ? "" : string.Join(";", Enumerable.Range(0, 4).Select(o => string.Join(",", c.ScoreBins.Of(o))));
            cells.Add($"{string.Join("|", c.Levels)} {c.Tn} {c.Fp} {c.Fn} {c.Tp} {c.SmallCell} {bins}");
        }
        cells.Sort(StringComparer.Ordinal);
        parts.AddRange(cells);
        parts.Add($"{summary.HasScore} {summary.Threshold} {summary.ScoreBinWidth} {summary.PositiveLabel}");
        return string.Join("\n", parts);
    }

    private static string Parquet(string csv)
    {
        var parquet = Path.ChangeExtension(csv, ".parquet");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
        command.ExecuteNonQuery();
        return parquet;
    }
}
