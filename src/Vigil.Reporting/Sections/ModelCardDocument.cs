using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// model-card.md: the nine sections of a Model Card (Mitchell et al. 2019). Quantitative sections come from the
/// audit; the facts only a human knows come from card.yaml, and are marked "not provided" (naming the key) when
/// no card or no such key is given.
/// </summary>
public static class ModelCardDocument
{
    /// <summary>The section headings, in order.</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        "Model details", "Intended use", "Factors", "Metrics", "Evaluation data", "Training data",
        "Quantitative analyses", "Ethical considerations", "Caveats and recommendations",
    ];

    /// <summary>The card's blocks.</summary>
    public static IReadOnlyList<Block> Build(ReportContext ctx)
    {
        var c = ctx.Card;
        string T(string key) => c.Text(key) ?? $"not provided (card.yaml: {key})";
        IReadOnlyList<string> L(string key) => c.List(key) ?? [$"not provided (card.yaml: {key})"];
        var a = ctx.Audit;
        var b = new List<Block> { new Heading(1, $"Model Card: {c.Text("model_details.name") ?? "audited model"}") };
        if (c.IsEmpty) b.Add(new Paragraph("No card.yaml was given (--card): the sections that only people can fill in are marked as not provided."));

        b.Add(new Heading(2, Sections[0]));
        b.Add(new BulletList(
        [
            $"Person or organization developing the model: {T("model_details.developer")}",
            $"Model date: {T("model_details.date")}",
            $"Model version: {T("model_details.version")}",
            $"Model type: {T("model_details.type")}",
            $"Training algorithms, parameters, fairness constraints, features: {T("model_details.training_approach")}",
            $"Paper or other resource: {T("model_details.paper")}",
            $"Citation: {T("model_details.citation")}",
            $"License: {T("model_details.license")}",
            $"Where to send questions or comments: {T("model_details.contact")}",
        ]));

        b.Add(new Heading(2, Sections[1]));
        b.Add(new BulletList([$"Primary intended uses: {T("intended_use.primary_uses")}", $"Primary intended users: {T("intended_use.primary_users")}"]));
        b.Add(new Paragraph("Out-of-scope use cases:"));
        b.Add(new BulletList(L("intended_use.out_of_scope")));

        b.Add(new Heading(2, Sections[2]));
        b.Add(new BulletList(
        [
            $"Relevant factors: {T("factors.relevant")}",
            $"Evaluation factors (audited): {string.Join("; ", a.Attributes.Select(x => $"{x.Name} (groups {string.Join(", ", x.Groups.Select(g => g.Label))}; reference {x.ReferenceGroup})"))}",
            .. c.Text("factors.evaluation") is { } e ? [$"Evaluation factors (notes): {e}"] : Array.Empty<string>(),
        ]));

        b.Add(new Heading(2, Sections[3]));
        b.Add(new BulletList(
        [
            "Model performance measures: false-negative rate and sensitivity first (missed disease is the main harm), then false-positive rate, specificity, selection rate, PPV, AUROC and expected calibration error (ECE), per group; FNR and FPR gaps against a reference group.",
            a.ScoreColumn is not null
                ? $"Decision threshold: a patient is flagged when '{a.ScoreColumn}' ≥ {(a.Threshold is double t ? Numbers.Fixed(t, 2) : "n/a")}."
                : $"Decision threshold: none in the audit (0/1 predictions in column '{a.PredictionColumn}').",
            $"Approaches to uncertainty and variability: {Numbers.Level(a)} Wilson intervals on every rate; "
                + (a.Bootstrap > 0 ? $"{a.Bootstrap} bootstrap replicates for AUROC and ECE; " : "no bootstrap (AUROC and ECE without intervals); ")
                + "FNR and FPR of each group tested against the reference group (z or Fisher), Holm-adjusted within each attribute; Newcombe intervals for differences.",
            .. MethodSection.Facts(ctx),
        ]));

        b.Add(new Heading(2, Sections[4]));
        b.Add(new BulletList(
        [
            $"Datasets: {T("evaluation_data.datasets")}",
            $"Motivation: {T("evaluation_data.motivation")}",
            $"Preprocessing: {T("evaluation_data.preprocessing")}",
            ctx.Cells.IsSuppressed(a.Overall)
                ? $"Audited rows: {ctx.Cells.Note}"
                : $"Audited: {Numbers.Count(a.Rows)} rows of {a.DataFile}, {Numbers.Count(a.Overall.Positives)} with label '{a.Label}' = '{a.PositiveLabel}'.",
        ]));

        b.Add(new Heading(2, Sections[5]));
        b.Add(new Paragraph(T("training_data")));

        b.Add(new Heading(2, Sections[6]));
        b.Add(new Heading(3, "Unitary results"));
        b.Add(GroupMetricTable.Overall(a, ctx.Cells));
        foreach (var x in a.Attributes.Where(x => !x.IsIntersection))
        {
            b.Add(new Heading(4, x.Name));
            b.Add(GroupMetricTable.Build(a, x, ctx.Cells));
        }
        b.Add(new Heading(3, "Intersectional results"));
        var intersections = a.Attributes.Where(x => x.IsIntersection).ToList();
        if (intersections.Count == 0) b.Add(new Paragraph("The audit has no intersection (run vigil audit with --intersections)."));
        foreach (var x in intersections)
        {
            b.Add(new Heading(4, x.Name));
            b.Add(GroupMetricTable.Build(a, x, ctx.Cells));
        }

        if (ctx.Validation is { } v)
        {
            b.Add(new Heading(3, "External validation"));
            b.Add(new Paragraph(ValidationSection.Intro(v)));
            b.Add(new BulletList([.. ValidationSection.Statement(v, ctx.Cells.MinCell)]));
            b.AddRange(ValidationSection.Tables(v, ctx.Cells.MinCell));
        }

        b.Add(new Heading(2, Sections[7]));
        b.Add(new BulletList(
        [
            $"Data: {T("ethical_considerations.data")}",
            $"Human life: {T("ethical_considerations.human_life")}",
            $"Mitigations: {T("ethical_considerations.mitigations")}",
            $"Risks and harms: {T("ethical_considerations.risks_and_harms")}",
            $"Use cases: {T("ethical_considerations.use_cases")}",
        ]));
        if (ctx.Mitigations.Count > 0)
        {
            b.Add(new Heading(3, "Bias mitigation (measured by vigil mitigate)"));
            b.Add(new BulletList([.. ctx.Mitigations.SelectMany(m => (IEnumerable<string>)[MitigationSection.Summary(m), .. MitigationSection.Warnings(m, ctx.Cells.MinCell).Select(w => "Warning: " + w)])]));
        }
        b.Add(new Heading(3, "Bias and safety findings (measured)"));
        b.Add(new BulletList(BiasStatements.Build(ctx)));
        b.AddRange(TranslationSection.Build(ctx).Select(x => x is Heading h ? h with { Level = 3 } : x));

        b.Add(new Heading(2, Sections[8]));
        b.Add(new BulletList(L("caveats_and_recommendations")));
        var bands = ctx.Register.GroupBy(r => r.SeverityBand).ToDictionary(g => g.Key, g => g.Count());
        b.Add(new Paragraph(
            $"From the audit: the risk register (risk-register.csv) holds {ctx.Register.Count} finding(s): "
            + $"{bands.GetValueOrDefault("high")} high, {bands.GetValueOrDefault("moderate")} moderate, {bands.GetValueOrDefault("low")} low severity."));
        b.AddRange(SuppressionSection.Build(ctx).Select(x => x is Heading h ? h with { Level = 3 } : x));
        return b;
    }
}
