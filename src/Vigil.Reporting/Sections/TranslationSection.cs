using Vigil.Reporting.Document;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Clinical risk in full": for every group whose FNR exceeds its reference group's, the expected additional missed
/// positives per 1,000 positive patients, and per year when a volume is given, as one table ordered like the risk
/// register (severity, then size), so the top findings come first. The decision summary above states the top three.
/// </summary>
public static class TranslationSection
{
    /// <summary>The translations in register order (severity, then additional missed per 1,000), then any without a row.</summary>
    public static IReadOnlyList<(MissedCaseEstimate Estimate, RiskRow? Row)> Ordered(ReportContext ctx)
    {
        var list = new List<(MissedCaseEstimate, RiskRow?)>();
        foreach (var r in ctx.Register)
            if (r.MissedCases is { } t) list.Add((t, r));
        foreach (var t in ctx.Translation.OrderByDescending(t => t.PerThousandPositives.Estimate))
            if (!list.Any(x => ReferenceEquals(x.Item1, t))) list.Add((t, null));
        return list;
    }

    /// <summary>The section's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        var level = Numbers.Level(ctx.Audit);
        yield return new Heading(2, "Clinical risk in full");
        var ordered = Ordered(ctx);
        if (ordered.Count == 0)
        {
            yield return new Paragraph("In no reported group is the false-negative rate (the share of patients with the condition whom the model misses) above its reference group's.");
        }
        else
        {
            var significant = ordered.Count(t => t.Estimate.Significant);
            var likely = ordered.Count(t => !t.Estimate.Significant && t.Estimate.Difference.Lower > 0);
            yield return new Paragraph(
                $"In {ordered.Count} group(s) the model misses a larger share of patients with the condition than in the reference group; "
                + $"{significant} of these gaps {(significant == 1 ? "is" : "are")} statistically significant after Holm's adjustment (p < {Numbers.Fixed(ctx.Audit.Alpha, 2)}), "
                + $"{likely} more {(likely == 1 ? "has" : "have")} an interval that excludes no gap, and the rest may be chance. Most severe first (as in the risk register).");
            var header = new List<string> { "risk", "group", "reference", "FNR group", "FNR reference", $"difference, points ({level} CI)", "Holm p",
                $"additional missed per 1,000 positives ({level} CI)" };
            if (ctx.Volume is not null) header.AddRange(["positive patients a year in group", $"additional missed a year ({level} CI)"]);
            header.Add("likelihood");
            var rows = ordered.Select(x =>
            {
                var t = x.Estimate;
                var row = new List<string>
                {
                    x.Row is { } r ? $"{r.Id} {r.SeverityBand}" : "",
                    $"{t.Attribute.Name} = {t.Group.Label}", t.Reference.Label,
                    Numbers.PercentWithCi(t.Group.Metric("fnr")), Numbers.PercentWithCi(t.Reference.Metric("fnr")),
                    Range(t.Difference.Scale(100), 1), t.Test.PAdjusted is double p ? Numbers.PValue(p) : "n/a",
                    Range(t.PerThousandPositives, 0),
                };
                if (t.PositivesPerYear is double ppy && t.PerYear is { } py) row.AddRange([Numbers.Fixed(ppy, 1), Range(py, 1)]);
                else if (ctx.Volume is not null) row.AddRange(["n/a", "n/a"]);
                row.Add(SeverityScale.LikelihoodWord(SeverityScale.GapLikelihood(t.Difference.Lower, t.Significant)));
                return (IReadOnlyList<string>)row;
            }).ToList();
            yield return new Table(header, rows);
        }
        yield return new Paragraph(
            "How these numbers are computed: additional missed per 1,000 positive patients = 1,000 × (FNR of the group − FNR of the reference group); "
            + $"its interval is Newcombe's {level} interval for a difference of two proportions, built from the two groups' Wilson intervals. "
            + "Likelihood: almost certain when significant after Holm's adjustment, likely when the interval excludes no gap, else possible. "
            + (ctx.Volume is { } v
                ? $"Per year: {Numbers.Thousands(v.PatientsPerYear)} patients a year in the whole deployed population (--volume) × prevalence {Numbers.Percent(v.Prevalence)} (--prevalence) "
                  + "× the group's share of the audited positive patients gives the group's positive patients a year; multiplied by the difference and its interval. "
                  + "This assumes the deployed case mix resembles the audited one."
                : "Give --volume (patients a year in the deployed population) and --prevalence to also see yearly numbers.")
            + (ctx.Cells.MinCell > 0 ? $" Groups with fewer than {ctx.Cells.MinCell} patients are not translated (suppressed)." : ""));
    }

    private static string Range(Interval i, int decimals) =>
        $"{Numbers.Fixed(i.Estimate, decimals)} ({Numbers.Fixed(i.Lower, decimals)} to {Numbers.Fixed(i.Upper, decimals)})";
}
