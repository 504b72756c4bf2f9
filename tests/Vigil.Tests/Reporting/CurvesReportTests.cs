using System.Text.Json.Nodes;
using System.Xml.Linq;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Sections;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// ROC, reliability and decision curves from the audit's "curves" block. The audit side (vigil audit --curves) lands
/// separately, so the block is written here by hand into the heart audit, in the agreed shape.
/// </summary>
public sealed class CurvesReportTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static JsonObject M(double value, double lo, double hi) =>
        new() { ["value"] = value, ["ci"] = new JsonArray(lo, hi), ["reason"] = null, ["ci_method"] = "bootstrap_percentile" };

    private static JsonArray A(params double[] xs) => new(xs.Select(x => (JsonNode)x).ToArray());

    /// <summary>One group's curves; <paramref name="shift"/> makes groups differ.</summary>
    private static JsonObject Group(int n, double shift, bool withRoc = true) => new()
    {
        ["n"] = n,
        ["suppressed"] = false,
        ["roc"] = withRoc ? new JsonObject { ["fpr"] = A(0, 0.1, 0.3, 1), ["sensitivity"] = A(0, 0.6 + shift, 0.9, 1), ["threshold"] = A(1, 0.7, 0.4, 0) } : null,
        ["roc_reason"] = withRoc ? null : "only one class in the group",
        ["calibration"] = new JsonObject
        {
            ["uniform"] = new JsonObject { ["mean_predicted"] = A(0.1, 0.3, 0.5, 0.7, 0.9), ["observed"] = A(0.08, 0.35 + shift, 0.5, 0.77, 0.85), ["count"] = A(60, 50, 40, 5, 80) },
            ["quantile"] = new JsonObject { ["mean_predicted"] = A(0.2, 0.6), ["observed"] = A(0.2, 0.6), ["count"] = A(100, 100) },
            ["brier"] = M(0.12 + shift, 0.1, 0.14),
            ["ece"] = M(0.043 + shift, 0.021, 0.071),
            ["mce"] = M(0.09, 0.05, 0.2),
            ["oe_ratio"] = M(1.02, 0.9, 1.15),
            ["citl"] = M(0.01, -0.2, 0.22),
            ["slope"] = M(0.912 + shift, 0.801, 1.034),
            ["intercept"] = M(-0.05, -0.3, 0.2),
        },
        ["decision_curve"] = new JsonObject
        {
            ["threshold"] = A(0.1, 0.2, 0.3, 0.5, 0.7),
            ["net_benefit"] = A(0.40, 0.35 + shift, 0.30, 0.20, 0.05),
            ["treat_all"] = A(0.42, 0.34, 0.25, 0.08, -0.5),
        },
    };

    private JsonNode AuditWithCurves()
    {
        var json = JsonNode.Parse(File.ReadAllText(heart.AuditJson))!;
        json["curves"] = new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["bins"] = 10, ["bootstrap"] = 200, ["seed"] = 20240601, ["confidence"] = 0.95, ["min_cell"] = 11, ["max_roc_points"] = 200, ["probability_clamp"] = 1e-15,
            },
            ["overall"] = Group(303, 0),
            ["by_attribute"] = new JsonObject
            {
                ["sex"] = new JsonObject { ["F"] = Group(97, 0.05), ["M"] = Group(206, 0) },
                ["sex*age"] = new JsonObject
                {
                    ["F*<45"] = new JsonObject { ["n"] = 15, ["suppressed"] = true },
                    ["M*<45"] = Group(40, 0.02, withRoc: false),
                    ["M*45-64"] = Group(142, 0.01),
                },
            },
        };
        return json;
    }

    private (string Dir, Dictionary<string, string> Files) Report(JsonNode audit, string name)
    {
        var path = heart.Scratch(name + ".json");
        File.WriteAllText(path, audit.ToJsonString());
        var dir = heart.Scratch(name);
        var (code, err) = ReportRunner.Report("--audit", path, "--out", dir);
        Assert.True(code == 0, $"report exit {code}: {err}");
        return (dir, ReportRunner.Files(dir));
    }

    private static string Desc(string svg) => XDocument.Parse(svg).Root!.Element(Svg + "desc")!.Value;

    [Fact]
    public void Curves_are_charted_by_group_with_numeric_alt_text_and_linked_from_markdown()
    {
        var (_, files) = Report(AuditWithCurves(), "curves");
        foreach (var panel in new[] { "overall", "sex", "sex-age" })
            foreach (var kind in new[] { "roc", "calibration", "decision-curve" })
            {
                var chart = $"charts/{kind}-{panel}.svg";
                if (kind == "roc" && panel == "sex-age") continue; // checked below: one group has no ROC, the other one has
                Assert.True(files.ContainsKey(chart), $"missing {chart}");
                Assert.Contains($"]({chart})", files["report.md"]);
            }
        var roc = Desc(files["charts/roc-sex.svg"]);
        // AUROC with its interval comes from the audit's own metrics of each group.
        var audit = JsonNode.Parse(File.ReadAllText(heart.AuditJson))!;
        foreach (var (group, n) in new[] { ("F", 97), ("M", 206) })
        {
            var auroc = audit["attributes"]![0]!["groups"]!.AsArray().Single(g => (string?)g!["group"] == group)!["metrics"]!["auroc"]!;
            static string F3(JsonNode x) => x.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{group} AUROC {F3(auroc["value"]!)} (95% CI {F3(auroc["ci"]![0]!)}–{F3(auroc["ci"]![1]!)}), n {n}", roc);
        }
        Assert.Contains("diagonal", roc);

        var calibration = Desc(files["charts/calibration-sex.svg"]);
        // The synthetic ECE lies above its interval: the interval says so (IntervalRuleTests).
        Assert.Contains("F: ECE 0.093 (0.021–0.071; estimate outside its interval), slope 0.962 (0.801–1.034)", calibration);
        Assert.Contains("0.30 → 0.40", calibration); // F's second bin
        Assert.Contains("perfect calibration", files["charts/calibration-sex.svg"]);
        // The bin of 5 patients is a small cell: not plotted and not described.
        Assert.DoesNotContain("0.70 → 0.77", calibration);
        Assert.Contains("bins with fewer than 11 patients are not plotted", calibration);

        var decision = Desc(files["charts/decision-curve-sex.svg"]);
        Assert.Contains("F: the model beats treat-all and treat-none at thresholds 0.20–0.70 of the 0.10–0.70 grid; not at 0.10 (net benefit at or below a default there)", decision);
        Assert.Contains("at 0.50 model 0.200 vs treat-all 0.080", decision);
        Assert.Contains("treat none", files["charts/decision-curve-sex.svg"]);
        Assert.Contains("treat all", files["charts/decision-curve-sex.svg"]);
    }

    [Fact]
    public void Calibration_table_shows_every_metric_with_its_interval_and_suppressed_groups_only_a_note()
    {
        var (_, files) = Report(AuditWithCurves(), "curves-table");
        var md = files["report.md"];
        var row = md.Split('\n').Single(l => l.StartsWith("| sex = F |", StringComparison.Ordinal) && l.Contains("0.962", StringComparison.Ordinal));
        Assert.Equal("| sex = F | 97 | 0.170 (0.100–0.140; estimate outside its interval) | 0.093 (0.021–0.071; estimate outside its interval) | 0.090 (0.050–0.200) | 1.020 (0.900–1.150) | 0.010 (−0.200–0.220) | 0.962 (0.801–1.034) | −0.050 (−0.300–0.200) |", row);
        var suppressed = md.Split('\n').Single(l => l.StartsWith("| sex\\*age = F\\*\\<45 |", StringComparison.Ordinal) && l.Contains("suppressed", StringComparison.Ordinal) && !l.Contains('%', StringComparison.Ordinal) && l.Count(c => c == '|') == 10);
        Assert.DoesNotContain("15", suppressed);
        // F*<45 has 1 positive: M*<45's outcomes would give it by subtraction from the <45 band (docs/suppression.md),
        // so neither has a line in any chart.
        foreach (var kind in new[] { "calibration", "decision-curve" })
        {
            var svg = files[$"charts/{kind}-sex-age.svg"];
            Assert.DoesNotContain("F*&lt;45", svg);
            Assert.DoesNotContain("M*&lt;45", svg);
        }
        Assert.Contains("roc-sex-age.svg", string.Join(",", files.Keys)); // M*45-64 still has its ROC curve
        Assert.DoesNotContain("M*&lt;45", files["charts/roc-sex-age.svg"]);
    }

    [Fact]
    public void Curves_in_html_are_accessible_and_an_audit_without_curves_has_no_curve_section()
    {
        var (_, files) = Report(AuditWithCurves(), "curves-html");
        var html = files["report.html"];
        Assert.Contains("Discrimination, calibration and net benefit by group", html);
        var doc = XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        foreach (var svg in doc.Descendants(Svg + "svg"))
            Assert.False(string.IsNullOrWhiteSpace(svg.Element(Svg + "desc")?.Value));
        Assert.DoesNotContain("Discrimination, calibration", heart.Files["report.html"]);
        Assert.DoesNotContain(heart.Files.Keys, k => k.StartsWith("charts/roc-", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_curves_are_bad_data_naming_the_path()
    {
        var json = AuditWithCurves();
        json["curves"]!["by_attribute"]!["sex"]!["M"]!["roc"]!["sensitivity"] = A(0, 1);
        var path = heart.Scratch("bad-curves.json");
        File.WriteAllText(path, json.ToJsonString());
        var (code, err) = ReportRunner.Report("--audit", path, "--out", heart.Scratch("bad-curves"));
        Assert.Equal(3, code);
        Assert.Contains("$.curves.by_attribute.sex.M.roc.sensitivity: 2 values, expected 4", err);
    }

    [Fact]
    public void Roc_area_is_the_trapezoid_area_and_useful_range_compares_with_both_defaults()
    {
        Assert.Equal(0.5, new RocCurve([0, 1], [0, 1]).Area(), 12);
        Assert.Equal(1.0, new RocCurve([0, 0, 1], [0, 1, 1]).Area(), 12);
        // (0,0) (0.1,0.6) (0.3,0.9) (1,1): 0.1·0.3 + 0.2·0.75 + 0.7·0.95 = 0.845
        Assert.Equal(0.845, new RocCurve([1, 0.3, 0.1, 0], [1, 0.9, 0.6, 0]).Area(), 12);
        Assert.Equal("the model never beats both treat-all and treat-none on the 0.10–0.50 grid",
            CurvesSection.Useful(new DecisionCurve([0.1, 0.5], [0.1, -0.1], [0.2, 0.0])));
    }
}
