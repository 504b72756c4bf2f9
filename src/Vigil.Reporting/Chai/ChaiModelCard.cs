using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting.Chai;

/// <summary>
/// model-card.chai.xml: a CHAI Applied Model Card (schema v0.2, namespace <see cref="Namespace"/>). Key metrics
/// (usefulness, fairness, safety) come from the audit as ValueJson strings — {"kind":"estimate_ci","estimate",
/// "lower","upper","level","unit"} when the audit has an interval, {"kind":"single","value","unit"} otherwise —
/// and the human facts from card.yaml; a required element whose key is missing reads "Not provided (card.yaml:
/// KEY)". Suppressed groups are left out (<see cref="AuditFindings"/>).
/// </summary>
public static class ChaiModelCard
{
    /// <summary>The schema's target namespace.</summary>
    public const string Namespace = "https://mc.chai.org/v0.2/schema.xsd";

    private static readonly XNamespace Mc = Namespace;

    /// <summary>The XML text (UTF-8 declaration, indented).</summary>
    public static string Render(ReportContext ctx)
    {
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), Build(ctx));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "\t", NewLineChars = "\n" }))
            doc.Save(writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The AppliedModelCard element, in the schema's element order.</summary>
    public static XElement Build(ReportContext ctx)
    {
        var c = ctx.Card;
        string T(string key) => c.Text(key) ?? $"Not provided (card.yaml: {key})";
        string? Opt(string key) => c.Text(key);
        string Bullets(string key) => c.List(key) is { } items ? string.Join("\n", items.Select(i => "- " + i)) : $"Not provided (card.yaml: {key})";
        // Every text field may hold Markdown (CHAI v0.2): card text and measured text are escaped so that names such as
        // "sex*age" or "chai.release_stage" render literally; only the "- " list markers built here stay markup.
        XElement E(string name, object? content) => new(Mc + name, content is string text ? MarkdownWriter.EscapeLines(text) : content);
        XElement? OptE(string name, string? value) => value is null ? null : E(name, value);

        var ehr = c.List("chai.ehr_compatibility");
        var keywords = c.List("chai.keywords") ?? [];
        var caveats = c.List("caveats_and_recommendations");
        var risks = T("ethical_considerations.risks_and_harms")
            + (caveats is null ? "" : "\n\n" + string.Join("\n", caveats.Select(x => "- " + x)));

        return E("AppliedModelCard", new object?[]
        {
            E("BasicInfo", new[] { E("ModelName", T("model_details.name")), E("ModelDeveloper", T("model_details.developer")), E("DeveloperContact", T("model_details.contact")) }),
            E("ReleaseInfo", new object?[]
            {
                E("ReleaseStage", T("chai.release_stage")), E("ReleaseDate", T("model_details.date")), E("ReleaseVersion", T("model_details.version")),
                E("GlobalAvailability", T("chai.global_availability")),
                ehr is null ? null : E("EHRCompatibility", ehr.Select(x => E("EHR", x))),
                OptE("RegulatoryApproval", Opt("chai.regulatory_approval")),
            }),
            E("ModelSummary", new object[] { E("Summary", c.Text("chai.summary") ?? T("intended_use.primary_uses")), E("Keywords", keywords.Select(k => E("Keyword", k))) }),
            E("UsesAndDirections", new[]
            {
                E("IntendedUseAndWorkflow", T("intended_use.primary_uses")), E("PrimaryIntendedUsers", T("intended_use.primary_users")),
                E("HowToUse", T("intended_use.how_to_use")), E("TargetedPatientPopulation", T("intended_use.patient_population")),
                E("CautionedOutOfScopeSettings", Bullets("intended_use.out_of_scope")),
            }),
            E("Warnings", new[]
            {
                E("KnownRisksAndLimitations", risks),
                E("KnownBiasesOrEthicalConsiderations", T("ethical_considerations.data") + "\n\n" + MeasuredBias(ctx)),
                E("ClinicalRiskLevel", T("chai.clinical_risk_level")),
            }),
            E("TrustIngredients", new[]
            {
                E("AISystemFacts", new object?[]
                {
                    E("OutcomesAndOutputs", T("output.description")), E("ModelType", T("model_details.type")),
                    OptE("FoundationModels", Opt("chai.foundation_models")),
                    E("InputDataSource", T("development.input_data_source")), E("OutputAndInputDataTypes", T("development.data_types")),
                    E("DevelopmentDataCharacterization", T("training_data")),
                    E("BiasMitigationApproaches", T("ethical_considerations.mitigations")),
                    E("OngoingMaintenance", Maintenance(ctx)),
                    OptE("Security", Opt("chai.security")), OptE("Transparency", Opt("chai.transparency")),
                }),
                E("TransparencyInformation", new object?[]
                {
                    E("FundingSource", T("model_details.funding")), OptE("ThirdPartyInformation", Opt("chai.third_party_information")),
                    E("StakeholdersConsulted", T("chai.stakeholders_consulted")),
                }),
            }),
            E("KeyMetrics", new[] { Usefulness(ctx), Fairness(ctx), Safety(ctx) }),
            E("Resources", new object?[]
            {
                OptE("EvaluationReferences", Opt("chai.evaluation_references")), OptE("ClinicalTrial", Opt("chai.clinical_trial")),
                E("PeerReviewedPublications", c.Text("chai.peer_reviewed_publications") ?? c.Text("model_details.paper") ?? "Not provided (card.yaml: chai.peer_reviewed_publications)"),
                OptE("ReimbursementStatus", Opt("chai.reimbursement_status")),
                E("PatientConsentOrDisclosure", T("chai.patient_consent_or_disclosure")),
            }),
            E("Bibliography", c.Text("chai.bibliography") ?? ""),
        });
    }

    private static string Maintenance(ReportContext ctx)
    {
        var c = ctx.Card;
        var parts = new[] { ("Validity monitoring", "maintenance.validity_monitoring"), ("Fairness monitoring", "maintenance.fairness_monitoring"), ("Updates", "maintenance.update_process") }
            .Select(p => $"{p.Item1}: {c.Text(p.Item2) ?? $"Not provided (card.yaml: {p.Item2})"}");
        return string.Join("\n\n", parts);
    }

    private static string MeasuredBias(ReportContext ctx)
    {
        var gaps = AuditFindings.Gaps(ctx, "fnr").Where(g => g.Difference > 0 && AuditFindings.Significant(ctx, g)).ToList();
        return gaps.Count == 0
            ? $"Measured by Vigil ({ctx.Audit.SourceName}): no group's false-negative rate is significantly above its reference group's (Holm-adjusted, {Numbers.Level(ctx.Audit)} level)."
            : $"Measured by Vigil ({ctx.Audit.SourceName}): false-negative rate significantly above the reference group's for "
              + string.Join("; ", gaps.Select(g => $"{g.Name} ({Numbers.WithSign(g.Difference * 100, 1)} points)")) + ".";
    }

    private static XElement Metric(string name, string goal, List<XElement> results, string interpretation, ReportContext ctx)
    {
        var a = ctx.Audit;
        var rows = results.Count > 0 ? results
            : [Result($"No result shown: {(ctx.Cells.IsSuppressed(a.Overall) ? ctx.Cells.Note : "no group passes the small-cell threshold")}", "{\"kind\":\"single\",\"value\":null}")];
        return new XElement(Mc + name,
            new XElement(Mc + "MetricGoal", MarkdownWriter.EscapeLines(goal)),
            new XElement(Mc + "Results", rows),
            new XElement(Mc + "Interpretation", MarkdownWriter.EscapeLines(interpretation)),
            new XElement(Mc + "TestType", MarkdownWriter.EscapeLines($"Retrospective audit of recorded model outputs (vigil audit, {a.SourceName}); "
                + (ctx.Card.Text("evaluation_data.source") ?? "internal") + " test data (card.yaml evaluation_data.source).")),
            new XElement(Mc + "TestingDataDescription", MarkdownWriter.EscapeLines((ctx.Card.Text("evaluation_data.datasets") ?? "Not provided (card.yaml: evaluation_data.datasets)")
                + (ctx.Cells.IsSuppressed(a.Overall) ? "" : $"\n\nAudited: {Numbers.Count(a.Rows)} rows of {a.DataFile}, {Numbers.Count(a.Overall.Positives)} with label '{a.Label}' = '{a.PositiveLabel}'."))),
            new XElement(Mc + "ValidationProcessAndJustification", MarkdownWriter.EscapeLines(string.Join("\n", MethodSection.Facts(ctx).Select(f => "- " + f))
                + $"\n- Small cells: groups with fewer than {ctx.Cells.MinCell} patients (and groups from which they could be derived) are not shown.")));
    }

    /// <summary>" (n/a: reason)" for an undefined metric, else "".</summary>
    private static string NotAvailable(MetricValue m) => m.Value is null ? $" ({Numbers.Undefined(m)})" : "";

    private static XElement Result(string label, string json) =>
        new(Mc + "MetricResult", new XElement(Mc + "Label", MarkdownWriter.EscapeLines(label)), new XElement(Mc + "ValueJson", json));

    private static XElement Usefulness(ReportContext ctx)
    {
        var a = ctx.Audit;
        var overall = AuditFindings.Overall(ctx);
        var results = overall.Select(m => Result(m.Label + NotAvailable(m.Metric), m.IsRate ? ValueJson.Rate(m.Metric, a) : ValueJson.Plain(m.Metric, a, 4))).ToList();
        var threshold = a.ScoreColumn is not null && a.Threshold is double t ? $"score ≥ {Numbers.Fixed(t, 2)}" : $"the 0/1 predictions in '{a.PredictionColumn}'";
        var interpretation = overall.Count == 0 ? ctx.Cells.Note
            : string.Join("; ", overall.Select(m => $"{m.Label} {(m.IsRate ? Numbers.PercentWithCi(m.Metric) : Numbers.DecimalWithCi(m.Metric))}"))
              + $" ({Numbers.Level(a)} intervals; flagged when {threshold}).";
        return Metric("UsefulnessUsabilityEfficacy", "Discrimination (AUROC) and classification at the decision threshold on the audited data, overall.", results, interpretation, ctx);
    }

    private static XElement Fairness(ReportContext ctx)
    {
        var a = ctx.Audit;
        var results = new List<XElement>();
        foreach (var rate in new[] { "fnr", "fpr" })
            foreach (var g in AuditFindings.Gaps(ctx, rate))
                results.Add(Result($"{rate.ToUpperInvariant()} difference vs reference: {g.Name}"
                    + (g.PAdjusted is double p ? $" (Holm p = {Numbers.PValue(p)})" : ""), ValueJson.Gap(g, a)));
        foreach (var d in AuditFindings.Disparities(ctx))
            results.Add(Result($"{d.Label}: {d.Attribute.Name}", d.IsDifference ? ValueJson.Difference(d.Metric, a) : ValueJson.Plain(d.Metric, a, 4)));
        var significant = AuditFindings.Gaps(ctx, "fnr").Concat(AuditFindings.Gaps(ctx, "fpr")).Where(g => AuditFindings.Significant(ctx, g)).ToList();
        var interpretation = (significant.Count == 0
                ? "No FNR or FPR gap against a reference group is significant after Holm adjustment"
                : "Significant after Holm adjustment: " + string.Join("; ", significant.Select(g => $"{g.Rate.ToUpperInvariant()} {g.Name} {Numbers.WithSign(g.Difference * 100, 1)} points")))
            + $" ({Numbers.Level(a)} level). Differences are group − reference in percentage points with Newcombe intervals; "
            + "disparity values follow Fairlearn (between groups) with bootstrap intervals when the audit ran --bootstrap.";
        return Metric("FairnessEquity", "False-negative and false-positive rate gaps of each group against its reference group, and disparity values, for every audited attribute and intersection.",
            results, interpretation, ctx);
    }

    private static XElement Safety(ReportContext ctx)
    {
        var a = ctx.Audit;
        var rows = AuditFindings.FnrByGroup(ctx);
        var results = rows.Select(r => Result($"False-negative rate (missed disease): {r.Name}{NotAvailable(r.Fnr)}", ValueJson.Rate(r.Fnr, a))).ToList();
        var worst = rows.Where(r => r.Fnr.Value is not null && r.Name != "overall").OrderByDescending(r => r.Fnr.Value).FirstOrDefault();
        var interpretation = "The false-negative rate is the share of patients with the condition whom the model does not flag (missed disease)."
            + (worst.Name is null ? "" : $" Highest among shown groups: {worst.Name}, {Numbers.PercentWithCi(worst.Fnr)}.")
            + (ctx.Translation.Count > 0 ? " The clinical-risk translation in report.md gives the additional missed positives per 1,000 positive patients." : "");
        return Metric("SafetyReliability", "False-negative rate (missed disease) overall and in every audited group.", results, interpretation, ctx);
    }

    /// <summary>ValueJson strings in the forms of the CHAI v0.2 examples.</summary>
    private static class ValueJson
    {
        private static string Single(string value, string? unit) =>
            "{\"kind\":\"single\",\"value\":" + value + (unit is null ? "" : ",\"unit\":\"" + unit + "\"") + "}";

        private static string EstimateCi(string estimate, string lower, string upper, AuditReportModel a, string? unit) =>
            "{\"kind\":\"estimate_ci\",\"estimate\":" + estimate + ",\"lower\":" + lower + ",\"upper\":" + upper
            + ",\"level\":" + AuditFindings.Json(a.ConfidencePercent, 2) + (unit is null ? "" : ",\"unit\":\"" + unit + "\"") + "}";

        private static string Scaled(MetricValue m, AuditReportModel a, double scale, int decimals, string? unit) =>
            m.Value is not double v ? Single("null", unit)
            : m.HasInterval ? EstimateCi(AuditFindings.Json(v * scale, decimals), AuditFindings.Json(m.Lower!.Value * scale, decimals), AuditFindings.Json(m.Upper!.Value * scale, decimals), a, unit)
            : Single(AuditFindings.Json(v * scale, decimals), unit);

        /// <summary>A proportion as a percentage.</summary>
        public static string Rate(MetricValue m, AuditReportModel a) => Scaled(m, a, 100, 2, "%");

        /// <summary>A unitless value (AUROC, ratios).</summary>
        public static string Plain(MetricValue m, AuditReportModel a, int decimals) => Scaled(m, a, 1, decimals, null);

        /// <summary>A difference of proportions in percentage points.</summary>
        public static string Difference(MetricValue m, AuditReportModel a) => Scaled(m, a, 100, 2, "percentage points");

        /// <summary>A rate gap in percentage points with its Newcombe interval.</summary>
        public static string Gap(RateGap g, AuditReportModel a) =>
            Difference(new MetricValue(g.Difference, g.Lower, g.Upper, null), a);
    }
}
