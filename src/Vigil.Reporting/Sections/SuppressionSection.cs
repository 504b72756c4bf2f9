using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>The small-cell note every shareable output carries.</summary>
public static class SuppressionSection
{
    /// <summary>The note's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        yield return new Heading(2, "Small-cell suppression");
        var suppressed = ctx.SuppressedGroups;
        yield return new Paragraph(
            $"Groups with fewer than {ctx.Cells.MinCell} patients show no count and no rate in this document, so that no patient can be re-identified from it. "
            + (suppressed.Count == 0 ? "No group is under the threshold." : $"Suppressed: {string.Join(", ", suppressed)}.")
            + (ctx.ComplementaryGroups is { Count: > 0 } complementary
                ? $" Also suppressed, so that the small groups cannot be derived by subtraction from shown totals: {string.Join(", ", complementary)}."
                : ""));
    }
}
