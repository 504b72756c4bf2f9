using Vigil.Application;
using Vigil.Application.Reporting;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Application;

/// <summary>`vigil report` run as a job without the CLI writes the same report text and risk register as the CLI.</summary>
public class ReportJobTests
{
    [Fact]
    public void Report_job_writes_what_the_cli_writes()
    {
        using var dir = new TempDir();
        var audit = dir.Combine("audit.json");
        var a = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score", "--protected", "sex",
            "--format", "json", "--out", audit);
        Assert.True(a.Code == 0, a.Err);
        var cli = CliRunner.Run("report", "--audit", audit, "--validation", ValidationMitigationReportTests.ValidationFile,
            "--mitigation", ValidationMitigationReportTests.ThresholdOptimizerFile, "--out", dir.Combine("cli"));
        Assert.True(cli.Code == 0, cli.Err);
        var result = ReportJob.Run(
            new ReportOptions(audit, Validation: ValidationMitigationReportTests.ValidationFile,
                Mitigations: [ValidationMitigationReportTests.ThresholdOptimizerFile], Out: dir.Combine("job")),
            Vigil.Application.DataAudit.DatasheetRenderer.Markdown, NoProgress.Instance);
        Assert.Equal(dir.Combine("job"), result.OutDir);
        foreach (var file in new[] { "report.md", "risk-register.json", "risk-register.csv", "model-card.md" })
            Assert.Equal(File.ReadAllText(dir.Combine("cli/" + file)), File.ReadAllText(dir.Combine("job/" + file)));
        Assert.Contains("## External validation", File.ReadAllText(dir.Combine("job/report.md")), StringComparison.Ordinal);
    }
}
