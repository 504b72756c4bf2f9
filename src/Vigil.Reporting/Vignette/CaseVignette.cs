namespace Vigil.Reporting.Vignette;

/// <summary>One model input of the synthetic composite: its value, the typical flagged patient's, and its contribution to the score.</summary>
/// <param name="Feature">The model input.</param>
/// <param name="Value">The composite's value (median of numbers, most common category) as text.</param>
/// <param name="FlaggedValue">The typical flagged patient's value (the same composite of the true positives).</param>
/// <param name="Contribution">logit(score of the composite) − logit(score with this input set to the flagged patient's value).</param>
public sealed record VignetteFeature(string Feature, string Value, string FlaggedValue, double Contribution);

/// <summary>What a miss means clinically for one scenario: what the alert would have set off, when the miss surfaces, what it costs.</summary>
public sealed record MissCost(string Scenario, string Action, string Detected, string Cost, string Source);

/// <summary>
/// The committee's case vignette: a SYNTHETIC composite of the missed patients (false negatives) of the affected group,
/// scored and explained by the model, with what the miss costs; or, when no vignette may be drawn (fewer than min-cell
/// missed patients, or the composite equals a real record), the reason alone.
/// </summary>
public sealed record CaseVignette(
    string Subject, string Reference, string? Refused, int MissedPatients, string DataName, string ModelName, double Threshold,
    double Score, double FlaggedScore, IReadOnlyList<VignetteFeature> Features, string Attribution, double? GroupFnr, MissCost Cost);
