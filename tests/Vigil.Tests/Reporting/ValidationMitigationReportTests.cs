using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Vigil.Reporting.Audit;
using Vigil.Reporting.External;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// `vigil report --validation FILE --mitigation FILE ...`: the External validation and Mitigation sections, their
/// charts and alt text, the Model Card, HTI-1 and risk-register rows, schema errors and small-cell suppression, from
/// real vigil validate / vigil mitigate outputs (Reporting/Fixtures/README.md says how they were made).
/// </summary>
public sealed class ValidationMitigationReportTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Fixture(string name) => Path.Combine(ReportRunner.RepoRoot(), "tests", "Vigil.Tests", "Reporting", "Fixtures", name);

    public static string ValidationFile => Fixture("heart-validation.json");

    public static string ThresholdOptimizerFile => Fixture("mitigation-threshold-optimizer.json");

    public static string RejectOptionFile => Fixture("mitigation-reject-option.json");

    private Dictionary<string, string> Run(string name, params string[] extra)
    {
        var dir = heart.Scratch(name);
        var (code, err) = ReportRunner.Report(["--audit", heart.AuditJson, .. extra, "--out", dir]);
        Assert.True(code == 0, $"report exit {code}: {err}");
        return ReportRunner.Files(dir);
    }

    private Dictionary<string, string> Full(string name) =>
        Run(name, "--validation", ValidationFile, "--mitigation", ThresholdOptimizerFile, "--mitigation", RejectOptionFile);

    /// <summary>The fixture's text with one JSON value replaced (exactly once).</summary>
    private string Changed(string file, string name, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Equal(1, text.Split(from).Length - 1);
        var dir = heart.Scratch(name);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Path.GetFileName(file));
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void External_validation_section_shows_the_sites_side_by_side_with_the_files_numbers()
    {
        var files = Full("full");
        var md = files["report.md"];
        Assert.Contains("\n## External validation\n", md);
        // Hungary's AUROC with its DeLong interval and the change against Cleveland's out-of-fold 0.915.
        Assert.Contains("0.866 (0.819–0.913); Δ −0.049", md);
        // Switzerland has 8 patients without disease (a small cell): its size is shown, its positives and every rate
        // over both classes are not; its sensitivity (over 115 positives) is (docs/suppression.md).
        Assert.Contains("| n (positives) | 303 (139) | 294 (106) | 123 (suppressed (fewer than 11 positives or negatives)) | 200 (149) |", md);
        Assert.Contains("observed/expected | 0.995 (0.917–1.072) | 0.848 (0.761–0.941); Δ −0.147 | suppressed (fewer than 11 positives or negatives) | 1.218 (1.121–1.316); Δ +0.223 |", md);
        Assert.Contains("| 64.3% (55.3%–72.5%); Δ −15.5 pts |", md);
        Assert.DoesNotContain("1.642", md);
        // Women in Hungary: FNR 0.667 on 12 positives against 0.280 at Cleveland.
        Assert.Contains("66.7% (39.1%–86.2%); n 81, 12 pos.; Δ +38.7 pts", md);
        Assert.Contains("Transportability is lost at hungary, switzerland, va\\_long\\_beach", md);
        Assert.Contains("switzerland: discrimination and calibration cannot be reported (switzerland has fewer than 11 patients, positives or negatives).", md);
        Assert.Contains("hungary, sex = F: the miss rate (FNR) rises from 28.0% (14.3%–47.6%) to 66.7% (39.1%–86.2%)", md);
        Assert.Contains("va\\_long\\_beach: discrimination drops — AUROC 0.686 (0.601–0.771)", md);
        Assert.Contains("charts/validation-auroc.svg", md);
        Assert.Contains("charts/validation-sensitivity-sex.svg", md);
        var auroc = files["charts/validation-auroc.svg"];
        Assert.Contains("hungary: AUROC 0.866 (0.819–0.913)", auroc);
        Assert.Contains("switzerland: AUROC suppressed", auroc); // 8 patients without disease: a small cell
        Assert.Contains("hungary: sex = F 33.3% (13.8%–60.9%)", files["charts/validation-sensitivity-sex.svg"]);
    }

    [Fact]
    public void A_changed_number_in_the_validation_file_changes_the_report()
    {
        var changed = Changed(ValidationFile, "changed-validation", "0.8661180248896025", "0.7012345");
        var md = Run("changed-validation-report", "--validation", changed)["report.md"];
        // The changed AUROC falls outside the file's unchanged interval, and the report says so (the interval rule).
        Assert.Contains("0.701 (0.819–0.913; estimate outside its interval); Δ −0.214", md);
        Assert.DoesNotContain("0.866 (0.819", md);
        Assert.Contains("hungary: discrimination drops — AUROC 0.701", md);
    }

    [Fact]
    public void Mitigation_section_states_the_warnings_the_table_and_the_disparity()
    {
        var files = Full("full-mitigation");
        var md = files["report.md"];
        Assert.Contains("\n## Mitigation\n", md);
        Assert.Contains("### threshold-optimizer on sex (Fixtures/mitigation-threshold-optimizer.json)", md);
        Assert.Contains("- Warning: LEVELLING DOWN: the equalized\\_odds\\_difference narrowed partly by making a group worse off: sex = M: sensitivity 89.7% → 72.4%", md);
        Assert.Contains("Warning: Needs each patient's sex at prediction time", md);
        Assert.Contains("Warning: Randomized: the same patient scored twice", md);
        Assert.Contains("19.4 pts (12.8 to 28.2) before, 5.5 pts (1.3 to 15.5) after; change −13.8 pts (−22.0 to −1.4) — the gap shrank", md);
        Assert.Contains("| sex = M (n 333, 203 pos.) | sensitivity | 89.7% (84.7%–93.1%) | 72.4% (65.9%–78.1%) | −17.2 pts |", md);
        Assert.Contains("| overall (n 600, 341 pos.) | AUROC | 0.854 (0.824–0.883) | 0.774 (0.735–0.812) | −0.080 |", md);
        // Reject option is deterministic: no randomized warning in its part.
        var reject = md[md.IndexOf("### reject-option", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Randomized", reject[..reject.IndexOf("| group |", StringComparison.Ordinal)]);
        // Before/after chart for both, Pareto chart only for the sweep.
        Assert.Contains("sex = M: before 89.7% (84.7%–93.1%), after 72.4% (65.9%–78.1%)", files["charts/mitigation-1-threshold-optimizer-sensitivity.svg"]);
        Assert.True(files.ContainsKey("charts/mitigation-2-reject-option-pareto.svg"));
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("charts/mitigation-1", StringComparison.Ordinal) && k.EndsWith("pareto.svg", StringComparison.Ordinal));
        Assert.Contains("Pareto-optimal settings (no other setting has lower-or-equal disparity and error, one strictly lower): 0.01, 0.02, 0.1", files["charts/mitigation-2-reject-option-pareto.svg"]);
        Assert.Contains("eps 0.05: disparity 0.051, error 0.227", files["charts/mitigation-2-reject-option-pareto.svg"]);
    }

    [Fact]
    public void A_changed_number_in_the_mitigation_file_changes_the_report()
    {
        var changed = Changed(ThresholdOptimizerFile, "changed-mitigation", "\"after\":{\"value\":0.055456171735241505", "\"after\":{\"value\":0.0812");
        var md = Run("changed-mitigation-report", "--mitigation", changed)["report.md"];
        Assert.Contains("19.4 pts (12.8 to 28.2) before, 8.1 pts (1.3 to 15.5) after", md);
    }

    [Fact]
    public void Risk_register_gets_validity_rows_for_external_sites_and_a_fairness_row_for_levelling_down()
    {
        var files = Full("full-risk");
        using var doc = JsonDocument.Parse(files["risk-register.json"]);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        string S(JsonElement r, string k) => r.GetProperty(k).GetString()!;
        var discrimination = rows.Where(r => S(r, "kind") == "external_discrimination").ToList();
        // Switzerland's 8 patients without disease are a small cell: no discrimination or calibration row names it.
        Assert.Equal(["overall at va_long_beach"], discrimination.Select(r => S(r, "affected_group")).Order(StringComparer.Ordinal));
        Assert.All(discrimination, r => Assert.Equal("MEASURE 2.5; MAP 2.3", S(r, "subcategories")));
        Assert.DoesNotContain(rows, r => S(r, "kind") == "external_calibration");
        Assert.Contains(rows, r => S(r, "kind") == "external_miss_rate" && S(r, "affected_group") == "sex = F at hungary" && S(r, "subcategories").Contains("MEASURE 2.11", StringComparison.Ordinal));
        var levelling = rows.Where(r => S(r, "kind") == "levelling_down").ToList();
        Assert.Equal(2, levelling.Count);
        Assert.All(levelling, r => Assert.StartsWith("MEASURE 2.11", S(r, "subcategories"), StringComparison.Ordinal));
        Assert.Contains(levelling, r => S(r, "evidence").Contains("sex = M sensitivity 89.7% → 72.4%", StringComparison.Ordinal));
        // Without the files, none of these rows.
        var plain = Run("plain-risk")["risk-register.csv"];
        Assert.DoesNotContain("external_", plain);
        Assert.DoesNotContain("levelling_down", plain);
    }

    [Fact]
    public void Model_card_and_hti1_answer_from_the_validation_and_mitigation_files()
    {
        var files = Full("full-card");
        var card = files["model-card.md"];
        Assert.Contains("\n### External validation\n", card);
        Assert.Contains("0.866 (0.819–0.913); Δ −0.049", card);
        Assert.Contains("\n### Bias mitigation (measured by vigil mitigate)\n", card);
        Assert.Contains("threshold-optimizer (post-processing;", card);
        var hti = files["hti1-source-attributes.md"];
        string Attribute(int n)
        {
            var start = hti.IndexOf($"\n### {n}. ", StringComparison.Ordinal);
            var end = hti.IndexOf("\n### ", start + 5, StringComparison.Ordinal);
            return hti[start..(end < 0 ? hti.Length : end)];
        }
        Assert.Contains("Source: measured by Vigil (heart-validation.json)", Attribute(24));
        Assert.Contains("hungary, FNR by sex: F 66.7% (39.1%–86.2%) (Δ +38.7 pts vs internal)", Attribute(24));
        Assert.Contains("hungary: AUROC 0.866 (0.819–0.913)", Attribute(23));
        Assert.Contains("trained at cleveland, validated unchanged at hungary (n 294)", Attribute(17));
        Assert.Contains("Source: measured by Vigil (Fixtures/mitigation-threshold-optimizer.json, Fixtures/mitigation-reject-option.json)", Attribute(16));
        Assert.Contains("LEVELLING DOWN", Attribute(16));
        Assert.DoesNotContain("missing — provide in card.yaml under external\\_validation.data\\_source", Attribute(17));
    }

    [Fact]
    public void Small_groups_at_a_site_show_no_count_or_rate_anywhere()
    {
        // Hungary has 4 patients aged 65 or more; the next smallest age group there (<45, n 96) is hidden too so the 4 cannot be derived.
        var files = Full("suppressed-validation");
        foreach (var name in new[] { "report.md", "report.html", "model-card.md", "hti1-source-attributes.md", "risk-register.csv" })
        {
            var text = files[name];
            Assert.DoesNotContain("n 4,", text);
            Assert.DoesNotContain("n 96,", text);
            Assert.DoesNotContain("\\<45 96", text);
            Assert.DoesNotContain("36.0% (20.2%–55.5%)", text); // Hungary <45 FNR
        }
        Assert.Contains("hungary: age = \\<45, age = \\>=65 cannot be assessed (small-cell suppression", files["report.md"]);
        Assert.Contains("hungary: age = &lt;45 suppressed", files["charts/validation-sensitivity-age.svg"]);
        Assert.Contains("&gt;=65 suppressed (small cell)", files["hti1-source-attributes.md"].Replace("\\>", "&gt;", StringComparison.Ordinal));
    }

    [Fact]
    public void Small_mitigation_groups_show_no_count_or_rate_anywhere()
    {
        // Women made a group of 5 held-out rows: F and (complementarily) M are hidden, the levelling-down row names no number.
        var dir = heart.Scratch("small-mitigation");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "mitigation.json");
        var text = File.ReadAllText(ThresholdOptimizerFile).Replace("{\"group\":\"F\",\"n\":267,", "{\"group\":\"F\",\"n\":5,", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        Assert.Equal(2, text.Split("{\"group\":\"F\",\"n\":5,").Length - 1);
        var files = Run("small-mitigation-report", "--mitigation", path);
        foreach (var (name, content) in files.Where(f => !f.Key.StartsWith("charts/fnr", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("70.3% (62.2%", content); // F sensitivity
            Assert.DoesNotContain("n 5,", content);
            Assert.DoesNotContain("n 333", content); // M's count would give F's by subtraction: rounded
        }
        // M has 333 held-out rows: never suppressed to protect F; its rates are shown, its counts rounded.
        Assert.Contains("89.7%", files["report.md"]);
        Assert.Contains("n ≈330", files["report.md"]);
        Assert.Contains("suppressed (fewer than 11 held-out rows, or derivable from such a group)", files["report.md"]);
        Assert.Contains("1 group(s) not shown (small-cell suppression)", files["charts/mitigation-1-threshold-optimizer-sensitivity.svg"]);
    }

    [Fact]
    public void Every_chart_of_the_new_sections_has_a_title_and_a_description()
    {
        var files = Full("alt-text");
        var html = files["report.html"];
        var doc = XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        var svgs = doc.Descendants(Svg + "svg").ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var svg in svgs)
        {
            Assert.Equal("img", (string?)svg.Attribute("role"));
            Assert.False(string.IsNullOrWhiteSpace(svg.Element(Svg + "title")?.Value));
            Assert.False(string.IsNullOrWhiteSpace(svg.Element(Svg + "desc")?.Value));
            Assert.True(ids.Add((string)svg.Attribute("aria-labelledby")!), "chart ids must be unique in the page");
        }
        var newCharts = files.Keys.Where(k => k.StartsWith("charts/validation-", StringComparison.Ordinal) || k.StartsWith("charts/mitigation-", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, newCharts.Count); // AUROC, sensitivity by sex and by age; two before/after charts, one Pareto chart
        foreach (var chart in newCharts) Assert.Contains("<desc id=", files[chart]);
    }

    [Fact]
    public void A_file_with_the_wrong_schema_exits_3_naming_the_file()
    {
        var dir = heart.Scratch("wrong-schema");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--validation", ThresholdOptimizerFile, "--out", dir);
        Assert.Equal(3, code);
        Assert.Contains("mitigation-threshold-optimizer.json: expected a vigil.validation/v2 document, found schema vigil.mitigation/v2", err);
        Assert.False(Directory.Exists(dir));

        (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--mitigation", ThresholdOptimizerFile, "--mitigation", ValidationFile, "--out", dir);
        Assert.Equal(3, code);
        Assert.Contains("heart-validation.json: expected a vigil.mitigation/v2 document, found schema vigil.validation/v2", err);

        var broken = Changed(ValidationFile, "broken-validation", "\"site\":\"hungary\",\"role\":\"external\"", "\"site\":\"hungary\",\"role\":\"elsewhere\"");
        (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--validation", broken, "--out", dir);
        Assert.Equal(3, code);
        Assert.Contains("heart-validation.json: $.sites[1].role: expected 'internal' or 'external'", err);

        (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--validation", heart.Scratch("nope.json"), "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--validation", err);
    }

    [Fact]
    public void Transportability_rules_use_the_documented_limits()
    {
        static MetricValue M(double v, double? lo = null, double? hi = null) => new(v, lo, hi, null);
        static ValidationSite Site(double auroc, double oe, double? lo = null, double? hi = null) =>
            new("s", false, 100, 50, M(0.5), M(auroc, lo, hi), M(0.2), M(oe), M(0.8), M(0.8), M(0.8), M(0.8), [], []);
        var inn = Site(0.90, 1.0);
        Assert.True(Transportability.LostDiscrimination(Site(0.85, 1.0), inn));
        Assert.False(Transportability.LostDiscrimination(Site(0.86, 1.0), inn));
        Assert.True(Transportability.ClearlyBelow(M(0.8, 0.75, 0.89), inn.Auroc));
        Assert.False(Transportability.ClearlyBelow(M(0.8, 0.70, 0.91), inn.Auroc));
        Assert.False(Transportability.Miscalibrated(Site(0.9, 0.80)));
        Assert.False(Transportability.Miscalibrated(Site(0.9, 1.25)));
        Assert.True(Transportability.Miscalibrated(Site(0.9, 0.79)));
        Assert.True(Transportability.Miscalibrated(Site(0.9, 1.26)));
        static ValidationSite Calibrated(double oe, double? lo, double? hi) =>
            new("s", false, 100, 50, M(0.5), M(0.9), M(0.2), M(oe, lo, hi), M(0.8), M(0.8), M(0.8), M(0.8), [], []);
        Assert.True(Transportability.ClearlyMiscalibrated(Calibrated(1.64, 1.51, 1.79)));
        Assert.False(Transportability.ClearlyMiscalibrated(Calibrated(1.30, 1.20, 1.40)));
        Assert.True(Transportability.ClearlyMiscalibrated(Calibrated(0.60, 0.50, 0.79)));
        Assert.False(Transportability.ClearlyMiscalibrated(Calibrated(1.64, null, null)));
        Assert.True(Transportability.MateriallyWorse(M(0.30), M(0.25), higherIsWorse: true));
        Assert.False(Transportability.MateriallyWorse(M(0.29), M(0.25), higherIsWorse: true));
        Assert.True(Transportability.MateriallyWorse(M(0.70), M(0.75), higherIsWorse: false));
        Assert.True(Transportability.Separated(M(0.6, 0.5, 0.7), M(0.3, 0.2, 0.4)));
        Assert.False(Transportability.Separated(M(0.6, 0.35, 0.7), M(0.3, 0.2, 0.4)));
    }

    [Fact]
    public void A_mitigation_file_missing_a_field_names_the_json_path()
    {
        var broken = Changed(ThresholdOptimizerFile, "broken-mitigation", "\"levelling_down\":true", "\"levelling_down\":\"yes\"");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--mitigation", broken, "--out", heart.Scratch("broken-mitigation-report"));
        Assert.Equal(3, code);
        Assert.Contains("broken-mitigation/mitigation-threshold-optimizer.json: not a valid vigil.mitigation/v2 document at $.safety.levelling_down", err);
    }

    [Fact]
    public void Group_mask_hides_small_groups_and_one_more_when_only_one_is_small()
    {
        static bool[] Hide(int[] sizes) => GroupMask.Hide(sizes, new int[sizes.Length], sizes.Sum(), 0, 11);
        Assert.Equal([false, false], Hide([20, 30]));
        Assert.Equal([true, true, false], Hide([4, 96, 194]));
        Assert.Equal([true, true, false], Hide([4, 5, 194]));
        Assert.Equal([true], Hide([4]));
        // A complement of 100 or more is never hidden: its counts are rounded instead.
        Assert.Equal([true, false, false], Hide([4, 150, 194]));
        Assert.Equal(CellShown.Rounded, GroupMask.Decide([4, 150, 194], [0, 0, 0], 348, 0, 11)[1].Shown);
    }
}
