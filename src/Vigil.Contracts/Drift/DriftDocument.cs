using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Drift;

/// <summary>
/// vigil.drift/v2: per-column drift tests with Evidently's defaults, the dataset verdict, drift within protected groups,
/// a domain classifier and sequential detectors (docs/drift-json.md). Every number is the one vigil.drift/v1 carried;
/// scores are METRICs and verdicts are "drift_detected" (docs/contracts-v2.md).
/// </summary>
public sealed record DriftDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    DriftSettings Settings,
    IReadOnlyList<DriftColumnValue> Columns,
    DatasetDriftValue DatasetDrift,
    IReadOnlyList<DriftGroupingValue> Groups,
    DomainClassifierValue? Multivariate,
    SequentialValue? Sequential) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = DriftContract.Schema;
}

/// <summary>The run's settings under their catalogue keys.</summary>
public sealed record DriftSettings(
    string Tests,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> ColumnTests,
    string? Score,
    string? Label,
    double DriftShare,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, double[]> Bands,
    IReadOnlyDictionary<string, string> Reference,
    int MinCell,
    bool DomainClassifier,
    string? Stream,
    IReadOnlyList<string> Detectors);

/// <summary>One compared column: its counts, the test that decides its verdict, every test run, and the binned shares.</summary>
public sealed record DriftColumnValue(
    string Column,
    string Type,
    string Role,
    long NReference,
    long NCurrent,
    long MissingReference,
    long MissingCurrent,
    string DefaultTest,
    string DriftTest,
    bool? DriftDetected,
    MetricValue Score,
    IReadOnlyDictionary<string, DriftTestValue> Tests,
    DriftHistogramValue? Histogram);

/// <summary>One test of a column: its score (p-value or distance, a METRIC with the reason when undefined), the kind, the threshold and the verdict.</summary>
public sealed record DriftTestValue(MetricValue Score, string Kind, double Threshold, bool? DriftDetected);

/// <summary>Binned shares of both files: "sturges" bins with edges (numeric) or "per_value" keys (categorical).</summary>
public sealed record DriftHistogramValue(string Binning, IReadOnlyList<double>? Edges, IReadOnlyList<string>? Keys, IReadOnlyList<double> Reference, IReadOnlyList<double> Current);

/// <summary>The dataset verdict: drift when the share of drifted columns reaches the threshold.</summary>
public sealed record DatasetDriftValue(long Columns, long DriftedColumns, long UndefinedColumns, MetricValue Share, double Threshold, bool? DriftDetected);

/// <summary>
/// Drift within each group of one protected attribute or intersection (reference group g vs current group g), and the
/// reference group the gaps are measured against (the named level, else the most current rows; null when no group is in both files).
/// </summary>
public sealed record DriftGroupingValue(
    string Attribute,
    IReadOnlyList<string> Columns,
    string? ReferenceGroup,
    IReadOnlyList<DriftGroupValue> Groups,
    IReadOnlyList<string> OnlyInReference,
    IReadOnlyList<string> OnlyInCurrent);

/// <summary>
/// One group: its rows in both files, whether either is a small cell, its column drift, its share of drifted columns
/// and that share minus the reference group's (null with the reason for small cells and undefined shares). Under the
/// small-cell rule (docs/suppression.md) a suppressed group shows no count and no statistic: its rows are null on the
/// suppressed side, its columns empty, its dataset drift null and its share and gap null, with
/// <see cref="SuppressedReason"/>; a group protecting a smaller one shows its counts rounded to the nearest 10 (<see cref="CountsRounded"/>).
/// </summary>
public sealed record DriftGroupValue(
    string Group,
    long? ReferenceRows,
    long? CurrentRows,
    bool SmallCell,
    IReadOnlyList<DriftColumnValue> Columns,
    DatasetDriftValue? DatasetDrift,
    MetricValue DriftedShare,
    MetricValue ReferenceGap)
{
    /// <summary>Why the group's counts or statistics are withheld, or null when they are shown (absent in documents written before it).</summary>
    [JsonPropertyOrder(1)]
    public string? SuppressedReason { get; init; }

    /// <summary>True when the group's row counts (and its columns' counts) are rounded to the nearest 10 to protect a smaller group.</summary>
    [JsonPropertyOrder(2)]
    public bool CountsRounded { get; init; }
}

/// <summary>The domain classifier: cross-validated AUROC of telling reference from current rows, and each feature's importance.</summary>
public sealed record DomainClassifierValue(
    string Method,
    string Model,
    int Folds,
    int Seed,
    long Rows,
    MetricValue Auroc,
    IReadOnlyList<FeatureImportanceValue> FeatureImportance);

public sealed record FeatureImportanceValue(string Feature, double AurocDrop);

/// <summary>Sequential detectors over one column of the current file in row order.</summary>
public sealed record SequentialValue(string Column, double ReferenceMean, double ReferenceSd, long Observations, IReadOnlyList<DetectorValue> Detectors);

public sealed record DetectorValue(string Detector, int AlarmCount, long? FirstAlarm, IReadOnlyList<long> Alarms, Arl0Value Arl0);

/// <summary>The in-control average run length, simulated from the reference.</summary>
public sealed record Arl0Value(double Mean, double Median, int Runs, int Censored, long MaxLength);
