using System.Text.Json.Nodes;
using System.Xml.Linq;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>The drift section (--drift), the datasheet (--data-audit, --datasheet) and Markdown escaping of names and card text.</summary>
public sealed class DriftDatasheetReportTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Mc = "https://mc.chai.org/v0.2/schema.xsd";

    private string DriftJson()
    {
        var path = heart.Scratch($"drift-{Guid.NewGuid():N}.json");
        var (code, _, err) = CliRunner.Run("drift", "--reference-data", TestFiles.Golden("fx_drift_ref.csv"), "--current-data", TestFiles.Golden("fx_drift_cur.csv"), "--format", "json", "--out", path);
        Assert.True(code == 0, $"drift exit {code}: {err}");
        return path;
    }

    [Fact]
    public void Drift_section_has_the_verdict_the_drifted_columns_and_their_histograms()
    {
        var driftPath = DriftJson();
        var drift = JsonNode.Parse(File.ReadAllText(driftPath))!;
        var dir = heart.Scratch("drift-report");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--drift", driftPath, "--out", dir);
        Assert.True(code == 0, $"report exit {code}: {err}");
        var files = ReportRunner.Files(dir);
        var md = files["report.md"];
        var dataset = drift["dataset_drift"]!;
        Assert.Contains("## Data drift", md);
        Assert.Contains($"{(dataset["drift_detected"]!.GetValue<bool>() ? "Dataset drift detected" : "No dataset drift")}: {dataset["drifted_columns"]} of {dataset["columns"]} columns drifted", md);
        var drifted = drift["columns"]!.AsArray().Where(c => c!["drift_detected"]?.GetValue<bool>() == true).ToList();
        Assert.NotEmpty(drifted);
        foreach (var c in drifted)
        {
            var name = c!["column"]!.GetValue<string>();
            var test = c["drift_test"]!.GetValue<string>();
            var score = c["score"]!["value"]!.GetValue<double>().ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
            var threshold = c["tests"]![test]!["threshold"]!.GetValue<double>().ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
            var escaped = name.Replace("_", "\\_", StringComparison.Ordinal);
            Assert.Contains($"| {escaped} | {c["type"]} | feature | {test} | {score} | {threshold} |", md);
            var chart = $"charts/drift-{name}.svg";
            Assert.True(files.ContainsKey(chart), $"missing {chart}");
            var desc = XDocument.Parse(files[chart]).Root!.Element(Svg + "desc")!.Value;
            Assert.Contains($"{test} score {score} against threshold {threshold}", desc);
            // The first bin's shares, as the drift JSON gives them.
            var first = $"{(c["histogram"]!["reference"]![0]!.GetValue<double>() * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}% vs "
                + $"{(c["histogram"]!["current"]![0]!.GetValue<double>() * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%";
            Assert.True(desc.Contains(first, StringComparison.Ordinal) || desc.Contains("masked", StringComparison.Ordinal), $"{name}: {desc}");
            Assert.Contains($"]({chart})", md);
        }
        // Columns without drift have no histogram.
        Assert.DoesNotContain("charts/drift-num_stable_normal.svg", files.Keys);
        Assert.Contains("Data drift", files["report.html"]);
    }

    [Fact]
    public void A_drift_file_of_the_wrong_schema_is_bad_data()
    {
        var dir = heart.Scratch("drift-wrong");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--drift", heart.AuditJson, "--out", dir);
        Assert.Equal(3, code);
        Assert.Contains("expected a vigil.drift/v2 document, found schema vigil.audit/v2", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Data_audit_writes_a_datasheet_with_every_section_linked_from_the_report()
    {
        var audit = heart.Scratch("data-audit.json");
        var (code, _, err) = CliRunner.Run("data-audit", "--data", TestFiles.Heart, "--label", "disease", "--positive-label", "1", "--protected", "sex,age", "--bands", "age=45,65",
            "--features", "trestbps,chol,thalach,oldpeak", "--format", "json", "--out", audit);
        Assert.True(code == 0, $"data-audit exit {code}: {err}");
        var yaml = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "datasheet.yaml");
        var dir = heart.Scratch("datasheet-report");
        (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--data-audit", audit, "--datasheet", yaml, "--out", dir);
        Assert.True(code == 0, $"report exit {code}: {err}");
        var sheet = File.ReadAllText(Path.Combine(dir, "datasheet.md"));
        foreach (var section in new[] { "Motivation", "Composition", "Collection process", "Preprocessing / cleaning / labeling", "Uses", "Distribution", "Maintenance" })
            Assert.Contains($"\n## {section}", sheet);
        var rows = JsonNode.Parse(File.ReadAllText(audit))!["rows"]!.GetValue<int>();
        Assert.Contains($"- *Measured:* {rows} instances.", sheet);
        Assert.Contains("Collected for the international validation", sheet); // narrative from datasheet.yaml
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<a href=\"datasheet.md\">datasheet.md</a>", html);
        Assert.Contains("Datasheet for the data", html);
        Assert.Contains("[datasheet.md](datasheet.md)", File.ReadAllText(Path.Combine(dir, "report.md")));
        Assert.False(heart.Files.ContainsKey("datasheet.md"));
    }

    [Fact]
    public void Datasheet_without_data_audit_is_a_usage_error()
    {
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--datasheet", heart.AuditJson, "--out", heart.Scratch("sheet-alone"));
        Assert.Equal(2, code);
        Assert.Contains("--datasheet needs the data audit", err);
    }

    [Fact]
    public void Markdown_characters_in_group_names_and_card_text_render_literally()
    {
        var card = File.ReadAllText(HeartReportFixture.CardPath)
            .Replace("name: Heart disease example model (UCI Cleveland, logistic regression)", "name: Heart *risk* model_v2 | <b>#1</b> [beta]", StringComparison.Ordinal);
        Assert.Contains("Heart *risk*", card);
        var cardPath = heart.Scratch("escape-card.yaml");
        File.WriteAllText(cardPath, card);
        var dir = heart.Scratch("escape-report");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--card", cardPath, "--out", dir);
        Assert.True(code == 0, $"report exit {code}: {err}");
        const string Escaped = "Heart \\*risk\\* model\\_v2 \\| \\<b\\>\\#1\\</b\\> \\[beta\\]";
        Assert.Contains($"# Model Card: {Escaped}", File.ReadAllText(Path.Combine(dir, "model-card.md")));
        var xml = XDocument.Parse(File.ReadAllText(Path.Combine(dir, "model-card.chai.xml")));
        Assert.Equal(Escaped, xml.Descendants(Mc + "ModelName").Single().Value);
        var labels = xml.Descendants(Mc + "Label").Select(l => l.Value).ToList();
        Assert.Contains("False-negative rate (missed disease): sex\\*age = M\\*45-64", labels);
        Assert.DoesNotContain(labels, l => l.Contains("sex*age", StringComparison.Ordinal));
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("### Intersection sex\\*age", md);
        Assert.DoesNotContain("sex*age", md);
        // The HTML shows the text itself (HTML-escaped, no Markdown backslashes).
        Assert.Contains("Heart *risk* model_v2 | &lt;b&gt;#1&lt;/b&gt; [beta]", File.ReadAllText(Path.Combine(dir, "report.html")));
    }
}
