using Vigil.Contracts.Common;

namespace Vigil.Contracts.Estimation;

/// <summary>
/// A reference calibration map kept in a model's registration (vigil.model-registration/v1, reference.calibration):
/// P(y = 1 | score) fitted at register time on the labelled reference, so that the service can estimate performance on
/// pending predictions without the reference rows (docs/estimation.md, "In the service"). One map for all rows
/// (attribute null, level "overall") and one per group with at least 200 reference rows and 20 of each class (else the
/// group uses the overall map). Method "isotonic": the blocks (Low, High, Value), a score inside a block maps to its
/// value, between blocks to the linear interpolation, beyond the ends to the end block's value. Method "platt":
/// σ(Intercept + Slope·logit score). Chosen per map by 5-fold cross-validated Brier score (as `vigil estimate`).
/// </summary>
/// <param name="Attribute">Protected attribute (null: all rows).</param>
/// <param name="Level">The group's level ("overall" for all rows).</param>
/// <param name="Method">"isotonic" or "platt".</param>
/// <param name="Low">Isotonic blocks' lowest scores (empty for Platt).</param>
/// <param name="High">Isotonic blocks' highest scores.</param>
/// <param name="Value">Isotonic blocks' calibrated probabilities.</param>
/// <param name="Intercept">Platt a (null for isotonic).</param>
/// <param name="Slope">Platt b (null for isotonic).</param>
/// <param name="ScoreMin">Lowest reference score the map was fitted on.</param>
/// <param name="ScoreMax">Highest reference score the map was fitted on.</param>
public sealed record ReferenceCalibration(
    string? Attribute,
    string Level,
    string Method,
    IReadOnlyList<double> Low,
    IReadOnlyList<double> High,
    IReadOnlyList<double> Value,
    double? Intercept,
    double? Slope,
    double ScoreMin,
    double ScoreMax);

/// <summary>
/// A status group's estimated performance on its pending predictions (labels not matured yet), beside the realized
/// performance of its matured ones (GroupStatus.estimated; docs/estimation.md, "In the service"): CBPE with the
/// registration's reference calibration map. An estimate, never a measurement: it assumes P(y | score) is the reference's
/// (no concept shift, no feedback loop changing outcomes) and says when it cannot be trusted.
/// </summary>
/// <param name="Pending">Pending predictions it is computed on (as the status shows the group's pending count: null when suppressed, rounded when rounded).</param>
/// <param name="Calibration">"group" (the group's own reference map) or "overall" (the overall map: the group had too few reference rows).</param>
/// <param name="Method">"isotonic" or "platt".</param>
/// <param name="Reliable">False when the estimate is not to be trusted (the reasons say why).</param>
/// <param name="Reasons">Why it is unreliable or undefined, and qualifications.</param>
/// <param name="Sensitivity">E[TP]/(E[TP] + E[FN]) over the pending predictions; percentile interval of the realized value under outcomes drawn from the calibrated probabilities.</param>
/// <param name="Fnr">1 − sensitivity.</param>
/// <param name="Fpr">E[FP]/(E[FP] + E[TN]).</param>
/// <param name="Ppv">E[TP]/alerts.</param>
/// <param name="Prevalence">Mean calibrated probability.</param>
public sealed record EstimatedStatusValue(
    long? Pending,
    string? Calibration,
    string? Method,
    bool Reliable,
    IReadOnlyList<string> Reasons,
    MetricValue Sensitivity,
    MetricValue Fnr,
    MetricValue Fpr,
    MetricValue Ppv,
    MetricValue Prevalence);
