using System.Text.Json;
using Vigil.Application.Demo;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Demo;

/// <summary>
/// `vigil demo` as a user runs it (the verb, its --out, its progress lines and exit code), and the command lines it
/// shows. The demos' results are checked on the shared direct runs (DirectDemoRunnerTests).
/// </summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-demo-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Vigil_demo_runs_every_step_reports_progress_and_ends_in_the_report()
    {
        var (code, _, err) = CliRunner.Run("demo", "heart-disease", "--out", _dir);
        Assert.True(code == 0, err);

        var demo = DemoCatalog.Find("heart-disease")!;
        Assert.Contains($"[{demo.Steps.Count}/{demo.Steps.Count}] {demo.Steps[^1].Title}", err, StringComparison.Ordinal);
        Assert.Contains("vigil: demo heart-disease finished in ", err, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, demo.ReportPath), err, StringComparison.Ordinal);
        Assert.Contains("Decision summary", File.ReadAllText(Path.Combine(_dir, demo.ReportPath)), StringComparison.Ordinal);
        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "audit.json")));
        Assert.Equal(303, audit.RootElement.GetProperty("rows").GetInt32());

        // commands.sh replays the same pipeline: one `vigil` line per step; summary.md is the README's block.
        var script = File.ReadAllLines(Path.Combine(_dir, "commands.sh"));
        Assert.Equal(demo.Steps.Count, script.Count(l => l.StartsWith("vigil ", StringComparison.Ordinal)));
        DemoAssertions.ReadmeBlockMatches(_dir, _dir, "heart-disease");
    }

    [Fact]
    public void Unknown_demo_is_a_usage_error_listing_the_demos()
    {
        var (code, _, err) = CliRunner.Run("demo", "no-such-demo", "--out", _dir);
        Assert.Equal(2, code);
        Assert.Contains("heart-disease, diabetes-readmission", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Readme_block_is_replaced_in_place_and_appended_when_missing()
    {
        var withBlock = "intro\n" + ReadmeBlock.Start + "\nold\n" + ReadmeBlock.End + "\ntail\n";
        var replaced = ReadmeBlock.Replace(withBlock, "new\n");
        Assert.Equal("intro\n" + ReadmeBlock.Start + "\n\nnew\n\n" + ReadmeBlock.End + "\ntail\n", replaced);
        Assert.Equal("new\n", ReadmeBlock.Read(replaced));
        Assert.Equal("new\n", ReadmeBlock.Read(ReadmeBlock.Replace("intro\n", "new\n")));
        Assert.Null(ReadmeBlock.Read("no block here"));
    }

    /// <summary>
    /// commands.sh, rendered from the typed calls, is byte for byte the file the demos wrote when each step was a
    /// literal command line (tests/golden/demo, with the example folder as /EXAMPLE and the output folder as /OUT).
    /// </summary>
    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void Commands_sh_is_unchanged_by_the_typed_calls(string name)
    {
        var script = DemoJob.Script(DemoCatalog.Find(name)!, new DemoContext("/EXAMPLE", "/OUT"));
        Assert.Equal(File.ReadAllText(TestFiles.Golden($"demo/{name}-commands.sh")), script);
        var withPdf = DemoJob.Script(DemoCatalog.WithPdf(DemoCatalog.Find(name)!), new DemoContext("/EXAMPLE", "/OUT"));
        Assert.EndsWith(" --out /OUT/report --pdf\n", withPdf, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_line_quotes_only_what_the_shell_would_split()
    {
        Assert.Equal("vigil audit --intersections 'sex*age' --title 'a b' --bands age=45,65",
            DemoJob.ShellLine(["audit", "--intersections", "sex*age", "--title", "a b", "--bands", "age=45,65"]));
    }
}
