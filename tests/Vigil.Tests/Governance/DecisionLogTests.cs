using Vigil.Application.Governance;
using Vigil.Contracts.Common;
using Vigil.Contracts.Gate;
using Vigil.Core;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>The decision log's chain: intact after appends, and an edited, deleted or reordered record is named.</summary>
public sealed class DecisionLogTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Three real decisions (mission, looser, strict policy on the heart audit) appended to a fresh log.</summary>
    private string ThreeDecisions()
    {
        var log = _dir.Combine("decisions.jsonl");
        var at = GateFixtures.Now;
        foreach (var policy in new[] { "age-stratified-validation.yaml", "screening-looser.yaml", "strict-intersectional.yaml" })
        {
            GateJob.Run(new GateJobOptions { Policy = GateFixtures.Policy(policy), Audit = GateFixtures.Heart.File, Decisions = log, Clock = new GateFixtures.FixedClock(at) });
            at = at.AddMinutes(5);
        }
        return log;
    }

    [Fact]
    public void Appended_decisions_form_an_intact_chain_with_every_hash_and_input()
    {
        var log = ThreeDecisions();
        Assert.Null(DecisionLog.VerifyFile(log));
        var lines = File.ReadAllLines(log);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"schema\":\"vigil.gate-decision/v1\",\"sequence\":1,", lines[0], StringComparison.Ordinal);
        Assert.Contains($"\"previous_hash\":\"{DecisionLog.Genesis}\"", lines[0], StringComparison.Ordinal);
        Assert.Contains($"\"sha256\":\"{GateJob.Sha256(GateFixtures.Heart.File)}\"", lines[0], StringComparison.Ordinal);
        Assert.Contains($"\"sha256\":\"{GateJob.Sha256(GateFixtures.Policy("age-stratified-validation.yaml"))}\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"fail\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"pass\"", lines[1], StringComparison.Ordinal);
        Assert.Contains($"\"previous_hash\":\"{lines[0][^66..^2]}\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_record_is_named()
    {
        var log = ThreeDecisions();
        var lines = File.ReadAllLines(log);
        lines[1] = lines[1].Replace("\"outcome\":\"pass\"", "\"outcome\":\"fail\"", StringComparison.Ordinal);
        File.WriteAllLines(log, lines);
        var broken = DecisionLog.VerifyFile(log);
        Assert.Equal(2, broken!.Record);
        Assert.Contains("was edited", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_record_with_a_recomputed_hash_breaks_the_next_link()
    {
        var log = ThreeDecisions();
        var lines = File.ReadAllLines(log);
        var record = System.Text.Json.JsonSerializer.Deserialize(lines[0][..^75] + "}", GateDecisionJsonContext.Default.GateDecisionRecord)!;
        lines[0] = DecisionLog.Line(record with { Outcome = GateStatus.Pass });
        File.WriteAllLines(log, lines);
        var broken = DecisionLog.VerifyFile(log);
        Assert.Equal(2, broken!.Record);
        Assert.Contains("previous hash is not record 1's hash", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_record_is_named()
    {
        var log = ThreeDecisions();
        var lines = File.ReadAllLines(log).ToList();
        lines.RemoveAt(1);
        File.WriteAllLines(log, lines);
        var broken = DecisionLog.VerifyFile(log);
        Assert.Equal(2, broken!.Record);
        Assert.Contains("holds record 3: records were removed or reordered", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_records_are_named()
    {
        var log = ThreeDecisions();
        var lines = File.ReadAllLines(log);
        (lines[1], lines[2]) = (lines[2], lines[1]);
        File.WriteAllLines(log, lines);
        Assert.Equal(2, DecisionLog.VerifyFile(log)!.Record);
    }

    [Fact]
    public void A_line_without_its_hash_is_named_and_a_broken_log_is_not_extended()
    {
        var log = ThreeDecisions();
        var lines = File.ReadAllLines(log);
        lines[2] = lines[2][..^75] + "}";
        File.WriteAllLines(log, lines);
        Assert.Equal(3, DecisionLog.VerifyFile(log)!.Record);
        var e = Assert.Throws<VigilException>(() => GateJob.Run(new GateJobOptions
        {
            Policy = GateFixtures.Policy("screening-looser.yaml"), Audit = GateFixtures.Heart.File, Decisions = log,
        }));
        Assert.Contains("the decision log is broken at record 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(log).Length);
    }

    [Fact]
    public void The_hash_covers_the_exact_text_of_the_record()
    {
        var record = new GateDecisionRecord(1, GateFixtures.Now, new GatePolicyRef("p", "p.yaml", new string('a', 64), null),
            [new InputRef("audit", "a.json") { Sha256 = new string('b', 64) }], GateStatus.Pass, new GateCounts(0, 0, 0, 0, 0), [], [], [], DecisionLog.Genesis);
        var line = DecisionLog.Line(record);
        var body = line[..^75] + "}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.EndsWith($",\"hash\":\"{hash}\"}}", line, StringComparison.Ordinal);
        Assert.Null(DecisionLog.Verify([line], "x"));
    }
}
