using Vigil.Reporting.Audit;
using Vigil.Reporting.Chai;
using Vigil.Reporting.Document;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting.Hti1;

/// <summary>How an attribute was answered.</summary>
public enum Hti1Source
{
    /// <summary>Vigil measured it in the audited data (card.yaml text may follow).</summary>
    Measured,

    /// <summary>Taken from card.yaml.</summary>
    Card,

    /// <summary>Neither: listed as missing with the card.yaml key to fill in.</summary>
    Missing,
}

/// <summary>One attribute's answer.</summary>
public sealed record Hti1Answer(Hti1Item Attribute, Hti1Source Source, IReadOnlyList<string> Lines)
{
    /// <summary>The measured results the answer comes from (the audit, validation.json, mitigation.json), when measured.</summary>
    public IReadOnlyList<string> MeasuredFrom { get; init; } = [];
}

/// <summary>
/// hti1-source-attributes.md: the 31 ONC HTI-1 source attributes of a predictive DSI, each answered from the audit
/// where Vigil measured it (validity, fairness and demographic group sizes of the audited data, in the slot given
/// by card.yaml evaluation_data.source: internal by default, external or local), else from card.yaml, else listed
/// as "missing — provide in card.yaml under KEY". Small cells are suppressed as everywhere else.
/// </summary>
public static class Hti1Document
{
    /// <summary>The text of a missing attribute (followed by the key).</summary>
    public const string MissingPrefix = "missing — provide in card.yaml under ";

    /// <summary>The answers, in the regulation's order.</summary>
    public static IReadOnlyList<Hti1Answer> Answers(ReportContext ctx)
    {
        var source = ctx.Card.Text("evaluation_data.source") ?? "internal";
        var answers = new List<Hti1Answer>();
        foreach (var attr in Hti1Attributes.All)
        {
            var lines = new List<string>();
            var measured = attr.Measure != Hti1Measure.None && attr.MeasuredWhen == source;
            var from = new List<string>();
            if (measured)
            {
                lines.AddRange(Measured(ctx, attr.Measure, source));
                from.Add(ctx.Audit.SourceName);
            }
            var external = Hti1External.Lines(ctx, attr.OptionId);
            if (external.Count > 0)
            {
                measured = true;
                lines.AddRange(external);
                from.AddRange(Hti1External.Sources(ctx, attr.OptionId));
            }
            var missing = new List<string>();
            foreach (var key in attr.CardKeys)
            {
                if (ctx.Card.Text(key) is { } text) lines.Add(measured ? $"Also (card.yaml {key}): {text}" : text);
                else if (ctx.Card.List(key) is { } list) lines.AddRange(list);
                else missing.Add(key);
            }
            var answered = measured || lines.Count > 0;
            if (!measured) lines.AddRange(missing.Select(k => MissingPrefix + k));
            answers.Add(new Hti1Answer(attr, measured ? Hti1Source.Measured : answered ? Hti1Source.Card : Hti1Source.Missing, lines) { MeasuredFrom = from });
        }
        return answers;
    }

    /// <summary>The document's blocks.</summary>
    public static IReadOnlyList<Block> Build(ReportContext ctx)
    {
        var answers = Answers(ctx);
        var a = ctx.Audit;
        var b = new List<Block>
        {
            new Heading(1, $"ONC HTI-1 source attributes (predictive DSI): {ctx.Card.Text("model_details.name") ?? "audited model"}"),
            new Paragraph("The 31 source attributes of a predictive decision support intervention (45 CFR 170.315(b)(11)(iv)(B)), in the regulation's order. "
                + $"{answers.Count(x => x.Source == Hti1Source.Measured)} measured by Vigil in the audit {a.SourceName} "
                + $"(the audited data are '{ctx.Card.Text("evaluation_data.source") ?? "internal"}' per card.yaml evaluation_data.source)"
                + (ctx.Validation is { } v ? $", the external validation {v.SourceName}" : "")
                + (ctx.Mitigations.Count > 0 ? $", the mitigation results {string.Join(", ", ctx.Mitigations.Select(m => m.SourceName))}" : "") + ", "
                + $"{answers.Count(x => x.Source == Hti1Source.Card)} taken from card.yaml, {answers.Count(x => x.Source == Hti1Source.Missing)} missing."),
        };
        foreach (var group in answers.GroupBy(x => x.Attribute.Group))
        {
            b.Add(new Heading(2, group.Key));
            foreach (var x in group)
            {
                b.Add(new Heading(3, $"{x.Attribute.Number}. {x.Attribute.Name}"));
                b.Add(new Paragraph($"Option ID: {x.Attribute.OptionId}. Source: " + x.Source switch
                {
                    Hti1Source.Measured => $"measured by Vigil ({string.Join(", ", x.MeasuredFrom)}).",
                    Hti1Source.Card => $"card.yaml ({string.Join(", ", x.Attribute.CardKeys)}).",
                    _ => "missing.",
                }));
                b.Add(new BulletList(x.Lines));
            }
        }
        return b;
    }

    private static IEnumerable<string> Measured(ReportContext ctx, Hti1Measure measure, string source)
    {
        var a = ctx.Audit;
        var level = Numbers.Level(a);
        switch (measure)
        {
            case Hti1Measure.Validity:
                var overall = AuditFindings.Overall(ctx);
                if (overall.Count == 0) { yield return $"Overall: {ctx.Cells.Note}."; break; }
                yield return $"Measured by Vigil on {a.DataFile} ({source} data; {Numbers.Count(a.Rows)} rows, {Numbers.Count(a.Overall.Positives)} positive), {level} intervals:";
                foreach (var m in overall) yield return $"{m.Label}: {(m.IsRate ? Numbers.PercentWithCi(m.Metric) : Numbers.DecimalWithCi(m.Metric))}";
                yield return $"Expected calibration error (ECE): {Numbers.DecimalWithCi(a.Overall.Metric("ece"))}";
                break;
            case Hti1Measure.Fairness:
                yield return $"Measured by Vigil on {a.DataFile} ({source} data), each group against its reference group; differences in percentage points with {level} Newcombe intervals and Holm-adjusted p:";
                foreach (var rate in new[] { "fnr", "fpr" })
                    foreach (var g in AuditFindings.Gaps(ctx, rate))
                        yield return $"{rate.ToUpperInvariant()} {g.Name}: {Numbers.WithSign(g.Difference * 100, 1)} points"
                            + (g.Lower is double lo && g.Upper is double hi ? $" ({Numbers.Fixed(lo * 100, 1)} to {Numbers.Fixed(hi * 100, 1)})" : "")
                            + (g.PAdjusted is double p ? $", p = {Numbers.PValue(p)}" + (p < a.Alpha ? " (significant)" : "") : "");
                foreach (var d in AuditFindings.Disparities(ctx))
                    yield return $"{d.Label}, {d.Attribute.Name}: " + (d.IsDifference
                        ? (d.Metric.Value is double v ? $"{Numbers.Fixed(v * 100, 1)} points" + (d.Metric.HasInterval ? $" ({Numbers.Fixed(d.Metric.Lower!.Value * 100, 1)} to {Numbers.Fixed(d.Metric.Upper!.Value * 100, 1)})" : "") : Numbers.Undefined(d.Metric))
                        : Numbers.DecimalWithCi(d.Metric));
                foreach (var s in Suppressed(ctx)) yield return s;
                break;
            case Hti1Measure.Demographics:
                yield return $"Group sizes in the audited data ({a.DataFile}, {source} data), for the audited attributes only:";
                foreach (var attr in a.Attributes.Where(x => !x.IsIntersection))
                    yield return $"{attr.Name}: " + string.Join("; ", attr.Groups.Select(g => ctx.Cells.IsHidden(g)
                        ? $"{g.Label} {ctx.Cells.NoteFor(g)}"
                        : $"{g.Label} {ctx.Cells.Patients(g)}" + (ctx.Cells.IsHidden(a.Overall) ? "" : $" ({Numbers.Percent((double)ctx.Cells.ShownPatients(g) / a.Rows)})")));
                foreach (var s in Suppressed(ctx)) yield return s;
                break;
            default:
                break;
        }
    }

    private static IEnumerable<string> Suppressed(ReportContext ctx)
    {
        var hidden = ctx.SuppressedGroups.Concat(ctx.SmallOutcomeGroups).Concat(ctx.ComplementaryGroups).ToList();
        if (hidden.Count > 0)
            yield return $"Not shown (small-cell suppression, fewer than {ctx.Cells.MinCell} patients, positives or negatives, or derivable from such a group): {string.Join(", ", hidden)}.";
        if (ctx.RoundedGroups.Count > 0)
            yield return $"Counts rounded to the nearest {SmallCellPolicy.RoundingBase} (rates exact), so that a smaller group cannot be derived: {string.Join(", ", ctx.RoundedGroups)}.";
        foreach (var m in SuppressionSection.MissingFindings(ctx)) yield return m;
    }
}
