using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Audit;

/// <summary>
/// The "curves" block of `vigil audit --curves`: ROC points, reliability curves with the calibration metrics and
/// decision curves, overall and per group of every attribute (keyed like "attributes"). A suppressed (small-cell)
/// group carries only n and "suppressed": true. A non-finite point (e.g. the ROC's first threshold, +∞) is null.
/// </summary>
public sealed record AuditCurves(
    CurveSettings Settings,
    GroupCurvesValue Overall,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, GroupCurvesValue>> ByAttribute);

/// <summary>Settings of the curve pass.</summary>
public sealed record CurveSettings(int Bins, int Bootstrap, int Seed, double Confidence, int MinCell, int MaxRocPoints, double ProbabilityClamp);

/// <summary>The curves of one group; a part the audit could not compute is absent (ROC: with roc_reason).</summary>
public sealed record GroupCurvesValue(long N, bool Suppressed)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RocPoints? Roc { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RocReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalibrationValue? Calibration { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DecisionCurveValue? DecisionCurve { get; init; }
}

/// <summary>An empirical ROC curve: false-positive rate and sensitivity at each score threshold.</summary>
public sealed record RocPoints(double?[] Fpr, double?[] Sensitivity, double?[] Threshold);

/// <summary>A reliability curve: {mean_predicted, observed, count} of its non-empty bins.</summary>
public sealed record ReliabilityValue(double?[] MeanPredicted, double?[] Observed, long[] Count);

/// <summary>Both reliability curves and the seven calibration METRICs (docs/calibration.md).</summary>
public sealed record CalibrationValue(
    ReliabilityValue Uniform,
    ReliabilityValue Quantile,
    MetricValue Brier,
    MetricValue Ece,
    MetricValue Mce,
    MetricValue OeRatio,
    MetricValue Citl,
    MetricValue Slope,
    MetricValue Intercept);

/// <summary>Net benefit of the model and of treating everyone at each threshold probability (Vickers and Elkin 2006).</summary>
public sealed record DecisionCurveValue(double?[] Threshold, double?[] NetBenefit, double?[] TreatAll);
