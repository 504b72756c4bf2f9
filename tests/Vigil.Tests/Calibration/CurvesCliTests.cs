using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Calibration;

/// <summary>`vigil audit --curves` through the real command line on the heart example.</summary>
public sealed class CurvesCliTests
{
    private static readonly string[] HeartAudit =
    [
        "audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score", "--protected", "sex,age",
        "--bands", "age=45,65", "--intersections", "sex*age",
    ];

    private static readonly Lazy<JsonDocument> Heart = new(() =>
        CliRunner.Json([.. HeartAudit, "--curves", "--dca-thresholds", "0.05:0.5:0.01", "--min-cell", "16", "--bootstrap", "20"]));

    [Fact]
    public void Curves_section_has_the_documented_shape()
    {
        var root = Heart.Value.RootElement;
        var curves = root.GetProperty("curves");
        Assert.Equal(20, curves.GetProperty("settings").GetProperty("bootstrap").GetInt32());
        var overall = curves.GetProperty("overall");
        Assert.Equal(root.GetProperty("rows").GetInt32(), overall.GetProperty("n").GetInt32());
        CheckGroup(overall);

        var byAttribute = curves.GetProperty("by_attribute");
        foreach (var grouping in root.GetProperty("attributes").EnumerateArray())
        {
            var name = grouping.GetProperty("name").GetString()!;
            var auditGroups = grouping.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToArray();
            var curveGroups = byAttribute.GetProperty(name).EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(auditGroups, curveGroups); // same keys, same order
            foreach (var g in grouping.GetProperty("groups").EnumerateArray())
            {
                var c = byAttribute.GetProperty(name).GetProperty(g.GetProperty("group").GetString()!);
                var n = g.GetProperty("n").GetInt32();
                Assert.Equal(n, c.GetProperty("n").GetInt32());
                if (n < 16)
                {
                    Assert.True(c.GetProperty("suppressed").GetBoolean());
                    Assert.Equal(["n", "suppressed"], c.EnumerateObject().Select(p => p.Name).ToArray());
                }
                else
                {
                    Assert.False(c.GetProperty("suppressed").GetBoolean());
                    CheckGroup(c);
                }
            }
        }
        // F*<45 (15 rows) is suppressed at --min-cell 16.
        Assert.True(byAttribute.GetProperty("sex*age").GetProperty("F*<45").GetProperty("suppressed").GetBoolean());
    }

    private static void CheckGroup(JsonElement g)
    {
        var roc = g.GetProperty("roc");
        var fpr = roc.GetProperty("fpr").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.InRange(fpr.Length, 2, 201);
        Assert.Equal(fpr.Length, roc.GetProperty("sensitivity").GetArrayLength());
        Assert.Equal(fpr.Length, roc.GetProperty("threshold").GetArrayLength());
        var calibration = g.GetProperty("calibration");
        foreach (var curve in new[] { "uniform", "quantile" })
        {
            var c = calibration.GetProperty(curve);
            var count = c.GetProperty("count").EnumerateArray().Sum(e => e.GetInt64());
            Assert.Equal(g.GetProperty("n").GetInt64(), count);
            Assert.Equal(c.GetProperty("count").GetArrayLength(), c.GetProperty("observed").GetArrayLength());
            Assert.Equal(c.GetProperty("count").GetArrayLength(), c.GetProperty("mean_predicted").GetArrayLength());
        }
        foreach (var metric in new[] { "brier", "ece", "mce", "oe_ratio", "citl", "slope", "intercept" })
        {
            var m = calibration.GetProperty(metric);
            Assert.True(m.TryGetProperty("value", out _) && m.TryGetProperty("ci", out _) && m.TryGetProperty("reason", out _), metric);
            if (m.GetProperty("value").ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.String, m.GetProperty("reason").ValueKind);
        }
        var decision = g.GetProperty("decision_curve");
        var thresholds = decision.GetProperty("threshold").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(46, thresholds.Length);
        Assert.Equal(0.05, thresholds[0]);
        Assert.Equal(0.5, thresholds[^1]);
        Assert.Equal(46, decision.GetProperty("net_benefit").GetArrayLength());
        Assert.Equal(46, decision.GetProperty("treat_all").GetArrayLength());
    }

    [Fact]
    public void Without_curves_the_audit_is_unchanged()
    {
        // The same --bootstrap for both: the curves add their block and change nothing else.
        var (code, plain, err) = CliRunner.Run([.. HeartAudit, "--format", "json", "--bootstrap", "0"]);
        Assert.True(code == 0, err);
        var (code2, withCurves, err2) = CliRunner.Run([.. HeartAudit, "--format", "json", "--curves", "--bootstrap", "0"]);
        Assert.True(code2 == 0, err2);
        Assert.DoesNotContain("\"curves\"", plain, StringComparison.Ordinal);
        var node = JsonNode.Parse(withCurves)!.AsObject();
        Assert.True(node.Remove("curves"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(plain), node));
    }

    [Fact]
    public void Heart_slope_by_sex_is_defined_and_citl_agrees_with_o_over_e()
    {
        var sex = Heart.Value.RootElement.GetProperty("curves").GetProperty("by_attribute").GetProperty("sex");
        foreach (var group in new[] { "F", "M" })
        {
            var c = sex.GetProperty(group).GetProperty("calibration");
            var slope = c.GetProperty("slope");
            Assert.InRange(slope.GetProperty("value").GetDouble(), 0.5, 2);
            Assert.Equal("bootstrap_percentile", slope.GetProperty("ci_method").GetString());
            // Both measure calibration-in-the-large: O/E above 1 ⇔ CITL above 0.
            Assert.Equal(c.GetProperty("oe_ratio").GetProperty("value").GetDouble() > 1, c.GetProperty("citl").GetProperty("value").GetDouble() > 0);
        }
    }

    [Theory]
    [InlineData("0.5:0.1:0.01")]
    [InlineData("0:0.5:0.01")]
    [InlineData("0.1:1:0.01")]
    [InlineData("0.1:0.5")]
    [InlineData("a:b:c")]
    [InlineData("0.1:0.5:-0.1")]
    public void Malformed_dca_thresholds_are_a_usage_error(string spec)
    {
        var (code, output, err) = CliRunner.Run([.. HeartAudit, "--format", "json", "--curves", "--dca-thresholds", spec]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"--dca-thresholds '{spec}': expected START:END:STEP", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_need_a_score_json_and_dca_needs_curves()
    {
        var (code, _, err) = CliRunner.Run([.. HeartAudit, "--format", "json", "--dca-thresholds", "0.1:0.5:0.1"]);
        Assert.Equal(2, code);
        Assert.Contains("--dca-thresholds applies to --curves", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run([.. HeartAudit, "--curves"]);
        Assert.Equal(2, code);
        Assert.Contains("--format json", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--prediction", "disease", "--protected", "sex",
            "--curves", "--format", "json");
        Assert.Equal(2, code);
        Assert.Contains("--curves needs --score", err, StringComparison.Ordinal);
    }
}
