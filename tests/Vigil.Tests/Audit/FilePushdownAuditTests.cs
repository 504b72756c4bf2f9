using System.Text.Json;
using DuckDB.NET.Data;
using Vigil.Application.Audit;
using Vigil.Application.Groups;
using Vigil.Contracts.Audit;
using Vigil.Core;
using Vigil.Data;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.Audit.AuditJsonComparison;

namespace Vigil.Tests.Audit;

/// <summary>
/// `audit --data FILE` through DuckDB (docs/push-down.md, "--data through DuckDB"): the repo's data files audited from
/// DuckDB's summary and from their rows give identical count metrics and AUROC, AUPRC, Brier and ECE within 1e-4, from
/// CSV, gzip CSV and Parquet; the row path is kept where the summary cannot serve (curves, a site summary, small files,
/// data the audit refuses, which then fails with the row path's row-naming message).
/// </summary>
public sealed class FilePushdownAuditTests : IDisposable
{
    private const string Summarized = "summarized in one pass over the file";

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-file-pushdown-").FullName;

    private static string Golden => TestFiles.Golden("fx_binary_small.csv");

    private static string Heart => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "heart-cleveland.csv");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_golden_fixture_from_csv_gzip_and_parquet_gives_the_counts_and_score_metrics_of_its_rows()
    {
        var golden = GoldenPath();
        var groups = new GroupSelection { Protected = ["sex", "race", "age_band"], Intersections = ["sex*race"] };
        string[] attributes = ["sex", "race", "age_band", "sex*race"];
        var rows = Run(golden, "y_true", "y_score", null, groups, long.MaxValue);
        Assert.DoesNotContain(rows.Input.Notes, n => n.StartsWith(Summarized, StringComparison.Ordinal));
        foreach (var file in new[] { golden, Gzip(golden), Parquet(golden) })
        {
            var summary = Run(file, "y_true", "y_score", null, groups, 0);
            Assert.Contains(summary.Input.Notes, n => n.StartsWith(Summarized + ": 2000 rows", StringComparison.Ordinal));
            Assert.Equal(file, summary.Input.File);
            Assert.True(CompareAudits(Json(rows), Json(summary), attributes) > 200, file);
        }

        // Predictions only: every count identical.
        var predicted = Run(golden, "y_true", null, "y_pred", groups, long.MaxValue);
        var predictedSummary = Run(golden, "y_true", null, "y_pred", groups, 0);
        Assert.Contains(predictedSummary.Input.Notes, n => n.StartsWith(Summarized, StringComparison.Ordinal));
        Assert.True(CompareAudits(Json(predicted), Json(predictedSummary), attributes, withScore: false) > 100);
    }

    [Fact]
    public void The_heart_example_with_a_banded_attribute_gives_the_counts_and_score_metrics_of_its_rows()
    {
        // 303 rows, ages banded in Vigil after DuckDB returns their values.
        var groups = new GroupSelection { Protected = ["sex", "age"], Bands = [Bands.Parse("age=50,60")], Intersections = ["sex*age"], MinCell = 5 };
        var rows = Run(Heart, "disease", "score", null, groups, long.MaxValue);
        var summary = Run(Heart, "disease", "score", null, groups, 0);
        Assert.Contains(summary.Input.Notes, n => n.StartsWith(Summarized + ": 303 rows", StringComparison.Ordinal));
        Assert.True(CompareAudits(Json(rows), Json(summary), ["sex", "age", "sex*age"]) > 50);
    }

    [Fact]
    public void Outputs_the_summary_cannot_give_and_small_files_read_the_rows()
    {
        var groups = new GroupSelection { Protected = ["sex"] };
        var golden = GoldenPath();
        // The default threshold: a 2,000-row file is read in process.
        Assert.DoesNotContain(Run(golden, "y_true", "y_score", null, groups, null).Input.Notes,
            n => n.StartsWith(Summarized, StringComparison.Ordinal));
        var curves = AuditJob.Run(new AuditJobOptions
        {
            Data = golden, Label = "y_true", Score = "y_score", Groups = groups, Curves = true, Bootstrap = 0, SummaryMinRows = 0,
        });
        Assert.DoesNotContain(curves.Input.Notes, n => n.StartsWith(Summarized, StringComparison.Ordinal));
        Assert.NotNull(curves.Curves);
        var site = AuditJob.Run(new AuditJobOptions
        {
            Data = golden, Label = "y_true", Score = "y_score", Groups = groups, SiteSummary = true, SummaryMinRows = 0,
        });
        Assert.DoesNotContain(site.Input.Notes, n => n.StartsWith(Summarized, StringComparison.Ordinal));
        Assert.NotNull(site.SiteSummary);
    }

    [Fact]
    public void Data_the_audit_refuses_fails_with_the_row_paths_message_naming_the_rows()
    {
        var bad = Path.Combine(_dir, "bad.csv");
        var lines = File.ReadAllLines(Golden);
        lines[3] = lines[3].Replace(",0.", ",1.", StringComparison.Ordinal); // one score above 1 on row 3 (line 4)
        lines[5] = lines[5][..lines[5].LastIndexOf(',')] + ",";              // a missing prediction does not matter with a score
        File.WriteAllLines(bad, lines);
        var groups = new GroupSelection { Protected = ["sex"] };
        var e = Assert.Throws<VigilException>(() => Run(bad, "y_true", "y_score", null, groups, 0));
        Assert.Contains("offending rows: row 3 (line 4)", e.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<VigilException>(() => Run(Golden, "y_true", "no_such_score", null, groups, 0));
        Assert.Contains("no column 'no_such_score'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("available columns", missing.Message, StringComparison.Ordinal);
    }

    private static AuditJobResult Run(string data, string label, string? score, string? prediction, GroupSelection groups, long? minRows) =>
        AuditJob.Run(new AuditJobOptions
        {
            Data = data, Label = label, Score = score, Prediction = prediction, Groups = groups, Bootstrap = 0, SummaryMinRows = minRows,
        });

    private static JsonElement Json(AuditJobResult job) => JsonDocument.Parse(AuditContract.Write(job.Document)).RootElement;

    /// <summary>A copy of the golden fixture in the test's folder (so the .gz and .parquet copies sit beside it).</summary>
    private string GoldenPath()
    {
        var copy = Path.Combine(_dir, "fx.csv");
        if (!File.Exists(copy)) File.Copy(Golden, copy);
        return copy;
    }

    private static string Gzip(string csv)
    {
        var gz = csv + ".gz";
        using var input = File.OpenRead(csv);
        using var output = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest);
        input.CopyTo(output);
        return gz;
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
