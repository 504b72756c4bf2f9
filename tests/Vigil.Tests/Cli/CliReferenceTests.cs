using Vigil.Cli;
using Vigil.Cli.Docs;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>docs/cli.md is generated from the commands; it must be what the commands say today.</summary>
public sealed class CliReferenceTests
{
    private static string Generated() => CliReference.Markdown(VigilApp.BuildRoot(new CliIO(TextWriter.Null, TextWriter.Null), out _));

    [Fact]
    public void Docs_cli_md_is_up_to_date()
    {
        var path = Path.Combine(ReportRunner.RepoRoot(), "docs", "cli.md");
        Assert.True(File.Exists(path), "docs/cli.md is missing: run `dotnet run --project src/Vigil.Cli -- docs cli --out docs/cli.md`");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(committed == Generated(),
            "docs/cli.md is stale: regenerate it with `dotnet run --project src/Vigil.Cli -- docs cli --out docs/cli.md`");
    }

    [Fact]
    public void The_reference_lists_every_visible_command_with_its_options()
    {
        var text = Generated();
        foreach (var command in new[] { "audit", "data-audit", "train", "score", "validate", "scan", "plan-study", "mitigate", "drift", "report", "demo" })
            Assert.Contains($"## vigil {command}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## vigil docs", text, StringComparison.Ordinal);
        Assert.Contains("| `--verbose` |", text, StringComparison.Ordinal);
        Assert.Contains("| `--label` (required) |", text, StringComparison.Ordinal);
        Assert.Contains("20240601", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hidden_docs_command_writes_the_same_text()
    {
        using var dir = new TempDir();
        var path = dir.Combine("cli.md");
        var (code, _, err) = CliRunner.Run("docs", "cli", "--out", path);
        Assert.True(code == 0, err);
        Assert.Equal(Generated(), File.ReadAllText(path));
    }
}
