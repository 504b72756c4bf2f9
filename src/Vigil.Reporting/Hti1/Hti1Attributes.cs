namespace Vigil.Reporting.Hti1;

/// <summary>What Vigil can measure for an attribute, from the audited data.</summary>
public enum Hti1Measure
{
    /// <summary>Nothing: the answer comes from card.yaml only.</summary>
    None,

    /// <summary>Validity: overall AUROC, sensitivity, specificity, PPV, ECE with intervals.</summary>
    Validity,

    /// <summary>Fairness: FNR and FPR gaps against reference groups, and disparity values.</summary>
    Fairness,

    /// <summary>Demographic representativeness: the audited groups' sizes.</summary>
    Demographics,
}

/// <summary>
/// One ONC HTI-1 source attribute for predictive DSIs (45 CFR 170.315(b)(11)(iv)(B)).
/// </summary>
/// <param name="Number">1–31, in the regulation's order.</param>
/// <param name="Group">The group heading (e.g. "Purpose").</param>
/// <param name="Name">The attribute as the standard words it.</param>
/// <param name="OptionId">The EHR option id (e.g. predictive_details_developer).</param>
/// <param name="CardKeys">card.yaml keys that answer it (text or list), in order.</param>
/// <param name="Measure">What the audit can answer.</param>
/// <param name="MeasuredWhen">The evaluation_data.source for which the audit answers it (null: any source).</param>
public sealed record Hti1Item(int Number, string Group, string Name, string OptionId, IReadOnlyList<string> CardKeys, Hti1Measure Measure = Hti1Measure.None, string? MeasuredWhen = null);

/// <summary>
/// The 31 source attributes of a predictive decision support intervention under ONC HTI-1, in 9 groups, with the
/// card.yaml keys that answer them and what the audit measures (docs/report.md).
/// </summary>
public static class Hti1Attributes
{
    private const string Details = "Details & output";
    private const string Purpose = "Purpose";
    private const string Cautioned = "Cautioned out-of-scope use";
    private const string Development = "Development details & input features";
    private const string FairnessProcess = "Fairness process";
    private const string External = "External validation";
    private const string Quantitative = "Quantitative measures of performance";
    private const string Maintenance = "Ongoing maintenance of implementation & use";
    private const string Updates = "Update & continued validation / fairness assessment schedule";

    /// <summary>All 31, in order.</summary>
    public static readonly IReadOnlyList<Hti1Item> All =
    [
        new(1, Details, "Name and contact information for the intervention developer", "predictive_details_developer", ["model_details.developer", "model_details.contact"]),
        new(2, Details, "Funding source of the technical implementation for the intervention(s) development", "predictive_details_funding", ["model_details.funding"]),
        new(3, Details, "Description of value that the intervention produces as an output", "predictive_details_output_value", ["output.description"]),
        new(4, Details, "Whether the output is a prediction, classification, recommendation, evaluation, analysis, or other", "predictive_details_output_type", ["output.type"]),
        new(5, Purpose, "Intended use of the intervention", "predictive_purpose_intended_use", ["intended_use.primary_uses"]),
        new(6, Purpose, "Intended patient population(s)", "predictive_purpose_patient_population", ["intended_use.patient_population"]),
        new(7, Purpose, "Intended user(s)", "predictive_purpose_intended_users", ["intended_use.primary_users"]),
        new(8, Purpose, "Intended decision-making role (informs, augments, replaces clinical management)", "predictive_purpose_decision_role", ["intended_use.decision_role"]),
        new(9, Cautioned, "Tasks, situations, or populations where a user is cautioned against applying it", "predictive_cautions_inappropriate_use", ["intended_use.out_of_scope"]),
        new(10, Cautioned, "Known risks, inappropriate settings, inappropriate uses, or known limitations", "predictive_cautions_risks", ["ethical_considerations.risks_and_harms", "caveats_and_recommendations"]),
        new(11, Development, "Exclusion and inclusion criteria that influenced the training data set", "predictive_development_criteria", ["development.criteria"]),
        new(12, Development, "Use of (A)(5)–(13) variables as input features", "predictive_development_variables", ["development.input_variables"]),
        new(13, Development, "Demographic representativeness per (A)(5)–(13), at minimum those used as inputs", "predictive_development_demographics", ["development.demographics"], Hti1Measure.Demographics, "internal"),
        new(14, Development, "Relevance of training data to intended deployed setting", "predictive_development_relevance", ["development.relevance"]),
        new(15, FairnessProcess, "Approach taken to ensure the output is fair", "predictive_fairness_approach", ["fairness.approach"]),
        new(16, FairnessProcess, "Approaches to manage, reduce, or eliminate bias", "predictive_fairness_bias_mitigation", ["ethical_considerations.mitigations"]),
        new(17, External, "Data source, clinical setting, or environment where validity and fairness were assessed (other than training/testing source)", "predictive_validation_data_source", ["external_validation.data_source"]),
        new(18, External, "Party that conducted the external testing", "predictive_validation_tester", ["external_validation.tester"]),
        new(19, External, "Demographic representativeness of external data per (A)(5)–(13)", "predictive_validation_demographics", ["external_validation.demographics"], Hti1Measure.Demographics, "external"),
        new(20, External, "Description of external validation process", "predictive_validation_process", ["external_validation.process"]),
        new(21, Quantitative, "Validity in test data from the same source as training data", "predictive_performance_internal_validity", ["performance.internal_validity"], Hti1Measure.Validity, "internal"),
        new(22, Quantitative, "Fairness in test data from the same source", "predictive_performance_internal_fairness", ["performance.internal_fairness"], Hti1Measure.Fairness, "internal"),
        new(23, Quantitative, "Validity in external / different-source data", "predictive_performance_external_validity", ["performance.external_validity"], Hti1Measure.Validity, "external"),
        new(24, Quantitative, "Fairness in external / different-source data", "predictive_performance_external_fairness", ["performance.external_fairness"], Hti1Measure.Fairness, "external"),
        new(25, Quantitative, "References to evaluation of use on outcomes (morbidity, mortality, LOS, …)", "predictive_performance_outcome_evaluation", ["performance.outcome_evaluation"]),
        new(26, Maintenance, "Process and frequency by which validity is monitored over time", "predictive_maintenance_validity_monitoring", ["maintenance.validity_monitoring"]),
        new(27, Maintenance, "Validity in local data", "predictive_maintenance_local_validity", ["maintenance.local_validity"], Hti1Measure.Validity, "local"),
        new(28, Maintenance, "Process and frequency by which fairness is monitored over time", "predictive_maintenance_fairness_monitoring", ["maintenance.fairness_monitoring"]),
        new(29, Maintenance, "Fairness in local data", "predictive_maintenance_local_fairness", ["maintenance.local_fairness"], Hti1Measure.Fairness, "local"),
        new(30, Updates, "Process and frequency by which the intervention is updated", "predictive_updates_process", ["maintenance.update_process"]),
        new(31, Updates, "Frequency by which performance is corrected when validity/fairness risks are identified", "predictive_updates_correction", ["maintenance.correction_frequency"]),
    ];
}
