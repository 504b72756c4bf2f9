using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Scan;

/// <summary>
/// vigil.scan/v2: hidden stratification — the subgroups (conjunctions of protected attribute values) whose error rate
/// is significantly worse than the rest, by MDSS or an exhaustive scan (docs/scan.md). v1's numbers under the v2 keys.
/// </summary>
public sealed record ScanDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    ScanSettings Settings,
    ScanOverall Overall,
    ScanSearch Search,
    IReadOnlyList<ScanSubgroupValue> Subgroups,
    IReadOnlyList<ScanSubgroupValue> Intersections,
    ScanReferenceValue? ReferenceGroup,
    IReadOnlyList<string> Notes) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = ScanContract.Schema;
}

/// <summary>
/// The run's settings. <see cref="PValue"/> says how p-values were obtained ("randomization", "none" or the
/// exhaustive scan's tests); <see cref="Permutations"/> and <see cref="Restarts"/> apply to MDSS, <see cref="Adjustment"/>
/// to the exhaustive scan (null otherwise). <see cref="Intersections"/> are the named intersections evaluated cell by
/// cell, <see cref="Reference"/> the reference group (attribute → level) the gaps are measured against.
/// </summary>
public sealed record ScanSettings(
    string Label,
    string PositiveLabel,
    string? Score,
    string? Prediction,
    double? Threshold,
    IReadOnlyList<string> Protected,
    IReadOnlyDictionary<string, double[]> Bands,
    string Metric,
    string Population,
    string Method,
    int MaxOrder,
    int MinSize,
    int MinCell,
    int Top,
    int Seed,
    double Alpha,
    double Confidence,
    int? Restarts,
    int? Permutations,
    string PValue,
    string? Adjustment,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, string> Reference);

/// <summary>The reference group (<c>reference_group</c>): its definition, counts and rate.</summary>
public sealed record ScanReferenceValue(string Group, long Rows, long Population, long Events, MetricValue Rate);

/// <summary>All rows: counts, the scanned population and its events, the overall rate and the cells searched.</summary>
public sealed record ScanOverall(long Rows, long Positives, long Population, long Events, MetricValue Rate, int Cells);

/// <summary>Candidates examined and, for MDSS, the distribution of the maximal score under the null (the permutations).</summary>
public sealed record ScanSearch(long Candidates, NullScoreSummary? NullMaxScore);

public sealed record NullScoreSummary(int Permutations, double Mean, double Q95, double Max);

/// <summary>
/// One reported subgroup, ranked by score (the search's subgroups) or by score among the named intersection cells.
/// <see cref="ReferenceGap"/> is its rate minus the reference group's (null without a reference group).
/// </summary>
public sealed record ScanSubgroupValue(
    int Rank,
    string Definition,
    IReadOnlyList<ScanConditionValue> Conditions,
    int Order,
    long Rows,
    long Positives,
    long Population,
    long Events,
    MetricValue Rate,
    MetricValue ComplementRate,
    double Score,
    double? OddsMultiplier,
    double? PValue,
    string? Test,
    double? PValueAdjusted,
    string? Adjustment,
    bool Significant,
    bool SmallCell,
    MetricValue? ReferenceGap);

public sealed record ScanConditionValue(string Attribute, IReadOnlyList<string> Values);
