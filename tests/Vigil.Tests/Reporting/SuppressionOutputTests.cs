using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// The small-cell policy across every shareable output of vigil report (docs/suppression.md): a large group is never
/// hidden to protect a small one, groups of min-cell − 1 / min-cell / min-cell + 1 fall on the right side, and a file
/// full of small cells publishes no count of 1 to 10.
/// </summary>
public sealed class SuppressionOutputTests
{
    /// <summary>
    /// 400 women (200 positives, 36 missed: FNR 18%), 400 men (200 positives, 94 missed: FNR 47%) and 3 rows with no sex.
    /// Before the fix, complementary suppression hid the men to protect the 3 rows and the sex gap vanished.
    /// </summary>
    private static string SexGapCsv(TempDir tmp)
    {
        var labels = new List<int>();
        var scores = new List<double>();
        var sex = new List<string>();
        var age = new List<string>();
        void Add(string s, int positives, int missed, int negatives)
        {
            for (var i = 0; i < positives; i++) { labels.Add(1); scores.Add(i < missed ? 0.2 : 0.8); sex.Add(s); age.Add(i % 2 == 0 ? "young" : "old"); }
            for (var i = 0; i < negatives; i++) { labels.Add(0); scores.Add(i % 5 == 0 ? 0.7 : 0.1); sex.Add(s); age.Add(i % 2 == 0 ? "young" : "old"); }
        }
        Add("F", 200, 36, 200);
        Add("M", 200, 94, 200);
        Add("", 2, 1, 1);
        return ReportRunner.Csv(tmp, "sexgap.csv", [.. labels], [.. scores], ("sex", [.. sex]), ("age", [.. age]));
    }

    [Fact]
    public void Three_rows_without_sex_do_not_hide_the_sex_gap()
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(SexGapCsv(tmp), json, "--protected", "sex,age", "--intersections", "sex*age", "--reference", "sex=F", "--bootstrap", "20");
        var dir = tmp.Combine("out");
        var (code, err) = ReportRunner.Report("--audit", json, "--volume", "5000", "--prevalence", "0.5", "--out", dir);
        Assert.True(code == 0, err);
        var files = ReportRunner.Files(dir);
        var report = files["report.md"];

        // The table shows the men's miss rate (counts rounded, the rate exact) and the suppressed 3 rows.
        var men = report.Split('\n').First(l => l.StartsWith("| M |", StringComparison.Ordinal));
        Assert.Contains("47.0%", men, StringComparison.Ordinal);
        Assert.Contains("| (missing) | suppressed (fewer than 11 patients) |", report, StringComparison.Ordinal);
        Assert.Contains("sex is not recorded for fewer than 11 patients (count suppressed)", report, StringComparison.Ordinal);
        Assert.Contains("never suppressed", report, StringComparison.Ordinal);
        // The clinical translation and the risk register carry the gap: 290 more missed per 1,000 positives.
        Assert.Contains("sex = M: the model misses 47.0% of patients with the condition against 18.0%", report, StringComparison.Ordinal);
        using var register = JsonDocument.Parse(files["risk-register.json"]);
        Assert.Contains(register.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("affected_group").GetString() == "sex = M"
            && r.GetProperty("evidence").GetString()!.Contains("FNR 47.0%", StringComparison.Ordinal));
        Assert.Contains("sex = M", files["model-card.md"], StringComparison.Ordinal);
        Assert.Null(SmallCellScanner.FirstLeak(SmallCellScanner.ShareableFiles(dir)));
    }

    /// <summary>Three attributes, each with one all-positive group of 10, 11 or 12 patients among 300.</summary>
    private static string BoundaryCsv(TempDir tmp)
    {
        const int rows = 300;
        var labels = new int[rows];
        var scores = new double[rows];
        string[] s1 = new string[rows], s2 = new string[rows], s3 = new string[rows];
        for (var i = 0; i < rows; i++)
        {
            s1[i] = i < 10 ? "P" : "Q";
            s2[i] = i is >= 10 and < 21 ? "R" : "S";
            s3[i] = i is >= 21 and < 33 ? "T" : "U";
            labels[i] = i < 33 || i % 2 == 0 ? 1 : 0;
            scores[i] = i % 3 == 0 ? 0.2 : i % 7 == 0 ? 0.3 : 0.8;
        }
        return ReportRunner.Csv(tmp, "boundary.csv", labels, scores, ("s1", s1), ("s2", s2), ("s3", s3));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Groups_of_min_cell_minus_one_min_cell_and_plus_one_fall_on_the_right_side_in_every_output(int minCell)
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(BoundaryCsv(tmp), json, "--protected", "s1,s2,s3", "--bootstrap", "20");
        var dir = tmp.Combine("out");
        var (code, err) = ReportRunner.Report("--audit", json, "--min-cell", minCell.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir);
        Assert.True(code == 0, err);
        var files = ReportRunner.Files(dir);
        var hidden = $"suppressed (fewer than {minCell} patients)";
        foreach (var (label, n) in new[] { ("P", 10), ("R", 11), ("T", 12) })
        {
            var shown = n >= minCell;
            foreach (var name in new[] { "report.md", "model-card.md" })
            {
                var line = files[name].Split('\n').FirstOrDefault(l => l.StartsWith($"| {label} |", StringComparison.Ordinal));
                Assert.True(line is not null, $"{name} has no row for {label}");
                if (shown) Assert.StartsWith($"| {label} | {n} | {n} |", line, StringComparison.Ordinal);
                else Assert.StartsWith($"| {label} | {hidden} |", line, StringComparison.Ordinal);
            }
            var hti = files["hti1-source-attributes.md"];
            if (shown) Assert.Contains($"{label} {n} (", hti, StringComparison.Ordinal);
            else Assert.Contains($"{label} {hidden}", hti, StringComparison.Ordinal);
            var chai = files["model-card.chai.xml"];
            if (shown) Assert.Contains($"s{(label == "R" ? 2 : 3)} = {label}", chai, StringComparison.Ordinal);
            else Assert.DoesNotContain("s1 = P:", chai, StringComparison.Ordinal);
            Assert.Equal(shown, files["charts/fnr.svg"].Contains($"= {label}:", StringComparison.Ordinal));
        }
        if (minCell == 11) Assert.Null(SmallCellScanner.FirstLeak(SmallCellScanner.ShareableFiles(dir)));
    }

    [Fact]
    public void A_file_full_of_small_cells_publishes_no_count_of_1_to_10_and_no_rate_over_1_or_2_positives()
    {
        using var tmp = new TempDir();
        // race groups of 5, 8, 15 (2 positives), 40, 150 and 300 patients; sex F/M; their intersection.
        var sizes = new (string Race, int N, int Positives)[] { ("A", 5, 2), ("B", 8, 3), ("C", 15, 2), ("D", 40, 15), ("E", 150, 60), ("G", 300, 120) };
        var labels = new List<int>();
        var scores = new List<double>();
        var race = new List<string>();
        var sex = new List<string>();
        foreach (var (r, n, positives) in sizes)
            for (var i = 0; i < n; i++)
            {
                labels.Add(i < positives ? 1 : 0);
                scores.Add(i < positives ? (i % 4 == 0 ? 0.3 : 0.8) : (i % 6 == 0 ? 0.6 : 0.2));
                race.Add(r);
                sex.Add(i % 3 == 0 ? "F" : "M");
            }
        var csv = ReportRunner.Csv(tmp, "small.csv", [.. labels], [.. scores], ("race", [.. race]), ("sex", [.. sex]));
        var json = tmp.Combine("audit.json");
        ReportRunner.Audit(csv, json, "--protected", "race,sex", "--intersections", "race*sex", "--bootstrap", "20");
        var dir = tmp.Combine("out");
        var (code, err) = ReportRunner.Report("--audit", json, "--volume", "5000", "--prevalence", "0.3", "--out", dir);
        Assert.True(code == 0, err);
        var files = SmallCellScanner.ShareableFiles(dir);
        Assert.True(files.Count >= 8, $"only {files.Count} shareable files");
        Assert.Null(SmallCellScanner.FirstLeak(files));
        var all = ReportRunner.Files(dir);
        // C has 15 patients but 2 positives: its size is shown, its miss rate is not (no "best" 0.0% in the heat map).
        Assert.Contains("| C | 15 | suppressed (fewer than 11 positives or negatives) |", all["report.md"], StringComparison.Ordinal);
        Assert.Contains("C*F: suppressed (fewer than 11 patients)", all["charts/fnr-heatmap-race-sex.svg"], StringComparison.Ordinal);
        Assert.DoesNotContain("race = C:", all["charts/fnr.svg"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_band_cut_inside_the_bands_the_data_already_holds_is_refused()
    {
        using var tmp = new TempDir();
        // age_years holds the midpoints of ten-year bands, as the diabetes example does.
        var ages = Enumerable.Range(0, 200).Select(i => (5 + 10 * (i % 10)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var labels = Enumerable.Range(0, 200).Select(i => i % 2).ToArray();
        var scores = Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? 0.7 : 0.3).ToArray();
        var csv = ReportRunner.Csv(tmp, "bands.csv", labels, scores, ("age_years", ages));
        var (code, _, err) = CliRunner.Run("audit", "--data", csv, "--label", "disease", "--score", "score", "--protected", "age_years", "--bands", "age_years=45,65");
        Assert.Equal(2, code);
        Assert.Contains("--bands age_years=45,65: 'age_years' holds banded values", err, StringComparison.Ordinal);
        Assert.Contains("the cut 45 falls inside the band 40-<50", err, StringComparison.Ordinal);
        var (ok, output, okErr) = CliRunner.Run("audit", "--data", csv, "--label", "disease", "--score", "score", "--protected", "age_years", "--bands", "age_years=40,60");
        Assert.True(ok == 0, okErr);
        Assert.Contains(">=60", output, StringComparison.Ordinal);
        // Integer ages are measured numbers, not band codes: any cut is fine.
        var years = Enumerable.Range(0, 200).Select(i => (30 + i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var measured = ReportRunner.Csv(tmp, "years.csv", labels, scores, ("age", years));
        Assert.Equal(0, CliRunner.Run("audit", "--data", measured, "--label", "disease", "--score", "score", "--protected", "age", "--bands", "age=45,65").Code);
    }
}
