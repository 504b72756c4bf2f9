using System.Text.Json;
using Vigil.Cli.Demo;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Demo;

public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-demo-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Heart_disease_demo_runs_every_step_and_ends_in_the_report()
    {
        var (code, _, err) = CliRunner.Run("demo", "heart-disease", "--out", _dir);
        Assert.True(code == 0, err);

        var demo = DemoCatalog.Find("heart-disease")!;
        Assert.Contains($"[{demo.Steps.Count}/{demo.Steps.Count}]", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, demo.ReportPath)));
        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "audit.json")));
        Assert.Equal(303, audit.RootElement.GetProperty("rows").GetInt32());

        // commands.sh replays the same pipeline: one `vigil` line per step.
        var script = File.ReadAllLines(Path.Combine(_dir, "commands.sh"));
        Assert.Equal(demo.Steps.Count, script.Count(l => l.StartsWith("vigil ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_demo_is_a_usage_error_listing_the_demos()
    {
        var (code, _, err) = CliRunner.Run("demo", "no-such-demo", "--out", _dir);
        Assert.Equal(2, code);
        Assert.Contains("heart-disease", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Shell_line_quotes_only_what_the_shell_would_split()
    {
        Assert.Equal("vigil audit --intersections 'sex*age' --title 'a b' --bands age=45,65",
            DemoRunner.ShellLine(["audit", "--intersections", "sex*age", "--title", "a b", "--bands", "age=45,65"]));
    }
}
