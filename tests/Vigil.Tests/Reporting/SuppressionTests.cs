using Xunit;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>A group of 5 patients shows no count and no rate in any shareable output.</summary>
public sealed partial class SuppressionTests
{
    private const string Small = "Zeta";
    private const string Note = "suppressed (fewer than 11 patients)";

    /// <summary>Tokens that are numbers but not a group's data: the threshold, row ids, NIST subcategories, severity, CSV scores.</summary>
    [GeneratedRegex(@"fewer than 11 patients|\bR\d\d\b|\b(MAP|MEASURE|MANAGE|GOVERN) \d+\.\d+|\b\d (low|moderate|high)\b|,\d,\d,\d,")]
    private static partial Regex NotData();

    private static string Leak(string segment) =>
        segment.Contains(Small, StringComparison.Ordinal) && NotData().Replace(segment, "").Any(char.IsDigit) ? segment : "";

    private static string[] Segments(string text) => text.Split(["; ", ". ", "\n"], StringSplitOptions.None);

    [Fact]
    public void A_group_of_five_shows_no_count_or_rate_anywhere()
    {
        using var tmp = new TempDir();
        // 40 patients: groups A (20), B (15), Zeta (5); Zeta has 3 positives, 2 of them missed.
        string[] race = [.. Enumerable.Repeat("A", 20), .. Enumerable.Repeat("B", 15), .. Enumerable.Repeat(Small, 5)];
        string[] sex = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "F" : "M")];
        int[] labels = [.. Enumerable.Range(0, 35).Select(i => i % 3 == 0 ? 1 : 0), 1, 1, 1, 0, 0];
        double[] scores = [.. Enumerable.Range(0, 35).Select(i => i % 3 == 0 ? (i % 9 == 0 ? 0.3 : 0.8) : (i % 7 == 0 ? 0.6 : 0.2)), 0.9, 0.1, 0.2, 0.7, 0.1];
        var csv = ReportRunner.Csv(tmp, "small.csv", labels, scores, ("race", race), ("sex", sex));
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(csv, json, "--protected", "race,sex", "--intersections", "race*sex", "--bootstrap", "50");
        using (var audit = JsonDocument.Parse(File.ReadAllText(json)))
            Assert.Equal(5, audit.Attribute("race").GroupOf(Small).GetProperty("n").GetInt32());
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--volume", "5000", "--prevalence", "0.2", "--out", dir).Code);
        var files = ReportRunner.Files(dir);

        foreach (var name in new[] { "report.md", "model-card.md", "risk-register.csv" })
        {
            Assert.Contains(Small, files[name]);
            Assert.Equal("", string.Concat(Segments(files[name]).Select(Leak)));
        }
        var report = files["report.md"];
        Assert.Contains($"| {Small} | {Note} |", report);
        Assert.Contains($"Suppressed: race = {Small}", report);
        // Complementary suppression: with A and B shown, Zeta's count would be all rows − A − B.
        Assert.Contains("| B | suppressed (so that a smaller group cannot be derived) |", report);

        var html = XDocument.Load(XmlReader.Create(new StringReader(files["report.html"]), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        foreach (var tr in html.Descendants().Where(e => e.Name.LocalName == "tr"))
            Assert.Equal("", string.Concat(Segments(string.Join(" | ", tr.Elements().Select(c => c.Value))).Select(Leak)));
        foreach (var text in html.DescendantNodes().OfType<XText>())
            Assert.Equal("", string.Concat(Segments(text.Value).Select(Leak)));

        using var register = JsonDocument.Parse(files["risk-register.json"]);
        var rows = register.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("affected_group").GetString()!.Contains(Small, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("small_cell", r.GetProperty("kind").GetString()));
        Assert.All(rows, r => Assert.DoesNotContain(NotData().Replace(r.GetProperty("evidence").GetString()!, ""), char.IsDigit));

        foreach (var chart in files.Where(f => f.Key.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var svg = XDocument.Parse(chart.Value);
            foreach (var text in svg.DescendantNodes().OfType<XText>())
                Assert.Equal("", string.Concat(Segments(text.Value).Select(Leak)));
            if (!chart.Key.Contains("heatmap", StringComparison.Ordinal)) Assert.DoesNotContain(Small, chart.Value);
        }
        Assert.Contains($"{Small}*F: {Note}", files["charts/fnr-heatmap-race-sex.svg"]);
    }

    [Fact]
    public void Min_cell_option_overrides_the_audit()
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(TestFiles.Heart, json, "--protected", "sex,age", "--bands", "age=45,65", "--intersections", "sex*age");
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--min-cell", "20", "--out", dir).Code);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("| F\\*\\<45 | suppressed (fewer than 20 patients) |", md);
        Assert.Contains("Suppressed: sex\\*age = F\\*\\<45, sex\\*age = F\\*\\>=65.", md);
        // Each age column would give its women by subtraction from the age band's total: the men are suppressed too.
        Assert.Contains("| M\\*\\<45 | suppressed (so that a smaller group cannot be derived) |", md);
        Assert.Contains("| M\\*\\>=65 | suppressed (so that a smaller group cannot be derived) |", md);
        Assert.Contains("| M\\*45-64 (reference) | 142 |", md);
    }

    [Fact]
    public void An_audit_under_the_threshold_shows_no_numbers_even_overall()
    {
        using var tmp = new TempDir();
        var csv = ReportRunner.Csv(tmp, "tiny.csv", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [0.9, 0.1, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.9, 0.1, 0.2, 0.2],
            ("sex", ["F", "F", "F", "F", "F", "F", "M", "M", "M", "M", "M", "M"]));
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(csv, json, "--protected", "sex");
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--min-cell", "20", "--out", dir).Code);
        var files = ReportRunner.Files(dir);
        Assert.Contains("| overall | suppressed (fewer than 20 patients) |", files["report.md"]);
        Assert.Contains("Audited rows: suppressed (fewer than 20 patients)", files["model-card.md"]);
        using var register = JsonDocument.Parse(files["risk-register.json"]);
        // Every finding about patients is a small cell; the GOVERN/MAP rows come from card.yaml (absent here) and carry no number.
        var rows = register.RootElement.GetProperty("rows").EnumerateArray().ToList();
        static bool Governance(JsonElement r) => r.GetProperty("kind").GetString() is { } k && (k.StartsWith("govern_", StringComparison.Ordinal) || k.StartsWith("map_", StringComparison.Ordinal));
        Assert.All(rows.Where(r => !Governance(r)), r => Assert.Equal("small_cell", r.GetProperty("kind").GetString()));
        Assert.Equal(4, rows.Count(Governance));
        Assert.All(rows.Where(Governance), r => Assert.False(r.GetProperty("evidence").GetString()!.Any(char.IsDigit), r.GetProperty("evidence").GetString()));
        Assert.DoesNotContain("overall", files["charts/fnr.svg"]);
    }
}
