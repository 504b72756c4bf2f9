using Vigil.Reporting.Chai;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Fairness by attribute": Fairlearn's between-group disparities of each attribute and intersection with the audit's
/// bootstrap intervals — the equalized-odds difference (the larger of the TPR and FPR differences, max − min over the
/// groups), the FNR and FPR differences and the demographic-parity ratio. Attributes with a suppressed group are left
/// out (a max − min over the groups could reveal a small group's rate), as on the CHAI card.
/// </summary>
public static class FairnessSummarySection
{
    /// <summary>The section's blocks (none when the audit has no disparities to show).</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        var values = AuditFindings.Disparities(ctx);
        var attributes = ctx.Audit.Attributes.Where(a => values.Any(v => v.Attribute == a)).ToList();
        var hidden = ctx.Audit.Attributes.Where(a => !attributes.Contains(a) && a.Disparities.Count > 0).Select(a => a.Name).ToList();
        if (attributes.Count == 0 && hidden.Count == 0) yield break;
        yield return new Heading(2, "Fairness by attribute (equalized odds)");
        var level = Numbers.Level(ctx.Audit);
        yield return new Paragraph("Between-group disparities (Fairlearn definitions, docs/metrics.md): the equalized-odds difference is the larger of the sensitivity "
            + "difference and the false-positive-rate difference between the best and the worst group; 0 means every group is caught and falsely alarmed at the same rate. "
            + (ctx.Audit.Bootstrap > 0 ? $"Intervals: {level} percentile bootstrap ({ctx.Audit.Bootstrap} replicates)." : "No intervals: the audit ran without --bootstrap."));
        if (attributes.Count > 0)
        {
            var header = new List<string> { "attribute" };
            header.AddRange(AuditFindings.DisparityMetrics.Select(m => m.Label));
            yield return new Table(header, attributes.Select(a =>
            {
                var row = new List<string> { a.Name };
                foreach (var (section, name, _, isDifference) in AuditFindings.DisparityMetrics)
                {
                    var m = a.Disparity(section, name);
                    row.Add(m is null ? "n/a" : isDifference ? Points(m) : Numbers.DecimalWithCi(m));
                }
                return (IReadOnlyList<string>)row;
            }).ToList());
        }
        if (hidden.Count > 0)
            yield return new Paragraph($"Not shown for {string.Join(", ", hidden)}: a group is suppressed, and a difference between the largest and smallest rate could reveal its numbers.");
    }

    /// <summary>A difference of rates in percentage points with its interval.</summary>
    private static string Points(Audit.MetricValue m) =>
        m.Value is not double v ? Numbers.Undefined(m)
        : $"{Numbers.Fixed(v * 100, 1)} points" + (m.HasInterval ? $" ({Numbers.Fixed(m.Lower!.Value * 100, 1)} to {Numbers.Fixed(m.Upper!.Value * 100, 1)})" : "");
}
