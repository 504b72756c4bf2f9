using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Vigil.Application.Governance;
using Vigil.Contracts.Common;
using Vigil.Contracts.Gate;
using Vigil.Tests.Contracts;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>vigil.gate/v1 output matches its published JSON Schema (docs/schemas/vigil.gate.v1.schema.json), like every other contract.</summary>
public sealed class GateSchemaTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-gate-schema-" + Guid.NewGuid().ToString("N"));

    public GateSchemaTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("age-stratified-validation.yaml")]
    [InlineData("strict-intersectional.yaml")]
    [InlineData("screening-looser.yaml")]
    public void Cli_output_of_every_shipped_policy_matches_the_schema(string policy)
    {
        var output = Path.Combine(_dir, policy + ".json");
        var (code, _, err) = CliRunner.Run("gate", "--policy", GateFixtures.Policy(policy), "--audit", GateFixtures.Heart.File, "--card", GateFixtures.HeartCard,
            "--decisions", Path.Combine(_dir, "log.jsonl"), "--format", "json", "--out", output);
        Assert.True(code is 0 or 1, err);
        ContractSchemas.AssertValid(File.ReadAllText(output));
    }

    [Fact]
    public void Waived_and_expired_exceptions_and_an_unlogged_result_match_the_schema()
    {
        var policy = GateFixtures.Mission with
        {
            Exceptions =
            [
                new ExceptionGrant("fnr-gap-65", ">=65", "AI Governance Committee", "silent-mode pilot", new DateOnly(2026, 12, 31), 40),
                new ExceptionGrant("age-65-size", null, "AI Governance Committee", "old waiver", new DateOnly(2026, 6, 30), 41),
            ],
        };
        var e = GateEvaluator.Evaluate(policy, new GateEvidence(GateFixtures.Heart.Audit, GateFixtures.Heart.File), GateFixtures.Now);
        Assert.Contains(e.Checks, c => c.Status == GateStatus.Waived);
        Assert.Contains(e.ExceptionsUsed, x => x.State == "expired");
        var doc = new GateDocument(ToolBlock.Current, [new InputRef("audit", GateFixtures.Heart.File) { Sha256 = GateJob.Sha256(GateFixtures.Heart.File) }],
            new GatePolicyRef(policy.Name, "policy.yaml", new string('a', 64), "2027-06-30"), e.DecidedAt, e.Outcome, e.Counts, e.Checks, e.ExceptionsUsed, e.Safeguards);
        ContractSchemas.AssertValid(GateContract.Write(doc));
    }

    [Fact]
    public void The_schema_refuses_an_unknown_status_and_a_missing_member()
    {
        var output = Path.Combine(_dir, "gate.json");
        CliRunner.Run("gate", "--policy", GateFixtures.Policy("age-stratified-validation.yaml"), "--audit", GateFixtures.Heart.File,
            "--decisions", Path.Combine(_dir, "log.jsonl"), "--format", "json", "--out", output);
        var schema = ContractSchemas.For(GateContract.Schema);
        var node = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.True(Valid(schema, node));
        node["checks"]![0]!["status"] = "maybe";
        Assert.False(Valid(schema, node));
        var missing = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        missing.Remove("safeguards");
        Assert.False(Valid(schema, missing));
    }

    private static bool Valid(JsonSchema schema, JsonNode node)
    {
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return schema.Evaluate(doc.RootElement).IsValid;
    }
}
