using Vigil.Reporting.Decision;
using Vigil.Reporting.Document;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Decision summary", the first screen of the report: the verdict (<see cref="Verdict"/>, rules in docs/report.md),
/// the key numbers (including why accuracy can look high), the top three risks in clinical terms (additional missed
/// cases per 1,000 positive patients and per year, with intervals) and the actions required.
/// </summary>
public static class ExecutiveSummarySection
{
    /// <summary>The section's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        var verdict = Verdict.From(ctx.Register);
        yield return new Heading(2, "Decision summary");
        yield return new Paragraph($"Verdict: {verdict.Word.ToUpperInvariant()}. " + Reason(verdict));
        if (KeyNumbers(ctx) is { } numbers) yield return new Paragraph(numbers);
        if (verdict.TopRisks.Count > 0)
        {
            yield return new Paragraph($"Top {verdict.TopRisks.Count} risk(s), most severe first:");
            var items = verdict.TopRisks.Select(r => RiskSentence(r, ctx)).ToList();
            // The committee always sees the largest missed-case gap in clinical terms, even when other kinds rank higher.
            if (!verdict.TopRisks.Any(r => r.MissedCases is not null) && ctx.Register.FirstOrDefault(r => r.MissedCases is not null) is { } missed)
                items.Add("Largest missed-case gap: " + RiskSentence(missed, ctx));
            yield return new BulletList(items);
        }
        yield return new Paragraph("Actions required:");
        yield return new BulletList(Actions(verdict));
    }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public static string Reason(Verdict v) => v.Readiness switch
    {
        Readiness.NotReady => $"{v.High.Count} high risk(s) in the register, each with statistical evidence (an interval that excludes no gap, or significance after Holm's adjustment) "
            + "and a material clinical impact. Do not use the model for patient care until they are treated and the model is re-audited.",
        Readiness.ReadyWithConditions => $"No high risk, but {v.Moderate.Count} moderate risk(s): the model may be used only with the actions below in place.",
        _ => "Every risk in the register is low; deploy with routine monitoring.",
    };

    /// <summary>Rows, positives, threshold, AUROC, sensitivity, alert rate and accuracy next to the majority-class rate; null when the overall row is suppressed.</summary>
    public static string? KeyNumbers(ReportContext ctx)
    {
        var o = ctx.Audit.Overall;
        if (ctx.Cells.IsSuppressed(o) || o.N == 0) return null;
        var prevalence = (double)o.Positives / o.N;
        var majority = Math.Max(prevalence, 1 - prevalence);
        var text = $"Audited: {Numbers.Thousands(o.N)} patients, {Numbers.Thousands(o.Positives)} with the condition (prevalence {Numbers.Percent(prevalence)})"
            + (ctx.Audit.Threshold is double t ? $", flagged at score ≥ {Numbers.Fixed(t, 2).TrimEnd('0').TrimEnd('.')}" : "") + ". "
            + (o.Metric("auroc").Value is not null ? $"AUROC {Numbers.DecimalWithCi(o.Metric("auroc"))}; " : "")
            + $"sensitivity {Numbers.PercentWithCi(Either(o, "tpr", "sensitivity"))}; alert rate {Numbers.PercentWithCi(o.Metric("selection_rate"))}";
        // Accuracy from the counts the rates rest on: (sensitivity × positives + specificity × negatives) / patients.
        if (Either(o, "tpr", "sensitivity").Value is double sens && Either(o, "tnr", "specificity").Value is double spec)
            text += $"; accuracy {Numbers.Percent((sens * o.Positives + spec * (o.N - o.Positives)) / o.N)} against {Numbers.Percent(majority)} for always predicting the majority class"
                + (prevalence < 0.2 ? " — with a rare condition accuracy mostly counts the patients without it, so it says little about who is caught" : "");
        return text + ".";
    }

    /// <summary>The metric under its audit key, or under its contracts-v2 name.</summary>
    private static Audit.MetricValue Either(Audit.GroupAudit g, string key, string v2) => g.Metrics.ContainsKey(key) ? g.Metric(key) : g.Metric(v2);

    /// <summary>One risk in clinical terms: missed cases per 1,000 positives and per year for an FNR gap; the finding and evidence otherwise.</summary>
    public static string RiskSentence(RiskRow r, ReportContext ctx)
    {
        var head = $"{r.Id} ({r.Severity} {r.SeverityBand}: {SeverityScale.ImpactWord(r.Impact)} × {SeverityScale.LikelihoodWord(r.Likelihood)}) {r.AffectedGroup}: ";
        if (r.MissedCases is not { } t) return head + $"{r.Finding}. {r.Evidence}.";
        var level = Numbers.Level(ctx.Audit);
        var per = t.PerThousandPositives;
        var text = head + $"the model misses {Numbers.Percent(t.Group.Metric("fnr").Value!.Value)} of patients with the condition against {Numbers.Percent(t.Reference.Metric("fnr").Value!.Value)} "
            + $"in {t.Reference.Label}: {Numbers.Fixed(per.Estimate, 0)} more missed per 1,000 patients with the condition ({level} interval {Numbers.Fixed(per.Lower, 0)} to {Numbers.Fixed(per.Upper, 0)})";
        if (t.PerYear is { } py && ctx.Volume is { } v)
            text += $", about {Numbers.Fixed(py.Estimate, 1)} a year ({Numbers.Fixed(py.Lower, 1)} to {Numbers.Fixed(py.Upper, 1)}) at {Numbers.Thousands(v.PatientsPerYear)} patients a year";
        return text + $"; Holm-adjusted p = {(t.Test.PAdjusted is double p ? Numbers.PValue(p) : "n/a")}.";
    }

    /// <summary>The actions: what the verdict requires, then each top risk's treatment (distinct, in order).</summary>
    public static IReadOnlyList<string> Actions(Verdict v)
    {
        var list = new List<string>
        {
            v.Readiness switch
            {
                Readiness.NotReady => "Do not deploy for patient care; treat every high risk in the register and re-audit before the committee decides again.",
                Readiness.ReadyWithConditions => "Deploy only with the treatments of every moderate risk in place, named owners, and a re-audit date.",
                _ => "Deploy with routine monitoring (vigil drift on each month's data) and re-audit at least yearly.",
            },
        };
        foreach (var r in v.TopRisks)
        {
            var action = $"{r.Id}: {r.Treatment}";
            if (!list.Contains(action, StringComparer.Ordinal)) list.Add(action);
        }
        return list;
    }
}
