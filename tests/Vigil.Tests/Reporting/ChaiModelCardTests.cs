using Xunit;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>model-card.chai.xml: valid against the CHAI v0.2 XSD, key metrics from the audit as estimate_ci values.</summary>
public sealed class ChaiModelCardTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Mc = "https://mc.chai.org/v0.2/schema.xsd";

    private static Dictionary<string, JsonElement> Results(string xml, string section) =>
        XDocument.Parse(xml).Root!.Element(Mc + "KeyMetrics")!.Element(Mc + section)!.Descendants(Mc + "MetricResult")
            .ToDictionary(r => r.Element(Mc + "Label")!.Value, r => JsonDocument.Parse(r.Element(Mc + "ValueJson")!.Value).RootElement.Clone());

    [Fact]
    public void The_validator_accepts_the_published_example_and_rejects_a_broken_card()
    {
        Assert.Empty(ChaiSchema.Validate(ChaiSchema.File("chai-example-v0.2.xml")));
        var broken = ChaiSchema.File("chai-example-v0.2.xml").Replace("<ModelDeveloper>Aidoc</ModelDeveloper>", "", StringComparison.Ordinal);
        Assert.NotEmpty(ChaiSchema.Validate(broken));
    }

    [Fact]
    public void Heart_card_validates_against_the_xsd()
    {
        var xml = heart.Files["model-card.chai.xml"];
        var messages = ChaiSchema.Validate(xml);
        Assert.True(messages.Count == 0, string.Join("\n", messages));
        Assert.DoesNotContain("Not provided", xml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
    }

    [Fact]
    public void Key_metrics_are_the_audit_numbers_as_estimate_ci()
    {
        using var audit = JsonDocument.Parse(File.ReadAllText(heart.AuditJson));
        var overall = audit.RootElement.GetProperty("overall").GetProperty("metrics");
        var usefulness = Results(heart.Files["model-card.chai.xml"], "UsefulnessUsabilityEfficacy");
        void Check(JsonElement v, JsonElement metric, double scale, int decimals)
        {
            Assert.Equal("estimate_ci", v.GetProperty("kind").GetString());
            Assert.Equal(Math.Round(metric.GetProperty("value").GetDouble() * scale, decimals), v.GetProperty("estimate").GetDouble());
            Assert.Equal(Math.Round(metric.GetProperty("ci")[0].GetDouble() * scale, decimals), v.GetProperty("lower").GetDouble());
            Assert.Equal(Math.Round(metric.GetProperty("ci")[1].GetDouble() * scale, decimals), v.GetProperty("upper").GetDouble());
            Assert.Equal(95, v.GetProperty("level").GetDouble());
        }
        Check(usefulness["AUROC"], overall.GetProperty("auroc"), 1, 4);
        Check(usefulness["Sensitivity (true-positive rate)"], overall.GetProperty("sensitivity"), 100, 2);
        Check(usefulness["Specificity (true-negative rate)"], overall.GetProperty("specificity"), 100, 2);
        Check(usefulness["PPV (positive predictive value)"], overall.GetProperty("ppv"), 100, 2);
        Assert.Equal("%", usefulness["PPV (positive predictive value)"].GetProperty("unit").GetString());

        var sex = audit.RootElement.GetProperty("attributes")[0];
        var women = sex.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "F");
        var safety = Results(heart.Files["model-card.chai.xml"], "SafetyReliability");
        Check(safety["False-negative rate (missed disease): sex = F"], women.GetProperty("metrics").GetProperty("fnr"), 100, 2);

        var fairness = Results(heart.Files["model-card.chai.xml"], "FairnessEquity");
        var gap = fairness.Single(kv => kv.Key.StartsWith("FNR difference vs reference: sex = F vs M", StringComparison.Ordinal)).Value;
        Assert.Equal(Math.Round(women.GetProperty("tests").GetProperty("fnr_vs_reference").GetProperty("difference").GetDouble() * 100, 2), gap.GetProperty("estimate").GetDouble());
        Assert.True(gap.GetProperty("lower").GetDouble() < gap.GetProperty("estimate").GetDouble() && gap.GetProperty("estimate").GetDouble() < gap.GetProperty("upper").GetDouble());
        Check(fairness["FNR difference between groups (largest − smallest): sex"],
            sex.GetProperty("disparities").GetProperty("between_groups").GetProperty("false_negative_rate_difference"), 100, 2);
    }

    [Fact]
    public void A_changed_audit_number_changes_the_xml()
    {
        var json = JsonNode.Parse(File.ReadAllText(heart.AuditJson))!;
        var women = json["attributes"]![0]!["groups"]!.AsArray().Single(g => (string?)g!["group"] == "F")!;
        women["metrics"]!["fnr"]!["value"] = 0.4321;
        women["metrics"]!["fnr"]!["ci"] = new JsonArray(0.2468, 0.6543);
        json["overall"]!["metrics"]!["auroc"]!["value"] = 0.8765;
        var changed = heart.Scratch("chai-changed.json");
        File.WriteAllText(changed, json.ToJsonString());
        var dir = heart.Scratch("chai-changed-report");
        Assert.Equal(0, ReportRunner.Report("--audit", changed, "--card", HeartReportFixture.CardPath, "--out", dir).Code);
        var xml = File.ReadAllText(Path.Combine(dir, "model-card.chai.xml"));
        Assert.Empty(ChaiSchema.Validate(xml));
        foreach (var s in new[] { "\"estimate\":43.21,\"lower\":24.68,\"upper\":65.43", "\"estimate\":0.8765" })
        {
            Assert.Contains(s, xml);
            Assert.DoesNotContain(s, heart.Files["model-card.chai.xml"]);
        }
    }

    [Fact]
    public void Without_a_card_the_xml_still_validates_and_names_the_missing_keys()
    {
        var dir = heart.Scratch("chai-no-card");
        Assert.Equal(0, ReportRunner.Report("--audit", heart.AuditJson, "--out", dir).Code);
        var xml = File.ReadAllText(Path.Combine(dir, "model-card.chai.xml"));
        Assert.Empty(ChaiSchema.Validate(xml));
        Assert.Contains("Not provided (card.yaml: chai.release\\_stage)", xml);
    }

    [Fact]
    public void Suppressed_groups_are_left_out_of_every_result()
    {
        var dir = heart.Scratch("chai-min-cell");
        Assert.Equal(0, ReportRunner.Report("--audit", heart.AuditJson, "--min-cell", "20", "--out", dir).Code);
        var xml = File.ReadAllText(Path.Combine(dir, "model-card.chai.xml"));
        Assert.Empty(ChaiSchema.Validate(xml));
        // Labels are Markdown-escaped ("sex\\*age"); compare them unescaped.
        var labels = XDocument.Parse(xml).Descendants(Mc + "Label").Select(l => l.Value.Replace("\\", "", StringComparison.Ordinal)).ToList();
        // F*<45 and F*>=65 are under 20; M*<45 and M*>=65 are suppressed so that they cannot be derived.
        foreach (var hidden in new[] { "F*<45", "F*>=65", "M*<45", "M*>=65" })
            Assert.DoesNotContain(labels, l => l.Contains(hidden, StringComparison.Ordinal));
        Assert.DoesNotContain(labels, l => l.EndsWith(": sex*age", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.EndsWith(": sex", StringComparison.Ordinal));
        Assert.Contains("False-negative rate (missed disease): sex*age = M*45-64", labels);
    }

    [Fact]
    public void A_prediction_audit_without_scores_still_validates_and_says_why_auroc_is_missing()
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        var (code, _, err) = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--prediction", "prediction", "--protected", "sex",
            "--format", "json", "--out", json);
        Assert.True(code == 0, err);
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--card", HeartReportFixture.CardPath, "--out", dir).Code);
        var xml = File.ReadAllText(Path.Combine(dir, "model-card.chai.xml"));
        Assert.Empty(ChaiSchema.Validate(xml));
        var auroc = Results(xml, "UsefulnessUsabilityEfficacy").Single(kv => kv.Key.StartsWith("AUROC (n/a", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, auroc.Value.GetProperty("value").ValueKind);
        Assert.Equal("single", auroc.Value.GetProperty("kind").GetString());
    }
}
