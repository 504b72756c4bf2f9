using Xunit;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Vigil.Reporting.Risk;

namespace Vigil.Tests.Reporting;

/// <summary>vigil report on the heart example: every output, Model Card sections, HTML and SVG accessibility, numbers traced to the audit.</summary>
public sealed class HeartReportTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    [Fact]
    public void Writes_every_output()
    {
        foreach (var f in new[] { "report.html", "report.md", "model-card.md", "model-card.chai.xml", "hti1-source-attributes.md", "risk-register.csv", "risk-register.json",
                     "charts/fnr.svg", "charts/sensitivity.svg", "charts/selection-rate.svg", "charts/fnr-heatmap-sex-age.svg" })
            Assert.True(heart.Files.ContainsKey(f), $"missing {f}; wrote {string.Join(", ", heart.Files.Keys)}");
    }

    [Fact]
    public void Model_card_has_every_Mitchell_section_filled_from_the_card()
    {
        var card = heart.Files["model-card.md"];
        foreach (var section in ModelCardStandard.Sections)
            Assert.Contains($"\n## {section}\n", card);
        foreach (var prompt in ModelCardStandard.Prompts)
            Assert.Contains(prompt, card);
        Assert.Contains("### Unitary results", card);
        Assert.Contains("### Intersectional results", card);
        Assert.DoesNotContain("not provided", card);
        Assert.Contains("Heart disease example model", card);
    }

    [Fact]
    public void Model_card_without_a_card_names_the_missing_keys()
    {
        var dir = heart.Scratch("no-card");
        Assert.Equal(0, ReportRunner.Report("--audit", heart.AuditJson, "--out", dir).Code);
        var card = File.ReadAllText(Path.Combine(dir, "model-card.md"));
        foreach (var section in ModelCardStandard.Sections)
            Assert.Contains($"\n## {section}\n", card);
        Assert.Contains("not provided (card.yaml: intended\\_use.primary\\_users)", card);
        Assert.Contains(RiskAssigner.Unassigned, File.ReadAllText(Path.Combine(dir, "risk-register.csv")));
    }

    [Fact]
    public void Html_is_well_formed_self_contained_and_every_chart_has_title_and_desc()
    {
        var html = heart.Files["report.html"];
        var doc = XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        var svgs = doc.Descendants(Svg + "svg").ToList();
        Assert.Equal(4, svgs.Count);
        foreach (var svg in svgs)
        {
            Assert.Equal("img", (string?)svg.Attribute("role"));
            var title = svg.Element(Svg + "title");
            var desc = svg.Element(Svg + "desc");
            Assert.False(string.IsNullOrWhiteSpace(title?.Value));
            Assert.False(string.IsNullOrWhiteSpace(desc?.Value));
            Assert.Equal($"{title!.Attribute("id")!.Value} {desc!.Attribute("id")!.Value}", (string?)svg.Attribute("aria-labelledby"));
        }
        Assert.Empty(doc.Descendants(Xhtml + "script"));
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.Equal("Decision summary", doc.Descendants(Xhtml + "h2").First().Value);
    }

    [Fact]
    public void Markdown_links_the_chart_files_with_alt_text()
    {
        var md = heart.Files["report.md"];
        foreach (var chart in heart.Files.Keys.Where(k => k.StartsWith("charts/", StringComparison.Ordinal)))
            Assert.Matches(@"!\[[^\]]{20,}\]\(" + chart.Replace(".", "\\.", StringComparison.Ordinal) + @"\)", md);
        var fnr = md.IndexOf("charts/fnr.svg", StringComparison.Ordinal);
        Assert.True(fnr < md.IndexOf("charts/sensitivity.svg", StringComparison.Ordinal) && fnr < md.IndexOf("charts/selection-rate.svg", StringComparison.Ordinal));
    }

    [Fact]
    public void Translation_of_women_follows_from_the_audit_numbers()
    {
        using var audit = JsonDocument.Parse(File.ReadAllText(heart.AuditJson));
        var sex = audit.RootElement.GetProperty("attributes")[0];
        JsonElement Group(string label) => sex.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == label);
        double[] Fnr(string label)
        {
            var m = Group(label).GetProperty("metrics").GetProperty("fnr");
            return [m.GetProperty("value").GetDouble(), m.GetProperty("ci")[0].GetDouble(), m.GetProperty("ci")[1].GetDouble()];
        }
        var f = Fnr("F");
        var m = Fnr("M");
        var d = f[0] - m[0];
        var lower = d - Math.Sqrt(Math.Pow(f[0] - f[1], 2) + Math.Pow(m[2] - m[0], 2));
        var upper = d + Math.Sqrt(Math.Pow(f[2] - f[0], 2) + Math.Pow(m[0] - m[1], 2));
        static string W(double x) => Math.Round(x).ToString("0", CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal);
        var md = heart.Files["report.md"];
        // The row of women in the translation table: additional missed per 1,000 positives with Newcombe's interval, then per year.
        var line = md.Split('\n').Single(l => l.Contains("| sex = F | M |", StringComparison.Ordinal));
        Assert.Contains($"| {W(1000 * d)} ({W(1000 * lower)} to {W(1000 * upper)}) |", line);
        var allPositives = audit.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty("positives").GetProperty("value").GetDouble();
        var positivesPerYear = 10000 * 0.1 * Group("F").GetProperty("positives").GetInt32() / allPositives;
        Assert.Contains($"| {(positivesPerYear * d).ToString("0.0", CultureInfo.InvariantCulture)} (", line);
    }

    [Fact]
    public void A_changed_audit_number_changes_every_output_that_shows_it()
    {
        var json = JsonNode.Parse(File.ReadAllText(heart.AuditJson))!;
        var women = json["attributes"]![0]!["groups"]!.AsArray().Single(g => (string?)g!["group"] == "F")!;
        women["metrics"]!["fnr"]!["value"] = 0.4321;
        women["metrics"]!["fnr"]!["ci"] = new JsonArray(0.2468, 0.6543);
        women["tests"]!["fnr_vs_reference"]!["difference"] = 0.4321 - json["attributes"]![0]!["groups"]!.AsArray().Single(g => (string?)g!["group"] == "M")!["metrics"]!["fnr"]!["value"]!.GetValue<double>();
        var changed = heart.Scratch("changed.json");
        File.WriteAllText(changed, json.ToJsonString());
        var dir = heart.Scratch("changed-report");
        Assert.Equal(0, ReportRunner.Report("--audit", changed, "--out", dir).Code);
        var files = ReportRunner.Files(dir);
        foreach (var name in new[] { "report.md", "report.html", "model-card.md", "risk-register.csv", "charts/fnr.svg" })
        {
            Assert.Contains("43.2%", files[name]);
            Assert.DoesNotContain("43.2%", heart.Files[name]);
        }
        Assert.Contains("24.7%–65.4%", files["report.md"]);
    }

    [Fact]
    public void Risk_register_rows_are_complete_and_sorted_by_severity()
    {
        Vigil.Tests.Contracts.ContractSchemas.AssertValid(heart.Files["risk-register.json"]);
        using var doc = JsonDocument.Parse(heart.Files["risk-register.json"]);
        Assert.Equal("vigil.risk-register/v2", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal("audit", doc.RootElement.GetProperty("inputs")[0].GetProperty("role").GetString());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
            foreach (var column in RiskRegisterWriters.Columns)
                Assert.True(row.TryGetProperty(column, out var v) && v.ToString().Length > 0, $"{column} empty");
        var severities = rows.Select(r => r.GetProperty("severity").GetInt32()).ToList();
        Assert.Equal(severities.OrderByDescending(s => s), severities);
        Assert.All(rows, r => Assert.Equal(r.GetProperty("impact").GetInt32() * r.GetProperty("likelihood").GetInt32(), r.GetProperty("severity").GetInt32()));
        Assert.Contains(rows, r => r.GetProperty("kind").GetString() == "fnr_gap" && r.GetProperty("affected_group").GetString() == "sex = F"
            && r.GetProperty("subcategories").GetString()!.Contains("MEASURE 2.11", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("Vigil maintainers (example)", r.GetProperty("owner").GetString()));
        var csv = heart.Files["risk-register.csv"].TrimEnd('\n').Split('\n');
        Assert.Equal(rows.Count + 1, csv.Length);
        Assert.Equal(string.Join(",", RiskRegisterWriters.Columns), csv[0]);
    }
}
