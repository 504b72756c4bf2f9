using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The small-cell note every shareable output carries (docs/suppression.md): which groups are hidden and why, which
/// show their size only, which show rounded counts, and, as findings of their own, how many patients lack a value of
/// each protected attribute.
/// </summary>
public static class SuppressionSection
{
    /// <summary>The label the audit gives rows with no value of a protected attribute.</summary>
    public const string MissingLabel = "(missing)";

    /// <summary>The note's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        yield return new Heading(2, "Small-cell suppression");
        var min = ctx.Cells.MinCell;
        var suppressed = ctx.SuppressedGroups;
        yield return new Paragraph(
            $"No count below {min} (zero aside) is shown in this document, nor one that follows by subtraction from what it shows (the CMS cell-size rule; docs/suppression.md), so that no patient can be re-identified from it. "
            + $"Groups with fewer than {min} patients show no count and no rate. "
            + (suppressed.Count == 0 ? "No group is under the threshold." : $"Suppressed: {string.Join(", ", suppressed)}.")
            + (ctx.SmallOutcomeGroups is { Count: > 0 } outcome
                ? $" Groups with fewer than {min} positives or negatives show their number of patients but no outcome count or outcome-based rate: {string.Join(", ", outcome)}."
                : "")
            + (ctx.ComplementaryGroups is { Count: > 0 } complementary
                ? $" Also suppressed (under {SmallCellPolicy.NeverSuppressed} patients), so that the small groups cannot be derived by subtraction from shown totals: {string.Join(", ", complementary)}."
                : "")
            + (ctx.RoundedGroups is { Count: > 0 } rounded
                ? $" A group of {SmallCellPolicy.NeverSuppressed} patients or more is never suppressed: to protect a smaller group, these show their counts rounded to the nearest {SmallCellPolicy.RoundingBase} (marked ≈) and their rates exactly: {string.Join(", ", rounded)}."
                : ""));
        var missing = MissingFindings(ctx);
        if (missing.Count > 0)
        {
            yield return new Heading(3, "Missing values of protected attributes");
            yield return new BulletList(missing);
        }
    }

    /// <summary>
    /// One sentence per protected attribute with rows that lack its value: how many (or "fewer than min-cell" when that
    /// count is itself a small cell), and that their results are not part of any group of the attribute.
    /// </summary>
    public static List<string> MissingFindings(ReportContext ctx)
    {
        var list = new List<string>();
        foreach (var a in ctx.Audit.Attributes.Where(a => !a.IsIntersection))
        {
            var g = a.Groups.FirstOrDefault(x => x.Label == MissingLabel);
            if (g is null) continue;
            var count = ctx.Cells.IsHidden(g) ? $"fewer than {ctx.Cells.MinCell} patients (count suppressed)"
                : $"{ctx.Cells.Patients(g)} patients ({Numbers.Percent((double)ctx.Cells.ShownPatients(g) / Math.Max(1, ctx.Audit.Rows))})";
            list.Add($"{a.Name} is not recorded for {count}: they belong to no {a.Name} group, so the model's performance for them cannot be attributed to one; "
                + "record the attribute at the source, or check whether its absence is linked to the outcome.");
        }
        return list;
    }
}
