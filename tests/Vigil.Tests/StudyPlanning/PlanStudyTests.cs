using System.Text.Json;
using Vigil.Core;
using Vigil.Core.StudyPlanning;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.StudyPlanning;

public sealed class PlanStudyTests
{
    [Fact]
    public void Normal_quantiles_are_mathnets()
    {
        // Python's statistics.NormalDist().inv_cdf gives the same to 1e-15.
        Assert.Equal(1.9599639845400536, SampleSize.TwoSidedZ(0.95), 12);
        Assert.Equal(1.6448536269514715, SampleSize.TwoSidedZ(0.90), 12);
        var plan = SampleSize.TwoProportions(0.9, 0.8, 0.05, 0.8, 1, 0.5, 0.5);
        Assert.Equal(0.8416212335729144, plan.ZBeta, 12);
        Assert.Equal(1.9599639845400536, plan.ZAlpha, 12);
    }

    [Fact]
    public void Buderer_precision_matches_hand_computation()
    {
        // Buderer (1996): Se 0.90 within ±0.10 at 95%: 1.959964² · 0.9 · 0.1 / 0.1² = 34.573 → 35 positives;
        // with prevalence 0.10, 345.73 → 346 patients.
        var a = SampleSize.Sensitivity(0.90, 0.10, 0.10);
        Assert.Equal(34.57312938624711, a.Cases.Exact, 9);
        Assert.Equal(35, a.Cases.Whole);
        Assert.Equal(346, a.Patients.Whole);
        // Se 0.90 within ±0.05, prevalence 0.10: 3.841459 · 0.09 / 0.0025 / 0.1 = 1382.93 → 1383 patients
        // (the case Hajian-Tilaki 2014, J Biomed Inform 48:193, tabulates with the same formula).
        Assert.Equal(1383, SampleSize.Sensitivity(0.90, 0.05, 0.10).Patients.Whole);
        // The brief's example: Se 0.85, ±0.05, prevalence 0.12: 195.91 → 196 positives, 1632.6 → 1633 patients.
        var b = SampleSize.Sensitivity(0.85, 0.05, 0.12);
        Assert.Equal(196, b.Cases.Whole);
        Assert.Equal(1633, b.Patients.Whole);
        // Specificity 0.70, ±0.05, prevalence 0.12: 3.841459 · 0.21 / 0.0025 = 322.68 → 323 negatives; / 0.88 = 366.7 → 367.
        var c = SampleSize.Specificity(0.70, 0.05, 0.12);
        Assert.Equal(323, c.Cases.Whole);
        Assert.Equal(367, c.Patients.Whole);
    }

    [Fact]
    public void Fleiss_two_proportions_match_hand_computation()
    {
        // p1 0.8 vs p2 0.9, two-sided alpha 0.05, power 0.80, equal groups (Fleiss, Levin and Paik 2003, eqs. 4.14 and 4.19):
        // p̄ = 0.85; n′ = [1.959964·√(2·0.85·0.15) + 0.841621·√(0.16 + 0.09)]² / 0.1² = 198.963 → 199 per group;
        // with continuity correction n = n′/4·[1 + √(1 + 4/(n′·0.1))]² = 218.506 → 219 per group.
        var plan = SampleSize.TwoProportions(0.8, 0.9, 0.05, 0.8, 1, 0.2, 0.1);
        Assert.Equal(198.96341328433107, plan.Uncorrected.Cases1.Exact, 8);
        Assert.Equal(218.50575944374327, plan.Corrected.Cases1.Exact, 8);
        Assert.Equal(199, plan.Uncorrected.Cases2.Whole);
        Assert.Equal(219, plan.Corrected.Cases1.Whole);
        // Patients: positives / prevalence of each group: 218.506/0.2 → 1093, 218.506/0.1 → 2186.
        Assert.Equal(1093, plan.Corrected.Patients1.Whole);
        Assert.Equal(2186, plan.Corrected.Patients2.Whole);
        // Symmetric in the direction of the gap; with r = 2: p̄ = (0.9 + 2·0.8)/3, n′ = 154.159, n = 168.825 → 169 and 338.
        var r2 = SampleSize.TwoProportions(0.9, 0.8, 0.05, 0.8, 2, 0.5, 0.5);
        Assert.Equal(154.15864429281956, r2.Uncorrected.Cases1.Exact, 8);
        Assert.Equal(169, r2.Corrected.Cases1.Whole);
        Assert.Equal(338, r2.Corrected.Cases2.Whole);
    }

    [Fact]
    public void Bad_values_are_usage_errors()
    {
        Assert.Equal(FailureKind.Usage, Assert.Throws<VigilException>(() => SampleSize.Sensitivity(1.2, 0.05, 0.1)).Kind);
        Assert.Equal(FailureKind.Usage, Assert.Throws<VigilException>(() => SampleSize.Sensitivity(0.8, 0, 0.1)).Kind);
        Assert.Equal(FailureKind.Usage, Assert.Throws<VigilException>(() => SampleSize.TwoProportions(0.8, 0.8, 0.05, 0.8, 1, 0.1, 0.1)).Kind);
    }

    [Fact]
    public void Cli_plans_sensitivity_specificity_and_gap_as_json()
    {
        using var doc = CliRunner.Json("plan-study", "--sensitivity", "0.85", "--width", "0.05", "--prevalence", "0.12", "--specificity", "0.7",
            "--gap", "0.1", "--prevalence-group2", "0.08");
        var root = doc.RootElement;
        Assert.Equal("vigil.study-plan/v2", root.GetProperty("schema").GetString());
        Assert.Equal(196, root.GetProperty("sensitivity").GetProperty("cases").GetInt32());
        Assert.Equal(1633, root.GetProperty("sensitivity").GetProperty("patients").GetInt32());
        Assert.Equal(367, root.GetProperty("specificity").GetProperty("patients").GetInt32());
        Assert.Equal(1633, root.GetProperty("patients").GetInt32());
        var gap = root.GetProperty("gap");
        Assert.Equal(0.75, gap.GetProperty("sensitivity_group2").GetDouble(), 12);
        Assert.Equal(0.08, gap.GetProperty("prevalence_group2").GetDouble());
        var cc = gap.GetProperty("continuity_corrected");
        Assert.True(cc.GetProperty("positives_group1").GetInt32() > gap.GetProperty("uncorrected").GetProperty("positives_group1").GetInt32());
        Assert.Equal(cc.GetProperty("patients_group1").GetInt32() + cc.GetProperty("patients_group2").GetInt32(), cc.GetProperty("patients_total").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("groups").ValueKind);
    }

    [Fact]
    public void Cli_plans_each_group_of_an_audit()
    {
        using var dir = new TempDir();
        var audit = dir.Combine("audit.json");
        var (code, _, err) = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score",
            "--protected", "sex", "--format", "json", "--out", audit);
        Assert.True(code == 0, err);
        var md = dir.Combine("plan.md");
        (code, _, err) = CliRunner.Run("plan-study", "--groups-from", audit, "--width", "0.1", "--gap", "0.1", "--out", md);
        Assert.True(code == 0, err);
        Assert.Contains("sex=F", File.ReadAllText(md), StringComparison.Ordinal);

        using var doc = CliRunner.Json("plan-study", "--groups-from", audit, "--width", "0.1", "--gap", "0.1");
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        using var auditDoc = JsonDocument.Parse(File.ReadAllText(audit));
        foreach (var g in groups)
        {
            var label = g.GetProperty("group").GetString();
            var source = auditDoc.RootElement.GetProperty("attributes")[0].GetProperty("groups").EnumerateArray()
                .Single(x => x.GetProperty("group").GetString() == label);
            var se = source.GetProperty("metrics").GetProperty("sensitivity").GetProperty("value").GetDouble();
            var prev = source.GetProperty("metrics").GetProperty("prevalence").GetProperty("value").GetDouble();
            var expected = SampleSize.Sensitivity(se, 0.1, prev);
            Assert.Equal(expected.Patients.Whole, g.GetProperty("precision").GetProperty("patients").GetInt64());
            Assert.Equal(source.GetProperty("positives").GetInt64() >= expected.Cases.Whole, g.GetProperty("observed_positives_sufficient").GetBoolean());
            var isReference = label == g.GetProperty("reference_group").GetString();
            Assert.Equal(isReference ? JsonValueKind.Null : JsonValueKind.Object, g.GetProperty("gap").ValueKind);
            if (!isReference)
            {
                var gap = g.GetProperty("gap");
                var reference = auditDoc.RootElement.GetProperty("attributes")[0].GetProperty("groups").EnumerateArray()
                    .Single(x => x.GetProperty("group").GetString() == g.GetProperty("reference_group").GetString());
                var referenceSe = reference.GetProperty("metrics").GetProperty("sensitivity").GetProperty("value").GetDouble();
                Assert.Equal(referenceSe, gap.GetProperty("sensitivity_group1").GetDouble(), 12);
                Assert.Equal(referenceSe - 0.1, gap.GetProperty("sensitivity_group2").GetDouble(), 12);
                Assert.Equal(prev, gap.GetProperty("prevalence_group2").GetDouble(), 12);
            }
        }
    }

    [Fact]
    public void Cli_rejects_bad_requests()
    {
        var (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "0.85", "--prevalence", "0.12");
        Assert.Equal(2, code);
        Assert.Contains("--width", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "1.5", "--width", "0.05", "--prevalence", "0.12");
        Assert.Equal(2, code);
        Assert.Contains("strictly between 0 and 1", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "0.05", "--gap", "0.1", "--prevalence", "0.12");
        Assert.Equal(2, code);
        Assert.Contains("must stay above 0", err, StringComparison.Ordinal);
        using var dir = new TempDir();
        var notAudit = dir.File("x.json", "{\"schema\": \"vigil.drift/v1\"}");
        (code, _, err) = CliRunner.Run("plan-study", "--groups-from", notAudit, "--width", "0.05");
        Assert.Equal(3, code);
        Assert.Contains("expected a vigil.audit/v2 document, found schema vigil.drift/v1", err, StringComparison.Ordinal);
    }
}
