namespace Vigil.Reporting.Card;

/// <summary>What a card.yaml value must be.</summary>
public enum CardValueKind
{
    /// <summary>A scalar, read as text.</summary>
    Text,

    /// <summary>A sequence of scalars.</summary>
    TextList,

    /// <summary>A mapping with the listed keys.</summary>
    Section,

    /// <summary>A sequence of mappings, each with the listed keys.</summary>
    SectionList,
}

/// <summary>One key of card.yaml: its kind, whether it is required, its children (for sections), allowed values.</summary>
public sealed record CardField(string Key, CardValueKind Kind, bool Required, IReadOnlyList<CardField>? Children = null, IReadOnlyList<string>? AllowedValues = null);

/// <summary>
/// The keys of card.yaml: the facts of a Model Card (Mitchell et al. 2019) that only a human knows, and the
/// owners, treatments and statuses of risk-register rows. docs/report.md lists them with their meaning.
/// </summary>
public static class CardSchema
{
    /// <summary>Statuses a risk row may have.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "mitigating", "accepted", "closed"];

    /// <summary>What the output is (ONC HTI-1 source attribute 4): output.type.</summary>
    public static readonly IReadOnlyList<string> OutputTypes = ["prediction", "classification", "recommendation", "evaluation", "analysis", "other"];

    /// <summary>
    /// Where the audited data come from, relative to the training data (evaluation_data.source): "internal" (test
    /// data from the same source as training, the default), "external" (a different source), "local" (the
    /// deploying site's own data). Decides which ONC HTI-1 attributes the audit answers.
    /// </summary>
    public static readonly IReadOnlyList<string> EvaluationSources = ["internal", "external", "local"];

    /// <summary>The top-level keys.</summary>
    public static readonly IReadOnlyList<CardField> Root =
    [
        new("model_details", CardValueKind.Section, true,
        [
            new("name", CardValueKind.Text, true),
            new("version", CardValueKind.Text, true),
            new("date", CardValueKind.Text, true),
            new("developer", CardValueKind.Text, true),
            new("type", CardValueKind.Text, true),
            new("training_approach", CardValueKind.Text, true),
            new("paper", CardValueKind.Text, false),
            new("citation", CardValueKind.Text, false),
            new("license", CardValueKind.Text, true),
            new("contact", CardValueKind.Text, true),
            new("funding", CardValueKind.Text, false),
        ]),
        new("intended_use", CardValueKind.Section, true,
        [
            new("primary_uses", CardValueKind.Text, true),
            new("primary_users", CardValueKind.Text, true),
            new("out_of_scope", CardValueKind.TextList, true),
            new("patient_population", CardValueKind.Text, false),
            new("how_to_use", CardValueKind.Text, false),
            new("decision_role", CardValueKind.Text, false),
        ]),
        new("output", CardValueKind.Section, false,
        [
            new("description", CardValueKind.Text, false),
            new("type", CardValueKind.Text, false, AllowedValues: OutputTypes),
        ]),
        new("factors", CardValueKind.Section, true,
        [
            new("relevant", CardValueKind.Text, true),
            new("evaluation", CardValueKind.Text, false),
        ]),
        new("evaluation_data", CardValueKind.Section, true,
        [
            new("datasets", CardValueKind.Text, true),
            new("motivation", CardValueKind.Text, true),
            new("preprocessing", CardValueKind.Text, true),
            new("source", CardValueKind.Text, false, AllowedValues: EvaluationSources),
        ]),
        new("training_data", CardValueKind.Text, true),
        new("ethical_considerations", CardValueKind.Section, true,
        [
            new("data", CardValueKind.Text, true),
            new("human_life", CardValueKind.Text, true),
            new("mitigations", CardValueKind.Text, true),
            new("risks_and_harms", CardValueKind.Text, true),
            new("use_cases", CardValueKind.Text, true),
        ]),
        new("caveats_and_recommendations", CardValueKind.TextList, true),
        new("development", CardValueKind.Section, false,
        [
            new("criteria", CardValueKind.Text, false),
            new("input_variables", CardValueKind.Text, false),
            new("demographics", CardValueKind.Text, false),
            new("relevance", CardValueKind.Text, false),
            new("input_data_source", CardValueKind.Text, false),
            new("data_types", CardValueKind.Text, false),
        ]),
        new("fairness", CardValueKind.Section, false,
        [
            new("approach", CardValueKind.Text, false),
        ]),
        new("performance", CardValueKind.Section, false,
        [
            new("internal_validity", CardValueKind.Text, false),
            new("internal_fairness", CardValueKind.Text, false),
            new("external_validity", CardValueKind.Text, false),
            new("external_fairness", CardValueKind.Text, false),
            new("outcome_evaluation", CardValueKind.Text, false),
        ]),
        new("external_validation", CardValueKind.Section, false,
        [
            new("data_source", CardValueKind.Text, false),
            new("tester", CardValueKind.Text, false),
            new("demographics", CardValueKind.Text, false),
            new("process", CardValueKind.Text, false),
        ]),
        new("maintenance", CardValueKind.Section, false,
        [
            new("validity_monitoring", CardValueKind.Text, false),
            new("local_validity", CardValueKind.Text, false),
            new("fairness_monitoring", CardValueKind.Text, false),
            new("local_fairness", CardValueKind.Text, false),
            new("update_process", CardValueKind.Text, false),
            new("correction_frequency", CardValueKind.Text, false),
        ]),
        new("chai", CardValueKind.Section, false,
        [
            new("release_stage", CardValueKind.Text, false),
            new("global_availability", CardValueKind.Text, false),
            new("ehr_compatibility", CardValueKind.TextList, false),
            new("regulatory_approval", CardValueKind.Text, false),
            new("summary", CardValueKind.Text, false),
            new("keywords", CardValueKind.TextList, false),
            new("clinical_risk_level", CardValueKind.Text, false),
            new("foundation_models", CardValueKind.Text, false),
            new("security", CardValueKind.Text, false),
            new("transparency", CardValueKind.Text, false),
            new("third_party_information", CardValueKind.Text, false),
            new("stakeholders_consulted", CardValueKind.Text, false),
            new("evaluation_references", CardValueKind.Text, false),
            new("clinical_trial", CardValueKind.Text, false),
            new("peer_reviewed_publications", CardValueKind.Text, false),
            new("reimbursement_status", CardValueKind.Text, false),
            new("patient_consent_or_disclosure", CardValueKind.Text, false),
            new("bibliography", CardValueKind.Text, false),
        ]),
        new("risk_register", CardValueKind.Section, false,
        [
            new("default_owner", CardValueKind.Text, false),
            new("default_treatment", CardValueKind.Text, false),
            new("default_status", CardValueKind.Text, false, AllowedValues: Statuses),
            new("assignments", CardValueKind.SectionList, false,
            [
                new("kind", CardValueKind.Text, true, AllowedValues: RiskKindNames.All),
                new("group", CardValueKind.Text, false),
                new("owner", CardValueKind.Text, false),
                new("treatment", CardValueKind.Text, false),
                new("status", CardValueKind.Text, false, AllowedValues: Statuses),
            ]),
        ]),
    ];
}
