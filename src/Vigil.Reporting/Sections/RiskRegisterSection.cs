using Vigil.Reporting.Document;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Sections;

/// <summary>The risk register as a Markdown/HTML table, with its severity scale.</summary>
public static class RiskRegisterSection
{
    /// <summary>The section's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        yield return new Heading(2, "Risk register (NIST AI RMF 1.0)");
        yield return new Paragraph(
            "Each finding of the audit as a risk. Severity = clinical impact (3 serious: missed positives; 2 moderate: false alarms, unreliable probabilities, unassessed performance) "
            + $"× likelihood (3 likely: significant after Holm or wholly past the threshold; 2 possible: a gap of at least {Numbers.Fixed(SeverityScale.MaterialGap * 100, 0)} points, "
            + $"an ECE above {Numbers.Fixed(SeverityScale.CalibrationThreshold, 2)}, a small cell or an undefined metric; 1 unlikely); bands low 1–2, moderate 3–4, high 6–9. "
            + "Also in risk-register.csv and risk-register.json.");
        if (ctx.Register.Count == 0)
        {
            yield return new Paragraph("The audit produced no finding that becomes a risk row.");
            yield break;
        }
        yield return new Table(
            ["id", "severity", "finding", "affected group", "evidence", "NIST AI RMF", "characteristics", "owner", "treatment", "status"],
            ctx.Register.Select(r => (IReadOnlyList<string>)
            [
                r.Id, $"{r.Severity} {r.SeverityBand} ({SeverityScale.ImpactWord(r.Impact)} × {SeverityScale.LikelihoodWord(r.Likelihood)})",
                r.Finding, r.AffectedGroup, r.Evidence, r.Subcategories, r.Characteristics, r.Owner, r.Treatment, r.Status,
            ]).ToList());
    }
}
