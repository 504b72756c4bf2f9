using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// The claims layer against the audit's own numbers, recomputed here from heart-audit.json without Vigil's code: the
/// Model Card's bias and safety sentences (which group misses most, against which reference, significant or not, with
/// the Holm-adjusted p), the CHAI card's known-bias sentence and gap labels, and the HTI-1 fairness lines. A claim that
/// names the wrong group, inverts the test or shows the raw p as the adjusted one fails here.
/// </summary>
public sealed partial class ClaimsTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private const double Alpha = 0.05;

    private sealed record Group(string Attribute, string Label, double Fnr, double Lo, double Hi, double? P, double? PAdjusted, bool IsReference);

    /// <summary>Every single-attribute group of the audit (sex, age: none is a small cell), read straight from the JSON.</summary>
    private List<Group> Groups()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(heart.AuditJson));
        var list = new List<Group>();
        foreach (var a in doc.RootElement.GetProperty("attributes").EnumerateArray())
        {
            var name = a.GetProperty("name").GetString()!;
            if (name.Contains('*', StringComparison.Ordinal)) continue;
            var reference = a.GetProperty("reference_group").GetString();
            foreach (var g in a.GetProperty("groups").EnumerateArray())
            {
                var fnr = g.GetProperty("metrics").GetProperty("fnr");
                var test = g.GetProperty("tests").GetProperty("fnr_vs_reference");
                double? Opt(string key) => test.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
                list.Add(new Group(name, g.GetProperty("group").GetString()!, fnr.GetProperty("value").GetDouble(), fnr.GetProperty("ci")[0].GetDouble(),
                    fnr.GetProperty("ci")[1].GetDouble(), Opt("p_value"), Opt("p_adjusted") ?? Opt("p_value_adjusted"), g.GetProperty("group").GetString() == reference));
            }
        }
        return list;
    }

    private static string Pct(double p) => (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("F3", CultureInfo.InvariantCulture);

    private static string Fixed(double x, int d) => x.ToString("F" + d, CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal);

    /// <summary>Markdown text with its backslash escapes removed.</summary>
    private static string Plain(string markdown) => Escape().Replace(markdown, "$1");

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Escape();

    [Fact]
    public void The_audit_has_groups_whose_raw_and_holm_p_differ()
    {
        // Otherwise the tests below could not tell a raw p shown as "Holm p" from the adjusted one.
        Assert.Contains(Groups(), g => g.P is double p && g.PAdjusted is double q && P(p) != P(q));
    }

    [Fact]
    public void Model_card_names_the_group_with_the_highest_miss_rate_its_reference_and_the_holm_test()
    {
        var card = Plain(heart.Files["model-card.md"]);
        foreach (var attribute in Groups().GroupBy(g => g.Attribute))
        {
            var highest = attribute.MaxBy(g => g.Fnr)!;
            var reference = attribute.Single(g => g.IsReference);
            string expected;
            if (highest.IsReference)
            {
                expected = $"Highest miss rate by {attribute.Key}: the reference group {attribute.Key} = {reference.Label}, {Pct(reference.Fnr)} ({Pct(reference.Lo)}–{Pct(reference.Hi)}); no other group misses more.";
            }
            else
            {
                var q = highest.PAdjusted!.Value;
                expected = $"Highest miss rate by {attribute.Key}: {attribute.Key} = {highest.Label} misses {Pct(highest.Fnr)} of patients with the condition ({Pct(highest.Lo)}–{Pct(highest.Hi)}), "
                    + $"against {Pct(reference.Fnr)} in the reference group {reference.Label}; the gap is {(q < Alpha ? "significant" : "not significant")} after Holm's adjustment (Holm-adjusted p = {P(q)}).";
            }
            Assert.Contains("- " + expected + "\n", card, StringComparison.Ordinal);
        }
        // The heart example's women: the highest miss rate by sex, not significant (one line, checked against the numbers above).
        Assert.Contains("Highest miss rate by sex: sex = F misses 28.0%", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Chai_card_states_the_significant_fnr_gaps_and_labels_each_gap_with_its_holm_p()
    {
        var xml = XDocument.Parse(heart.Files["model-card.chai.xml"]);
        var significant = Groups().Where(g => !g.IsReference && g.Fnr > Groups().Single(r => r.IsReference && r.Attribute == g.Attribute).Fnr && g.PAdjusted < Alpha).ToList();
        var biases = Plain(xml.Descendants().Single(e => e.Name.LocalName == "KnownBiasesOrEthicalConsiderations").Value);
        if (significant.Count == 0)
            Assert.Contains("no group's false-negative rate is significantly above its reference group's (Holm-adjusted, 95% level).", biases, StringComparison.Ordinal);
        else
            foreach (var g in significant) Assert.Contains($"{g.Attribute} = {g.Label}", biases, StringComparison.Ordinal);
        var labels = xml.Descendants().Where(e => e.Name.LocalName == "Label").Select(e => Plain(e.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var g in Groups().Where(g => !g.IsReference))
        {
            var reference = Groups().Single(r => r.IsReference && r.Attribute == g.Attribute);
            Assert.Contains($"FNR difference vs reference: {g.Attribute} = {g.Label} vs {reference.Label} (Holm p = {P(g.PAdjusted!.Value)})", labels);
        }
    }

    [Fact]
    public void Hti1_fairness_lines_give_the_newcombe_gap_and_the_holm_p_with_significance()
    {
        var hti = Plain(heart.Files["hti1-source-attributes.md"]);
        foreach (var g in Groups().Where(g => !g.IsReference))
        {
            var r = Groups().Single(x => x.IsReference && x.Attribute == g.Attribute);
            var d = g.Fnr - r.Fnr;
            var lower = d - Math.Sqrt(Math.Pow(g.Fnr - g.Lo, 2) + Math.Pow(r.Hi - r.Fnr, 2));
            var upper = d + Math.Sqrt(Math.Pow(g.Hi - g.Fnr, 2) + Math.Pow(r.Fnr - r.Lo, 2));
            var q = g.PAdjusted!.Value;
            var line = $"- FNR {g.Attribute} = {g.Label} vs {r.Label}: {(d > 0 ? "+" : "")}{Fixed(d * 100, 1)} points ({Fixed(lower * 100, 1)} to {Fixed(upper * 100, 1)}), p = {P(q)}"
                + (q < Alpha ? " (significant)" : "") + "\n";
            Assert.Contains(line, hti, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Report_decision_summary_states_a_verdict_that_follows_from_the_register()
    {
        var md = Plain(heart.Files["report.md"]);
        using var doc = JsonDocument.Parse(heart.Files["risk-register.json"]);
        var bands = doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("severity_band").GetString()).ToList();
        var verdict = bands.Contains("high") ? "NOT READY" : bands.Contains("moderate") ? "READY WITH CONDITIONS" : "READY";
        Assert.Contains($"Verdict: {verdict}. ", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("## Decision summary", StringComparison.Ordinal) < md.IndexOf("## Clinical risk in full", StringComparison.Ordinal));
        // No high row without evidence: impact 3 needs likelihood 2 or more, impact 2 needs 3 (docs/report.md).
        foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("severity_band").GetString() == "high"))
            Assert.True(row.GetProperty("likelihood").GetInt32() >= 2, row.GetProperty("id").GetString());
        Assert.DoesNotContain("no deployment planned", heart.Files["risk-register.csv"], StringComparison.Ordinal);
    }
}
