using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Contracts.Validation;
using Vigil.Reporting.Audit;
using Vigil.Reporting.External;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// validate's per-group FNR/FPR differences against the reference group (issue #11) in validation.json,
/// validation.md and the governance report, under the small-cell rule: a suppressed group shows no difference, and
/// the suppression of a small group never hides a large group's difference.
/// </summary>
public sealed class ValidationReferenceDifferenceTests
{
    /// <summary>
    /// Two sites, each with a reference group "big" (400 rows, separable on x), a group "gap" (150 rows, whose
    /// positives look like negatives, so the model misses nearly all of them) and a group "tiny" of 5 rows.
    /// </summary>
    private static string Data(TempDir dir)
    {
        var random = new Random(20261204);
        double Normal(double mean) => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var csv = new StringBuilder("site,grp,x,y\n");
        foreach (var site in new[] { "a", "b" })
            foreach (var (group, n) in new[] { ("big", 400), ("gap", 150), ("tiny", 5) })
                for (var i = 0; i < n; i++)
                {
                    var y = i % 2;
                    var x = group == "gap" ? Normal(-2) : Normal(y == 1 ? 2 : -2);
                    csv.Append(CultureInfo.InvariantCulture, $"{site},{group},{x:R},{y}\n");
                }
        return dir.File("gap.csv", csv.ToString());
    }

    private static string Row(string table, string label) =>
        table.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal));

    [Fact]
    public void A_large_groups_gap_appears_in_json_markdown_and_report_while_the_small_group_is_suppressed()
    {
        using var dir = new TempDir();
        var cli = CliRunner.Run(["validate", "--data", Data(dir), "--site", "site", "--train-site", "a", "--label", "y", "--features", "x",
            "--protected", "grp", "--out", dir.Combine("v")]);
        Assert.True(cli.Code == 0, cli.Err);
        var doc = ValidationContract.Read(dir.Combine("v/validation.json"));

        // JSON: every group's difference, the small one flagged; the gap group misses most of its positives.
        var b = doc.Sites.Single(s => s.Site == "b").Fairness["grp"];
        Assert.All(b, g => Assert.Equal("big", g.ReferenceGroup));
        var gap = b.Single(g => g.Group == "gap");
        var fnrGap = gap.FalseNegativeRateDifference!.Value!.Value;
        Assert.True(fnrGap > 0.5, $"FNR difference {fnrGap}");
        Assert.Equal(gap.Fnr.Value!.Value - b.Single(g => g.Group == "big").Fnr.Value!.Value, fnrGap, 12);
        Assert.True(b.Single(g => g.Group == "tiny").SmallCell);
        var fprGap = gap.FalsePositiveRateDifference!.Value!.Value;

        // Markdown: the gap group's differences at every site, the tiny group's suppressed with it.
        var md = File.ReadAllText(dir.Combine("v/validation.md"));
        var table = md[md.IndexOf("### Differences against the reference group by grp", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\nDifference =", StringComparison.Ordinal)];
        Assert.Contains("| group | a: FNR diff vs big | a: FPR diff vs big | b: FNR diff vs big | b: FPR diff vs big |", table);
        var gapRow = Row(table, "| gap |").Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal("+" + fnrGap.ToString("F3", CultureInfo.InvariantCulture), gapRow[4]);
        Assert.Equal((fprGap > 0 ? "+" : "") + fprGap.ToString("F3", CultureInfo.InvariantCulture), gapRow[5]);
        Assert.Equal("| tiny | suppressed (with its group) | suppressed (with its group) | suppressed (with its group) | suppressed (with its group) |", Row(table, "| tiny |"));

        // Governance report (HTML and its Markdown twin): the same, in percentage points.
        var audit = dir.Combine("audit.json");
        ReportRunner.Audit(ReportRunner.Csv(dir, "scored.csv", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.9, 0.2, 0.8, 0.1],
            ("grp", ["big", "big", "big", "big", "big", "big", "gap", "gap", "gap", "gap", "gap", "gap"])), audit, "--protected", "grp");
        var (code, err) = ReportRunner.Report(["--audit", audit, "--validation", dir.Combine("v/validation.json"), "--out", dir.Combine("r")]);
        Assert.True(code == 0, err);
        var files = ReportRunner.Files(dir.Combine("r"));
        var points = (fnrGap > 0 ? "+" : "") + (fnrGap * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pts";
        var differences = files["report.md"][files["report.md"].IndexOf("b: FNR diff vs big", StringComparison.Ordinal)..];
        Assert.Contains(points, Row(differences, "| grp = gap |"));
        Assert.Equal("| grp = tiny | suppressed (with its group) | suppressed (with its group) | suppressed (with its group) | suppressed (with its group) |",
            Row(differences, "| grp = tiny |"));
        var html = files["report.html"];
        Assert.Contains("b: FNR diff vs big", html);
        var htmlRows = Regex.Matches(html, "<tr>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Contains(htmlRows, r => r.Contains("grp = gap", StringComparison.Ordinal) && r.Contains(points, StringComparison.Ordinal));
        Assert.DoesNotContain(htmlRows, r => r.Contains("grp = tiny", StringComparison.Ordinal) && r.Contains(" pts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_difference_needs_both_rates_shown_and_a_small_group_never_hides_a_group_of_100_or_more()
    {
        // tiny (5) is hidden; gap (150) is the next smallest but has 100 rows or more, so only its counts are rounded.
        var shown = ReferenceDifferenceMask.Decide([400, 150, 5], [200, 75, 2], 555, 277, referenceIndex: 0, minCell: 11);
        Assert.Equal((DifferenceShown.Shown, DifferenceShown.Shown), shown[1]);
        Assert.Equal((DifferenceShown.GroupSuppressed, DifferenceShown.GroupSuppressed), shown[2]);

        // A next-smallest group under 100 rows is hidden with the small one (complementary suppression), differences too.
        shown = ReferenceDifferenceMask.Decide([400, 60, 5], [200, 30, 2], 465, 232, referenceIndex: 0, minCell: 11);
        Assert.Equal((DifferenceShown.GroupSuppressed, DifferenceShown.GroupSuppressed), shown[1]);

        // A reference whose FNR is suppressed (few positives) hides every FNR difference (it would give its rate back),
        // but not the FPR differences over its many negatives.
        shown = ReferenceDifferenceMask.Decide([400, 150], [5, 75], 550, 80, referenceIndex: 0, minCell: 11);
        Assert.Equal((DifferenceShown.ReferenceSuppressed, DifferenceShown.Shown), shown[1]);
        Assert.Equal(DifferenceShown.GroupSuppressed, shown[0].Fnr);

        // An unknown reference (a document written before references were recorded) shows none.
        shown = ReferenceDifferenceMask.Decide([400, 150], [200, 75], 550, 275, referenceIndex: -1, minCell: 11);
        Assert.Equal((DifferenceShown.ReferenceSuppressed, DifferenceShown.ReferenceSuppressed), shown[1]);
        Assert.Equal(CellShown.Exact, GroupMask.Decide([400, 150], [200, 75], 550, 275, 11)[1].Shown);
    }
}
