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
            "Each finding of the audit as a risk, with the GOVERN and MAP rows from card.yaml. Severity = clinical impact × likelihood (1–9); bands low 1–2, moderate 3–4, high 6–9. "
            + $"Impact of a missed-case gap from the translation: 3 serious from {Numbers.Fixed(SeverityScale.SeriousPerThousand, 0)} additional missed per 1,000 positive patients, "
            + $"2 moderate from {Numbers.Fixed(SeverityScale.ModeratePerThousand, 0)}, 1 minor below; false alarms, unreliable probabilities and unassessed performance 2. "
            + "Likelihood from the statistics: 3 almost certain when significant after Holm's adjustment; 2 likely when the interval excludes no gap (or lies wholly past the threshold); "
            + "1 possible otherwise (also small cells and undefined metrics). So no risk is high without statistical evidence. "
            + "Treatments are concrete per kind unless card.yaml assigns one. Also in risk-register.csv and risk-register.json.");
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
