using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Estimation;

/// <summary>
/// vigil.estimate/v1: per-group performance estimated on current data without its labels (docs/estimation.md):
/// the calibration used, the covariate-shift check and whether the calibration was importance weighted, the support
/// verdict (reliable or not, with the reasons), and per group the expected confusion matrix with every metric as a METRIC.
/// </summary>
public sealed record EstimateDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    EstimateSettings Settings,
    EstimateCalibrationValue Calibration,
    EstimateShiftValue Shift,
    EstimateSupportValue Support,
    EstimateGroupValue Overall,
    IReadOnlyList<EstimateGroupingValue> Groups) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = EstimateContract.Schema;
}

/// <summary>The run's settings under their catalogue keys, and the documented bounds in force.</summary>
public sealed record EstimateSettings(
    string Label,
    string? PositiveLabel,
    string Score,
    double Threshold,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, double[]> Bands,
    int MinCell,
    IReadOnlyList<string> Features,
    int Bootstrap,
    int Seed,
    double ShiftAuroc,
    double RefuseAuroc,
    double MaxOutOfRangeShare,
    double MinEffectiveShare);

/// <summary>The calibration family ("isotonic" or "platt"), the rule that chose it, and the out-of-fold Brier scores it compared.</summary>
public sealed record EstimateCalibrationValue(
    string Method,
    string ChosenBy,
    MetricValue IsotonicBrier,
    MetricValue PlattBrier,
    int Folds,
    bool ImportanceWeighted);

/// <summary>The covariate-shift check: the domain model, its AUROC, the decision and the weights' effective sample size.</summary>
public sealed record EstimateShiftValue(
    bool Assessed,
    string Model,
    MetricValue DomainAuroc,
    bool ShiftDetected,
    bool ImportanceWeighted,
    double? EffectiveSampleSize,
    int ClippedWeights,
    int Features,
    string Reason);

/// <summary>Whether the current data stay within the reference's support; when not, the reasons (the estimate is then unreliable).</summary>
public sealed record EstimateSupportValue(bool Reliable, IReadOnlyList<string> Reasons, IReadOnlyList<double> ReferenceScoreRange, double OutOfRangeShare);

/// <summary>Expected counts of the confusion matrix (sums of calibrated probabilities).</summary>
public sealed record ExpectedConfusionValue(double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives);

/// <summary>The estimated metrics (docs/vocabulary.md keys); intervals cover the realized value on the current rows.</summary>
public sealed record EstimatedMetricsValue(
    MetricValue Sensitivity,
    MetricValue Fnr,
    MetricValue Specificity,
    MetricValue Ppv,
    MetricValue Npv,
    MetricValue SelectionRate,
    MetricValue Auroc,
    MetricValue Prevalence,
    MetricValue PrevalenceBbse,
    MetricValue PrevalenceMlls);

/// <summary>
/// One group's estimate: rows in both files, where its calibration was fitted ("group": its own reference rows;
/// "overall": all reference rows) and its family ("isotonic" or "platt"), the reliability verdict with notes, counts and metrics.
/// Counts follow the small-cell rule of every shareable output (docs/suppression.md, docs/estimation.md "Small cells"):
/// a count is null when suppressed, and rounded when CountsRounded; a withheld
/// metric is null with the reason; ExpectedConfusion is null unless every count is shown exactly. SuppressedReason says
/// what is withheld and why (null: nothing); CountsRounded is true when the row counts are rounded to the nearest 10 (a
/// group of 100 or more protecting a smaller one is never suppressed).
/// </summary>
public sealed record EstimateGroupValue(
    string Group,
    long? ReferenceRows,
    long? CurrentRows,
    bool SmallCell,
    string Calibration,
    string CalibrationMethod,
    bool Reliable,
    IReadOnlyList<string> Notes,
    double OutOfRangeShare,
    ExpectedConfusionValue? ExpectedConfusion,
    EstimatedMetricsValue Metrics,
    string? SuppressedReason,
    bool CountsRounded);

/// <summary>The groups of one protected attribute or intersection, and those present in one file only (not estimated / no reference).</summary>
public sealed record EstimateGroupingValue(
    string Attribute,
    IReadOnlyList<string> Columns,
    IReadOnlyList<EstimateGroupValue> Groups,
    IReadOnlyList<string> OnlyInReference,
    IReadOnlyList<string> OnlyInCurrent);
