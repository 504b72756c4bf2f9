using System.Text.Json;
using Vigil.Application.Demo;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// Every shareable output of both demos (report, Markdown summaries, Model Card, CHAI XML, HTI-1, risk register,
/// charts, validation.md, scan.md, summary.md and the README blocks made from it) publishes no count of 1 to 10
/// (docs/suppression.md), and the diabetes demo shows the sex gap that three rows without sex once hid.
/// </summary>
[Collection(Vigil.Tests.Demo.DemoRunsGroup.Name)]
public sealed class DemoSmallCellTests(Vigil.Tests.Demo.DemoRuns demos)
{
    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void No_shareable_output_of_the_demo_publishes_a_count_of_1_to_10(string name)
    {
        var files = SmallCellScanner.ShareableFiles(demos.Direct(name).Dir);
        Assert.True(files.Count >= 30, $"{name}: only {files.Count} shareable files");
        Assert.Null(SmallCellScanner.FirstLeak(files));
    }

    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void The_examples_readme_blocks_publish_no_count_of_1_to_10(string name)
    {
        var block = ReadmeBlock.Read(File.ReadAllText(System.IO.Path.Combine(ReportRunner.RepoRoot(), "examples", name, "README.md")));
        Assert.NotNull(block);
        Assert.Null(SmallCellScanner.FirstLeak(block));
    }

    [Fact]
    public void The_diabetes_demo_shows_the_sex_gap_in_the_tables_the_translation_and_the_risk_register()
    {
        var dir = demos.Direct("diabetes-readmission").Dir;
        var report = File.ReadAllText(System.IO.Path.Combine(dir, "report", "report.md"));
        var male = report.Split('\n').First(l => l.StartsWith("| Male |", StringComparison.Ordinal));
        Assert.Contains("68.3%", male, StringComparison.Ordinal); // men's FNR, against women's 62.6%
        Assert.Contains("| Female (reference) |", report, StringComparison.Ordinal);
        Assert.Contains("62.6%", report.Split('\n').First(l => l.StartsWith("| Female (reference) |", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("sex = Male: the model misses 68.3% of patients with the condition against 62.6%", report, StringComparison.Ordinal);
        Assert.Contains("sex is not recorded for fewer than 11 patients (count suppressed)", report, StringComparison.Ordinal);
        using var register = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(dir, "report", "risk-register.json")));
        Assert.Contains(register.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("affected_group").GetString() == "sex = Male"
            && r.GetProperty("evidence").GetString()!.Contains("FNR 68.3%", StringComparison.Ordinal));
        // No group of 100 or more is hidden: the complementary note names only groups under 100.
        Assert.DoesNotContain("| Male | suppressed", report, StringComparison.Ordinal);
    }
}
