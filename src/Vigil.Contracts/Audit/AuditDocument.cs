using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Audit;

/// <summary>
/// vigil.audit/v2: subgroup performance and fairness of a model's predictions (docs/audit-json.md). Every number
/// is the one vigil.audit/v1 carried; only keys moved (docs/contracts-v2.md).
/// </summary>
public sealed record AuditDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    AuditSettings Settings,
    long Rows,
    AuditOverall Overall,
    IReadOnlyList<AuditGrouping> Attributes,
    IReadOnlyDictionary<string, MetricValue> Inequality,
    IReadOnlyList<string> Notes) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = AuditContract.Schema;

    /// <summary>ROC, calibration and decision curves (`vigil audit --curves`), absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AuditCurves? Curves { get; init; }
}

/// <summary>The run's settings under their catalogue keys (docs/vocabulary.md).</summary>
public sealed record AuditSettings(
    string Label,
    string PositiveLabel,
    string? Score,
    string? Prediction,
    double? Threshold,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, string> Reference,
    IReadOnlyDictionary<string, double[]> Bands,
    double Confidence,
    int Bootstrap,
    int Seed,
    int BootstrapScoreBins,
    int MinCell,
    double GeneralizedEntropyAlpha,
    double SedfConcentration);

/// <summary>All rows: n and every group metric.</summary>
public sealed record AuditOverall(long N, IReadOnlyDictionary<string, MetricValue> Metrics);

/// <summary>One protected attribute or intersection (columns joined by '*') with its groups and disparities.</summary>
public sealed record AuditGrouping(
    string Name,
    IReadOnlyList<string> Columns,
    string ReferenceGroup,
    bool ReferenceIsDefault,
    IReadOnlyList<AuditGroup> Groups,
    AuditDisparities Disparities);

/// <summary>One group: its values per column, counts, metrics (keys of <see cref="AuditMetricKeys"/>) and tests against the reference group.</summary>
public sealed record AuditGroup(
    string Group,
    IReadOnlyDictionary<string, string> Values,
    long N,
    long Positives,
    bool SmallCell,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    AuditGroupTests Tests);

/// <summary>The group's miss rate and false-positive rate against the reference group's.</summary>
public sealed record AuditGroupTests(RateTestValue FnrVsReference, RateTestValue FprVsReference);

/// <summary>
/// A two-sided test of a group's rate against the reference group's: the difference, the raw and the
/// adjusted p-value (<see cref="Adjustment"/> names the method), the test used and its statistic, or a reason.
/// </summary>
public sealed record RateTestValue(
    double? Difference,
    double? PValue,
    double? PValueAdjusted,
    string Adjustment,
    string? Test,
    double? Statistic,
    string? Reason);

/// <summary>Fairlearn's families (between_groups, to_overall) and AIF360's (vs_reference).</summary>
public sealed record AuditDisparities(
    IReadOnlyDictionary<string, MetricValue> BetweenGroups,
    IReadOnlyDictionary<string, MetricValue> ToOverall,
    IReadOnlyDictionary<string, MetricValue> VsReference);
