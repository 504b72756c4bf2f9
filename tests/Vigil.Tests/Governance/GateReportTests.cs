using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>`vigil report --gate`: the Safeguards section lists each safeguard of the gate decisions with its start, end and state, in Markdown and HTML.</summary>
public sealed class GateReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-gate-report-" + Guid.NewGuid().ToString("N"));

    public GateReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Report_lists_the_failing_gates_safeguard_with_start_end_and_state()
    {
        var failing = Path.Combine(_dir, "gate-fail.json");
        var passing = Path.Combine(_dir, "gate-pass.json");
        var log = Path.Combine(_dir, "log.jsonl");
        Assert.Equal(1, CliRunner.Run("gate", "--policy", GateFixtures.Policy("age-stratified-validation.yaml"), "--audit", GateFixtures.Heart.File,
            "--decisions", log, "--format", "json", "--out", failing).Code);
        Assert.Equal(0, CliRunner.Run("gate", "--policy", GateFixtures.Policy("screening-looser.yaml"), "--audit", GateFixtures.Heart.File,
            "--decisions", log, "--format", "json", "--out", passing).Code);
        var outDir = Path.Combine(_dir, "report");
        var (code, _, err) = CliRunner.Run("report", "--audit", GateFixtures.Heart.File, "--gate", failing, "--gate", passing, "--out", outDir);
        Assert.True(code == 0, err);

        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("## Safeguards", md, StringComparison.Ordinal);
        Assert.Contains("policy age-stratified-validation, fail on", md, StringComparison.Ordinal);
        Assert.Contains("policy screening-looser, pass on", md, StringComparison.Ordinal);
        // The Governance gate section: each decision's outcome and its pass/fail table, before the safeguards.
        var gateAt = md.IndexOf("## Governance gate", StringComparison.Ordinal);
        var safeguardsAt = md.IndexOf("## Safeguards", StringComparison.Ordinal);
        Assert.InRange(gateAt, 0, safeguardsAt);
        var gateRow = md[gateAt..safeguardsAt].Split('\n').Single(l => l.StartsWith("| fnr-gap-65 |", StringComparison.Ordinal) && l.Contains("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("| fnr-gap-65 | max\\_gap | age = \\>=65 | FAIL | fnr ", gateRow, StringComparison.Ordinal);
        Assert.Contains("vs reference 45-64", gateRow, StringComparison.Ordinal);
        Assert.Contains("safeguard: Manual review by a clinician", gateRow, StringComparison.Ordinal);
        Assert.Contains("Policy screening-looser (SHA-256 ", md, StringComparison.Ordinal);
        var row = md[safeguardsAt..].Split('\n').Single(l => l.StartsWith("| fnr-gap-65 |", StringComparison.Ordinal));
        Assert.Contains("| age = \\>=65 |", row, StringComparison.Ordinal);
        Assert.Contains("Manual review by a clinician of every prediction for patients 65+", row, StringComparison.Ordinal);
        Assert.Contains("| 2027-06-30 |", row, StringComparison.Ordinal); // the policy's re_validation
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal); // start: the decision
        Assert.Contains("| active |", row, StringComparison.Ordinal);
        Assert.Contains("#1 ", row, StringComparison.Ordinal);

        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("Safeguards</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Manual review by a clinician of every prediction for patients 65+", html, StringComparison.Ordinal);

        var none = Path.Combine(_dir, "report-none");
        Assert.Equal(0, CliRunner.Run("report", "--audit", GateFixtures.Heart.File, "--gate", passing, "--out", none).Code);
        Assert.Contains("No safeguard is in force", File.ReadAllText(Path.Combine(none, "report.md")), StringComparison.Ordinal);
    }
}
