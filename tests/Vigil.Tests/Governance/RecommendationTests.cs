using System.Text.Json;
using Vigil.Contracts.Mitigation;
using Vigil.Tests.Application;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>
/// `vigil mitigate --recommend` on the heart example: the mission policy fails the 65+ FNR gap; the candidates run
/// through vigil mitigate's runner on one held-out split and are ranked by their measured effect. The held-out split
/// is 60% so that the 65+ band keeps 12 patients with and 13 without the condition (at least min-cell 11, so its values
/// are shown).
/// </summary>
public sealed class RecommendationTests : IClassFixture<RecommendationTests.HeartRecommendation>
{
    private const string Features = "cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal";

    private readonly HeartRecommendation _fx;

    public RecommendationTests(HeartRecommendation fx) => _fx = fx;

    /// <summary>Audit, gate (mission policy) and one recommendation of the heart example, shared.</summary>
    public sealed class HeartRecommendation : IDisposable
    {
        private readonly TempDir _tmp = new();

        public HeartRecommendation()
        {
            Audit = _tmp.Combine("audit.json");
            ReportRunner.Audit(TestFiles.Heart, Audit, "--protected", "sex,age", "--bands", "age=45,65");
            Gate = _tmp.Combine("gate.json");
            var (gcode, _, gerr) = CliRunner.Run("gate", "--policy", GateFixtures.Policy("age-stratified-validation.yaml"), "--audit", Audit, "--format", "json", "--out", Gate);
            Assert.True(gcode == 1, $"the mission policy fails the heart example (exit {gcode}): {gerr}");
            Out = _tmp.Combine("recommend");
            (Code, Err) = Run(Out);
            Json = Code == 0 ? File.ReadAllText(Path.Combine(Out, "recommendation.json")) : "";
        }

        public string Audit { get; }

        public string Gate { get; }

        public string Out { get; }

        public int Code { get; }

        public string Err { get; }

        public string Json { get; }

        public (int Code, string Err) Run(string outDir, params string[] extra)
        {
            var (code, _, err) = CliRunner.Run(["mitigate", "--recommend", "--gate", Gate, "--data", TestFiles.Heart, "--label", "disease",
                "--protected", "age", "--bands", "age=45,65", "--features", Features, "--score", "score", "--test-fraction", "0.6",
                "--seed", "20261129", "--bootstrap", "0", "--out", outDir, .. extra]);
            return (code, err);
        }

        public string Scratch(string name) => _tmp.Combine(name);

        public void Dispose() => _tmp.Dispose();
    }

    [Fact]
    public void The_recommendation_conforms_to_its_schema_and_the_schema_is_the_generated_one()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var generated = RecommendationContract.JsonSchema();
        var path = ModelContractSchemas.PathOf(RecommendationContract.Schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));
        ModelContractSchemas.AssertValid(RecommendationContract.Schema, _fx.Json);
    }

    [Fact]
    public void The_rule_is_the_gates_failing_65_plus_fnr_gap_and_every_method_is_ranked()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var doc = RecommendationContract.Read(Path.Combine(_fx.Out, "recommendation.json"));
        Assert.Equal(("gate", "fnr-gap-65", "age", ">=65", "45-64", "fnr", 0.05),
            (doc.Rule.Source, doc.Rule.RuleId, doc.Rule.Attribute, doc.Rule.Group, doc.Rule.Reference, doc.Rule.Metric, doc.Rule.Bound!.Value));
        Assert.Equal(8, doc.Candidates.Count);
        Assert.Equal(Enumerable.Range(1, 8), doc.Candidates.Select(c => c.Rank));
        Assert.Equal(Vigil.Mitigation.MitigationMethods.All.Select(m => m.Name).Order(), doc.Candidates.Select(c => c.Method).Order());
        Assert.Contains(doc.Candidates, c => c.Method == "reweighing" && c.Description.StartsWith("re-training with age-balanced data", StringComparison.Ordinal));
        // One split for all: 60% of each group x label cell held out.
        Assert.Equal((121, 182), (doc.Split.TrainRows, doc.Split.TestRows));
        // Every candidate that ran wrote its vigil.mitigation/v2 file for vigil report --mitigation.
        foreach (var c in doc.Candidates.Where(c => c.NotRun is null))
            ModelContractSchemas.AssertValid(MitigationContract.Schema, File.ReadAllText(Path.Combine(_fx.Out, c.File!)));
        // Effect = gap before - gap after; costs are after - before, on the same held-out rows.
        foreach (var c in doc.Candidates.Where(c => c.After is not null))
        {
            Assert.Equal(doc.Baseline.Gap.Value!.Value - c.After!.Gap.Value!.Value, c.Effect.Value!.Value, 9);
            Assert.Equal(c.After.SelectionRate.Value!.Value - doc.Baseline.SelectionRate.Value!.Value, c.Costs.AlertBurdenChange.Value!.Value, 9);
            if (c.After.Auroc.Value is double a) Assert.Equal(a - doc.Baseline.Auroc.Value!.Value, c.Costs.AurocChange.Value!.Value, 9);
            else Assert.Null(c.Costs.AurocChange.Value);
        }
        // The measured values (heart example, seed 20261129, 60% held out), best first.
        Assert.Equal(-0.040, doc.Baseline.Gap.Value!.Value, 3);
        Assert.Equal(0.893, doc.Baseline.Auroc.Value!.Value, 3);
        Assert.Equal(0.434, doc.Baseline.SelectionRate.Value!.Value, 3);
        Assert.Equal(["calibrated-eq-odds", "reject-option", "exponentiated-gradient", "reweighing", "grid-search", "threshold-optimizer", "correlation-remover", "di-remover"],
            doc.Candidates.Select(c => c.Method));
        var ceo = doc.Candidates[0];
        Assert.Equal((0.071, 0.209, -0.087, 0.096), (Math.Round(ceo.Effect.Value!.Value, 3), Math.Round(ceo.Costs.AlertBurdenChange.Value!.Value, 3),
            Math.Round(ceo.Costs.AurocChange.Value!.Value, 3), Math.Round(ceo.Costs.SensitivityChange.Value!.Value, 3)));
        Assert.Equal(0.138, ceo.After!.Gap.Ci![1], 3);
        Assert.True(doc.Candidates[^1].LevellingDown && doc.Candidates[^2].LevellingDown);
    }

    [Fact]
    public void The_ranking_and_the_numbers_are_the_same_on_a_second_run()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var again = _fx.Scratch("again");
        var (code, err) = _fx.Run(again);
        Assert.True(code == 0, err);
        static string Strip(string json) => JsonDocument.Parse(json).RootElement.GetProperty("candidates").GetRawText();
        Assert.Equal(Strip(_fx.Json), Strip(File.ReadAllText(Path.Combine(again, "recommendation.json"))));
    }

    [Fact]
    public void Markdown_lists_the_ranked_methods_with_their_costs()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var md = File.ReadAllText(Path.Combine(_fx.Out, "recommendation.md"));
        var doc = RecommendationContract.Read(Path.Combine(_fx.Out, "recommendation.json"));
        Assert.StartsWith("# Mitigation recommendation: age = >=65\n", md, StringComparison.Ordinal);
        foreach (var c in doc.Candidates) Assert.Contains($"| {c.Rank} | {c.Method} |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_held_out_group_is_suppressed_in_both_outputs()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var dir = _fx.Scratch("small");
        var (code, _, err) = CliRunner.Run("mitigate", "--recommend", "--gate", _fx.Gate, "--data", TestFiles.Heart, "--label", "disease",
            "--protected", "age", "--bands", "age=45,65", "--score", "score", "--test-fraction", "0.3", "--seed", "20261129", "--bootstrap", "0", "--out", dir);
        Assert.True(code == 0, err);
        var doc = RecommendationContract.Read(Path.Combine(dir, "recommendation.json"));
        Assert.Null(doc.Baseline.Gap.Value);
        Assert.StartsWith("suppressed", doc.Baseline.Gap.Reason, StringComparison.Ordinal);
        Assert.All(doc.Candidates.Where(c => c.After is not null), c => Assert.Null(c.After!.GroupSensitivity.Value));
        Assert.All(doc.Candidates, c => Assert.Null(c.Effect.Value));
        // Only the score column: only the post-processing methods ran.
        Assert.Equal(["calibrated-eq-odds", "reject-option", "threshold-optimizer"], doc.Candidates.Where(c => c.NotRun is null).Select(c => c.Method).Order());
        var md = File.ReadAllText(Path.Combine(dir, "recommendation.md"));
        Assert.Contains("suppressed", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_and_recommend_together_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("mitigate", "--recommend", "--method", "reweighing", "--data", TestFiles.Heart, "--label", "disease",
            "--protected", "age", "--bands", "age=45,65", "--features", Features, "--out", _fx.Scratch("x"));
        Assert.Equal(2, code);
        Assert.Contains("--method", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_can_come_from_the_audit_and_must_match_the_protected_attribute()
    {
        Assert.True(_fx.Code == 0, _fx.Err);
        var dir = _fx.Scratch("from-audit");
        var (code, _, err) = CliRunner.Run("mitigate", "--recommend", "--audit", _fx.Audit, "--group", "age=>=65", "--data", TestFiles.Heart, "--label", "disease",
            "--protected", "age", "--bands", "age=45,65", "--features", Features, "--test-fraction", "0.6", "--seed", "20261129", "--bootstrap", "0", "--out", dir);
        Assert.True(code == 0, err);
        var doc = RecommendationContract.Read(Path.Combine(dir, "recommendation.json"));
        Assert.Equal(("audit", null, "age", ">=65", "45-64", "fnr"), (doc.Rule.Source, doc.Rule.RuleId, doc.Rule.Attribute, doc.Rule.Group, doc.Rule.Reference, doc.Rule.Metric));
        // The same split and the same candidates as from the gate: the same ranking.
        var fromGate = RecommendationContract.Read(Path.Combine(_fx.Out, "recommendation.json"));
        Assert.Equal(fromGate.Candidates.Select(c => c.Method), doc.Candidates.Select(c => c.Method));

        (code, _, err) = CliRunner.Run("mitigate", "--recommend", "--gate", _fx.Gate, "--data", TestFiles.Heart, "--label", "disease",
            "--protected", "sex", "--features", Features, "--out", _fx.Scratch("wrong"));
        Assert.Equal(2, code);
        Assert.Contains("the rule is about 'age'", err, StringComparison.Ordinal);
    }
}
