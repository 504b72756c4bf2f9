using Vigil.Cli;
using Vigil.Contracts.Gate;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>`vigil gate` and `vigil gate verify` through the real command line: outputs and the exit codes 0, 1, 2 and 3.</summary>
public sealed class GateCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Gate(string policy, params string[] more) =>
        CliRunner.Run(["gate", "--policy", policy, "--audit", GateFixtures.Heart.File, "--decisions", _dir.Combine("log.jsonl"), .. more]);

    [Fact]
    public void A_passing_gate_exits_0_and_a_failing_gate_exits_1()
    {
        var pass = Gate(GateFixtures.Policy("screening-looser.yaml"));
        Assert.True(pass.Code == VigilApp.Ok, pass.Err);
        Assert.Contains("Gate PASS: policy screening-looser", pass.Out, StringComparison.Ordinal);

        var fail = Gate(GateFixtures.Policy("age-stratified-validation.yaml"));
        Assert.Equal(VigilApp.CheckFailed, fail.Code);
        Assert.Equal(1, fail.Code);
        Assert.Contains("Gate FAIL", fail.Out, StringComparison.Ordinal);
        Assert.Contains("Safeguard in force: Manual review", fail.Out, StringComparison.Ordinal);
        Assert.Contains("vigil: gate fail: 1 of 3 checks failed", fail.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("error", fail.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_out_is_vigil_gate_v1_and_junit_and_the_default_log_go_beside_it()
    {
        var output = _dir.Combine("gate.json");
        var junit = _dir.Combine("gate.xml");
        var (code, _, err) = CliRunner.Run("gate", "--policy", GateFixtures.Policy("age-stratified-validation.yaml"), "--audit", GateFixtures.Heart.File,
            "--out", output, "--junit", junit);
        Assert.True(code == 1, err);
        var gate = GateContract.Read(output);
        Assert.Equal(("vigil.gate/v1", "fail", 3), (gate.Schema, gate.Outcome, gate.Checks.Count));
        Assert.Equal(Path.Combine(_dir.Path, "gate-decisions.jsonl"), gate.Decision!.Log);
        Assert.True(File.Exists(gate.Decision.Log));
        Assert.True(File.Exists(junit));
        Assert.Equal(GateContract.Write(gate), GateContract.Write(GateContract.Parse(File.ReadAllText(output), "gate.json")));
    }

    [Fact]
    public void Markdown_lists_checks_safeguards_and_the_decision()
    {
        var (code, output, _) = Gate(GateFixtures.Policy("age-stratified-validation.yaml"), "--format", "markdown");
        Assert.Equal(1, code);
        Assert.Contains("# Gate: age-stratified-validation — FAIL", output, StringComparison.Ordinal);
        Assert.Contains("| fnr-gap-65 | max_gap | age = >=65 | FAIL |", output, StringComparison.Ordinal);
        Assert.Contains("## Safeguards in force", output, StringComparison.Ordinal);
        Assert.Contains("Decision record 1 in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var noPolicy = CliRunner.Run("gate", "--audit", GateFixtures.Heart.File);
        Assert.Equal(2, noPolicy.Code);
        Assert.Contains("--policy is required", noPolicy.Err, StringComparison.Ordinal);
        Assert.Equal(2, Gate(GateFixtures.Policy("screening-looser.yaml"), "--format", "pdf").Code);
        Assert.Equal(2, Gate(GateFixtures.Policy("screening-looser.yaml"), "--no-such-flag").Code);
        Assert.Equal(2, Gate(_dir.Combine("missing.yaml")).Code);
        Assert.Equal(2, Gate(GateFixtures.Policy("screening-looser.yaml"), "--junit", _dir.Combine("no-folder/gate.xml")).Code);
    }

    [Fact]
    public void Bad_data_exits_3_with_the_file_line_and_key()
    {
        var policy = _dir.File("bad.yaml", "policy: p\nrules:\n  - id: g\n    kind: max_gap\n    attribute: age\n    metric: fnr\n    max: high\n");
        var (code, _, err) = Gate(policy);
        Assert.Equal(3, code);
        Assert.Contains("bad.yaml:7: rules[0].max: expected a number, found 'high'", err, StringComparison.Ordinal);

        var notAudit = _dir.File("drift.json", "{\"schema\": \"vigil.drift/v2\"}");
        var wrong = CliRunner.Run("gate", "--policy", GateFixtures.Policy("screening-looser.yaml"), "--audit", notAudit, "--decisions", _dir.Combine("log.jsonl"));
        Assert.Equal(3, wrong.Code);
        Assert.Contains("expected a vigil.audit/v2 document, found schema vigil.drift/v2", wrong.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("log.jsonl")), "no decision is logged when the evidence cannot be read");
    }

    [Fact]
    public void Verify_exits_0_on_an_intact_log_and_1_naming_the_first_broken_record()
    {
        Gate(GateFixtures.Policy("screening-looser.yaml"));
        Gate(GateFixtures.Policy("age-stratified-validation.yaml"));
        var log = _dir.Combine("log.jsonl");
        var ok = CliRunner.Run("gate", "verify", "--decisions", log);
        Assert.Equal(0, ok.Code);
        Assert.Contains("intact, 2 records, last hash ", ok.Out, StringComparison.Ordinal);

        var lines = File.ReadAllLines(log);
        lines[0] = lines[0].Replace("screening-looser", "screening-laxer", StringComparison.Ordinal);
        File.WriteAllLines(log, lines);
        var broken = CliRunner.Run("gate", "verify", "--decisions", log);
        Assert.Equal(1, broken.Code);
        Assert.Contains("BROKEN at record 1: record 1's hash does not match its content", broken.Out, StringComparison.Ordinal);

        Assert.Equal(2, CliRunner.Run("gate", "verify", "--decisions", _dir.Combine("none.jsonl")).Code);
    }
}
