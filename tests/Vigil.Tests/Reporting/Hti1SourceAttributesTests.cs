using Xunit;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>hti1-source-attributes.md: all 31 ONC HTI-1 predictive DSI source attributes, measured, from card.yaml, or missing.</summary>
public sealed class Hti1SourceAttributesTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private const string File = "hti1-source-attributes.md";

    /// <summary>(number, group, attribute, option id) from section 4d of the golden STANDARDS.md.</summary>
    private static List<(int Number, string Group, string Name, string OptionId)> Standard()
    {
        var text = ChaiSchema.File("STANDARDS.md");
        var section = text[text.IndexOf("### 4d.", StringComparison.Ordinal)..text.IndexOf("### 4e.", StringComparison.Ordinal)];
        var rows = new List<(int, string, string, string)>();
        var group = "";
        foreach (var line in section.Split('\n').Where(l => Regex.IsMatch(l, @"^\| \d+ \|")))
        {
            var cells = line.Split('|').Select(c => c.Trim().Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal)).ToArray();
            if (cells[2].Length > 0) group = cells[2];
            rows.Add((int.Parse(cells[1], CultureInfo.InvariantCulture), group, cells[3], cells[4]));
        }
        return rows;
    }

    /// <summary>Markdown without the writer's escapes.</summary>
    private static string Plain(string md) => Regex.Replace(md, @"\\([\\*_`\[\]<>#|])", "$1");

    /// <summary>The text under "### N. " up to the next heading.</summary>
    private static string Attribute(string md, int number)
    {
        var m = Regex.Match(Plain(md), $@"\n### {number}\. [^\n]*\n(.*?)(?=\n#|\z)", RegexOptions.Singleline);
        Assert.True(m.Success, $"attribute {number} not found");
        return m.Groups[1].Value;
    }

    private string Run(string name, string? card, params string[] extra)
    {
        var dir = heart.Scratch(name);
        var args = new List<string> { "--audit", heart.AuditJson, "--out", dir };
        if (card is not null) args.AddRange(["--card", card]);
        args.AddRange(extra);
        var (code, err) = ReportRunner.Report([.. args]);
        Assert.True(code == 0, err);
        return System.IO.File.ReadAllText(Path.Combine(dir, File));
    }

    [Fact]
    public void All_31_attributes_appear_with_the_standards_names_groups_and_order()
    {
        var standard = Standard();
        Assert.Equal(31, standard.Count);
        var md = Plain(heart.Files[File]);
        var headings = Regex.Matches(md, @"^### (\d+)\. (.*)$", RegexOptions.Multiline).Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value)).ToList();
        Assert.Equal(standard.Select(s => (s.Number, s.Name)), headings);
        var position = 0;
        foreach (var s in standard)
        {
            var at = md.IndexOf($"### {s.Number}. {s.Name}\n", StringComparison.Ordinal);
            Assert.True(at > position, $"attribute {s.Number} out of order");
            Assert.True(md.LastIndexOf($"\n## {s.Group}\n", at, StringComparison.Ordinal) >= 0, $"group {s.Group} missing before {s.Number}");
            Assert.Contains($"Option ID: {s.OptionId}.", Attribute(heart.Files[File], s.Number));
            position = at;
        }
    }

    [Fact]
    public void Internal_validity_and_fairness_carry_the_audit_numbers()
    {
        using var audit = JsonDocument.Parse(System.IO.File.ReadAllText(heart.AuditJson));
        var auroc = audit.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty("auroc");
        string F3(double x) => x.ToString("F3", CultureInfo.InvariantCulture);
        var validity = Attribute(heart.Files[File], 21);
        Assert.Contains("measured by Vigil", validity);
        Assert.Contains($"AUROC: {F3(auroc.GetProperty("value").GetDouble())} ({F3(auroc.GetProperty("ci")[0].GetDouble())}–{F3(auroc.GetProperty("ci")[1].GetDouble())})", validity);

        var women = audit.RootElement.GetProperty("attributes")[0].GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "F");
        var test = women.GetProperty("tests").GetProperty("fnr_vs_reference");
        var d = (test.GetProperty("difference").GetDouble() * 100).ToString("F1", CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal);
        var fairness = Attribute(heart.Files[File], 22);
        Assert.Contains($"FNR sex = F vs M: {(d.StartsWith('−') ? "" : "+")}{d} points", fairness);
        Assert.Contains($"p = {test.GetProperty("p_value_adjusted").GetDouble().ToString("F3", CultureInfo.InvariantCulture)}", fairness);
        Assert.Contains("FNR difference between groups (largest − smallest), sex:", fairness);
    }

    [Fact]
    public void A_missing_attribute_names_its_card_key()
    {
        Assert.Contains("- missing — provide in card.yaml under external_validation.data_source", Attribute(heart.Files[File], 17));
        Assert.Contains("Source: missing.", Attribute(heart.Files[File], 17));
        Assert.Contains("Source: card.yaml (intended_use.primary_uses).", Attribute(heart.Files[File], 5));
        var noCard = Run("hti1-no-card", null);
        Assert.Contains("- missing — provide in card.yaml under intended_use.primary_uses", Attribute(noCard, 5));
        Assert.Contains("measured by Vigil", Attribute(noCard, 22));
        Assert.Equal(31, Regex.Count(noCard, @"^### \d+\. ", RegexOptions.Multiline));
    }

    [Fact]
    public void External_audit_data_answer_the_external_attributes()
    {
        var card = heart.Scratch("external-card.yaml");
        var yaml = System.IO.File.ReadAllText(HeartReportFixture.CardPath);
        Assert.Contains("  source: internal\n", yaml);
        System.IO.File.WriteAllText(card, yaml.Replace("  source: internal\n", "  source: external\n", StringComparison.Ordinal));
        var md = Run("hti1-external", card);
        Assert.Contains("- missing — provide in card.yaml under performance.internal_validity", Attribute(md, 21));
        Assert.Contains("AUROC:", Attribute(md, 23));
        Assert.Contains("FNR sex = F vs M:", Attribute(md, 24));
        Assert.Contains("sex: F 97", Attribute(md, 19));
    }

    [Fact]
    public void A_changed_audit_number_changes_the_attributes_and_small_cells_stay_hidden()
    {
        var json = JsonNode.Parse(System.IO.File.ReadAllText(heart.AuditJson))!;
        json["overall"]!["metrics"]!["auroc"]!["value"] = 0.8771;
        var changed = heart.Scratch("hti1-changed.json");
        System.IO.File.WriteAllText(changed, json.ToJsonString());
        var dir = heart.Scratch("hti1-changed-report");
        Assert.Equal(0, ReportRunner.Report("--audit", changed, "--min-cell", "20", "--out", dir).Code);
        var md = System.IO.File.ReadAllText(Path.Combine(dir, File));
        Assert.Contains("AUROC: 0.877", Attribute(md, 21));
        Assert.DoesNotContain("AUROC: 0.877", heart.Files[File]);
        foreach (var line in Plain(md).Split('\n').Where(l => l.Contains("F*<45", StringComparison.Ordinal)))
            Assert.StartsWith("- Not shown (small-cell suppression", line);
    }

    [Fact]
    public void A_group_of_five_shows_no_count_or_rate_in_the_chai_card_or_the_attributes()
    {
        using var tmp = new TempDir();
        string[] race = [.. Enumerable.Repeat("A", 20), .. Enumerable.Repeat("B", 15), .. Enumerable.Repeat("Zeta", 5)];
        int[] labels = [.. Enumerable.Range(0, 35).Select(i => i % 3 == 0 ? 1 : 0), 1, 1, 1, 0, 0];
        double[] scores = [.. Enumerable.Range(0, 35).Select(i => i % 3 == 0 ? (i % 9 == 0 ? 0.3 : 0.8) : (i % 7 == 0 ? 0.6 : 0.2)), 0.9, 0.1, 0.2, 0.7, 0.1];
        var csv = ReportRunner.Csv(tmp, "small.csv", labels, scores, ("race", race));
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(csv, json, "--protected", "race", "--bootstrap", "50");
        var dir = tmp.Combine("out");
        Assert.Equal(0, ReportRunner.Report("--audit", json, "--out", dir).Code);
        var xml = System.IO.File.ReadAllText(Path.Combine(dir, "model-card.chai.xml"));
        Assert.Empty(ChaiSchema.Validate(xml));
        Assert.DoesNotContain("Zeta", xml);
        // B is suppressed too (complementary): with A and B shown, Zeta = all − A − B.
        Assert.DoesNotContain("race = B", xml);
        Assert.DoesNotContain("between groups (largest", xml);
        var md = Plain(System.IO.File.ReadAllText(Path.Combine(dir, File)));
        foreach (var line in md.Split(["\n", "; ", ". "], StringSplitOptions.None).Where(l => l.Contains("Zeta", StringComparison.Ordinal)))
            Assert.DoesNotContain(Regex.Replace(line, "fewer than 11 patients", ""), char.IsDigit);
        Assert.Contains("Zeta suppressed (fewer than 11 patients)", md);
    }
}
