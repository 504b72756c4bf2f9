using Vigil.Reporting.Document;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Clinical risk in plain words": for every group whose FNR exceeds its reference group's, the expected
/// additional missed positives per 1,000 positive patients, and per year when a volume is given.
/// </summary>
public static class TranslationSection
{
    /// <summary>The section's blocks.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx)
    {
        var level = Numbers.Level(ctx.Audit);
        yield return new Heading(2, "Clinical risk in plain words");
        var ordered = ctx.Translation.OrderByDescending(t => t.Significant).ThenByDescending(t => t.PerThousandPositives.Estimate).ToList();
        if (ordered.Count == 0)
        {
            yield return new Paragraph("In no reported group is the false-negative rate (the share of patients with the condition whom the model misses) above its reference group's.");
        }
        else
        {
            var significant = ordered.Count(t => t.Significant);
            yield return new Paragraph(
                $"In {ordered.Count} group(s) the model misses a larger share of patients with the condition than in the reference group; "
                + $"{significant} of these gaps {(significant == 1 ? "is" : "are")} statistically significant after Holm's adjustment (p < {Numbers.Fixed(ctx.Audit.Alpha, 2)}).");
            yield return new BulletList(ordered.Select(t => Sentence(t, ctx, level)).ToList());
            var header = new List<string> { "group", "reference", "FNR group", "FNR reference", $"difference, points ({level} CI)", "Holm p",
                $"additional missed per 1,000 positives ({level} CI)" };
            if (ctx.Volume is not null) header.AddRange(["positive patients a year in group", $"additional missed a year ({level} CI)"]);
            var rows = ordered.Select(t =>
            {
                var row = new List<string>
                {
                    $"{t.Attribute.Name} = {t.Group.Label}", t.Reference.Label,
                    Numbers.PercentWithCi(t.Group.Metric("fnr")), Numbers.PercentWithCi(t.Reference.Metric("fnr")),
                    Range(t.Difference.Scale(100), 1), t.Test.PAdjusted is double p ? Numbers.PValue(p) : "n/a",
                    Range(t.PerThousandPositives, 0),
                };
                if (t.PositivesPerYear is double ppy && t.PerYear is { } py) row.AddRange([Numbers.Fixed(ppy, 1), Range(py, 1)]);
                else if (ctx.Volume is not null) row.AddRange(["n/a", "n/a"]);
                return (IReadOnlyList<string>)row;
            }).ToList();
            yield return new Table(header, rows);
        }
        yield return new Paragraph(
            "How these numbers are computed: additional missed per 1,000 positive patients = 1,000 × (FNR of the group − FNR of the reference group); "
            + $"its interval is Newcombe's {level} interval for a difference of two proportions, built from the two groups' Wilson intervals. "
            + (ctx.Volume is { } v
                ? $"Per year: {Numbers.Thousands(v.PatientsPerYear)} patients a year in the whole deployed population (--volume) × prevalence {Numbers.Percent(v.Prevalence)} (--prevalence) "
                  + "× the group's share of the audited positive patients gives the group's positive patients a year; multiplied by the difference and its interval. "
                  + "This assumes the deployed case mix resembles the audited one."
                : "Give --volume (patients a year in the deployed population) and --prevalence to also see yearly numbers.")
            + (ctx.Cells.MinCell > 0 ? $" Groups with fewer than {ctx.Cells.MinCell} patients are not translated (suppressed)." : ""));
    }

    private static string Sentence(MissedCaseEstimate t, ReportContext ctx, string level)
    {
        var per = t.PerThousandPositives;
        var text = $"{t.Attribute.Name} = {t.Group.Label}: the model misses {Numbers.Percent(t.Group.Metric("fnr").Value!.Value)} of patients with the condition, "
            + $"against {Numbers.Percent(t.Reference.Metric("fnr").Value!.Value)} in the reference group {t.Reference.Label}. "
            + $"For every 1,000 patients with the condition in this group, that is about {Numbers.Fixed(per.Estimate, 0)} more missed cases ({level} interval: {Words(per, 0)}). "
            + (t.Significant
                ? $"The gap is statistically significant after Holm's adjustment (p = {Numbers.PValue(t.Test.PAdjusted!.Value)})."
                : $"The gap is not statistically significant after Holm's adjustment (p = {(t.Test.PAdjusted is double p ? Numbers.PValue(p) : "n/a")}); it may be chance, and more data are needed to rule it in or out.");
        if (t.PerYear is { } py && ctx.Volume is { } v)
            text += $" At {Numbers.Thousands(v.PatientsPerYear)} patients a year with prevalence {Numbers.Percent(v.Prevalence)}, about {Numbers.Fixed(t.PositivesPerYear!.Value, 1)} patients with the condition a year fall in this group, "
                + $"and about {Numbers.Fixed(py.Estimate, 1)} additional cases a year would be missed ({level} interval: {Words(py, 1)}).";
        return text;
    }

    /// <summary>"12 to 30 more", or "5 fewer to 30 more" when the interval crosses zero.</summary>
    private static string Words(Interval i, int decimals) =>
        i.Lower < 0
            ? $"{Numbers.Fixed(-i.Lower, decimals)} fewer to {Numbers.Fixed(i.Upper, decimals)} more"
            : $"{Numbers.Fixed(i.Lower, decimals)} to {Numbers.Fixed(i.Upper, decimals)} more";

    private static string Range(Interval i, int decimals) =>
        $"{Numbers.Fixed(i.Estimate, decimals)} ({Numbers.Fixed(i.Lower, decimals)} to {Numbers.Fixed(i.Upper, decimals)})";
}
