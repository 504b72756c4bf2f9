using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The "at a glance" cards under the title: measured facts only (patients, prevalence, overall sensitivity and AUROC
/// with their intervals, groups shown and suppressed, risks by severity), no verdict. A value of a suppressed overall
/// population reads "suppressed".
/// </summary>
public static class GlanceSection
{
    /// <summary>The cards (report.html: ul.summary-cards; report.md: a list).</summary>
    public static SummaryCards Build(ReportContext ctx)
    {
        var overall = ctx.Audit.Overall;
        var hidden = ctx.Cells.IsSuppressed(overall);
        var cards = new List<SummaryCard>
        {
            new("Patients audited", hidden ? "suppressed" : Numbers.Thousands(overall.N), Path.GetFileName(ctx.Audit.DataFile)),
            new("With the condition", hidden || overall.N == 0 ? "suppressed" : Numbers.Percent((double)overall.Positives / overall.N),
                $"label {ctx.Audit.Label} = {ctx.Audit.PositiveLabel}"),
            new("Sensitivity, all patients", hidden ? "suppressed" : Headline(overall.Metric("tpr"), percent: true),
                hidden ? null : Interval(overall.Metric("tpr"), percent: true, ctx)),
        };
        var auroc = overall.Metric("auroc");
        if (auroc.Value is not null && !hidden)
            cards.Add(new("AUROC, all patients", Headline(auroc, percent: false), Interval(auroc, percent: false, ctx)));
        var groups = ctx.Audit.Attributes.Sum(a => a.Groups.Count);
        var suppressed = ctx.Audit.Attributes.Sum(a => a.Groups.Count(ctx.Cells.IsSuppressed));
        cards.Add(new("Groups reported", $"{Numbers.Count(groups - suppressed)} of {Numbers.Count(groups)}",
            suppressed == 0 ? "none suppressed" : $"{Numbers.Count(suppressed)} suppressed (small cells)"));
        var high = ctx.Register.Count(r => r.SeverityBand == "high");
        cards.Add(new("Risks in the register", Numbers.Count(ctx.Register.Count), $"{Numbers.Count(high)} of high severity"));
        return new SummaryCards(cards);
    }

    private static string Headline(Audit.MetricValue m, bool percent) =>
        m.Value is not double v ? "n/a" : percent ? Numbers.Percent(v) : Numbers.Fixed(v, 3);

    private static string? Interval(Audit.MetricValue m, bool percent, ReportContext ctx)
    {
        if (m.Value is not double v || !m.HasInterval) return m.Value is null ? Numbers.Undefined(m) : null;
        string F(double x) => percent ? Numbers.Percent(x) : Numbers.Fixed(x, 3);
        return $"{Numbers.Level(ctx.Audit)} CI {F(m.Lower!.Value)}–{F(m.Upper!.Value)}"
            + (Numbers.Outside(v, m.Lower.Value, m.Upper.Value) ? "; " + Numbers.OutsideNote : "");
    }
}
