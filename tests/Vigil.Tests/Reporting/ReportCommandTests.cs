using Xunit;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>vigil report's options and its all-or-nothing output.</summary>
public sealed class ReportCommandTests
{
    private static string SmallAudit(TempDir tmp)
    {
        var json = tmp.Combine("audit.json");
        var csv = ReportRunner.Csv(tmp, "d.csv", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [0.9, 0.1, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.9, 0.1, 0.2, 0.2],
            ("sex", ["F", "F", "F", "F", "F", "F", "M", "M", "M", "M", "M", "M"]));
        ReportRunner.Audit(csv, json, "--protected", "sex");
        return json;
    }

    [Theory]
    [InlineData("--volume", "1000")]
    [InlineData("--prevalence", "0.1")]
    public void Volume_and_prevalence_go_together(string option, string value)
    {
        using var tmp = new TempDir();
        var (code, err) = ReportRunner.Report("--audit", SmallAudit(tmp), option, value, "--out", tmp.Combine("out"));
        Assert.Equal(2, code);
        Assert.Contains("--volume and the prevalence go together", err);
        Assert.False(Directory.Exists(tmp.Combine("out")));
    }

    [Fact]
    public void Not_an_audit_is_a_data_error_and_writes_nothing()
    {
        using var tmp = new TempDir();
        var bad = tmp.File("x.json", "{\"schema\": \"vigil.drift/v1\"}");
        var (code, err) = ReportRunner.Report("--audit", bad, "--out", tmp.Combine("out"));
        Assert.Equal(3, code);
        Assert.Contains("expected a vigil.audit/v2 document, found schema vigil.drift/v1", err);
        Assert.False(Directory.Exists(tmp.Combine("out")));
    }

    [Fact]
    public void A_failing_run_leaves_an_existing_directory_as_it_was()
    {
        using var tmp = new TempDir();
        var json = SmallAudit(tmp);
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--out", dir).Code);
        var before = ReportRunner.Files(dir);
        var broken = tmp.File("broken.json", File.ReadAllText(json).Replace("\"rows\"", "\"rowz\"", StringComparison.Ordinal));
        Assert.Equal(3, ReportRunner.Report("--audit", broken, "--min-cell", "1", "--out", dir).Code);
        Assert.Equal(before, ReportRunner.Files(dir));
        Assert.False(ReportRunner.StagingLeft(tmp.Path));
    }

    [Fact]
    public void Unwritable_out_is_a_usage_error_and_leaves_no_staging()
    {
        using var tmp = new TempDir();
        var json = SmallAudit(tmp);
        var file = tmp.File("a-file", "x");
        var (code, err) = ReportRunner.Report("--audit", json, "--out", Path.Combine(file, "out"));
        Assert.Equal(2, code);
        Assert.Contains("is a file, not a folder", err);
        Assert.False(ReportRunner.StagingLeft(tmp.Path));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Prediction_audit_reports_without_score_metrics_as_findings()
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        var (code, _, err) = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--prediction", "prediction", "--protected", "sex",
            "--format", "json", "--out", json);
        Assert.True(code == 0, err);
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--out", dir).Code);
        var register = File.ReadAllText(Path.Combine(dir, "risk-register.csv"));
        Assert.DoesNotContain("needs a score column", register);
        Assert.Contains("Predictions: 0/1 column 'prediction'", File.ReadAllText(Path.Combine(dir, "report.md")));
    }
}
