namespace Vigil.Reporting.Audit;

/// <summary>One METRIC of vigil.audit/v2: a value (null when undefined) with its interval and reason.</summary>
/// <param name="Value">The point estimate, or null when undefined.</param>
/// <param name="Lower">Lower end of the interval in "ci" (Wilson for rates, bootstrap otherwise), or null.</param>
/// <param name="Upper">Upper end of that interval, or null.</param>
/// <param name="Reason">Why the value is undefined, or a qualifier of a defined value.</param>
public sealed record MetricValue(double? Value, double? Lower, double? Upper, string? Reason)
{
    /// <summary>True when both ends of the interval are present.</summary>
    public bool HasInterval => Lower is not null && Upper is not null;
}

/// <summary>One TEST of vigil.audit/v2: a group's rate against the reference group's.</summary>
/// <param name="Difference">Group rate minus reference rate, or null.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="PAdjusted">Holm-adjusted p-value across the attribute's groups.</param>
/// <param name="Method">"z" or "fisher".</param>
/// <param name="Reason">Why there is no test (e.g. "reference group").</param>
public sealed record GroupTest(double? Difference, double? PValue, double? PAdjusted, string? Method, string? Reason);

/// <summary>A group of an attribute or intersection, as the audit measured it.</summary>
public sealed record GroupAudit(
    string Label,
    int N,
    int Positives,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    GroupTest? FnrTest,
    GroupTest? FprTest)
{
    /// <summary>The metric named <paramref name="name"/>, or an undefined value when the audit lacks it.</summary>
    public MetricValue Metric(string name) =>
        Metrics.TryGetValue(name, out var m) ? m : new MetricValue(null, null, null, "not in the audit");
}

/// <summary>An attribute (one column) or an intersection (several columns) with its groups.</summary>
public sealed record AttributeAudit(string Name, IReadOnlyList<string> Columns, string ReferenceGroup, IReadOnlyList<GroupAudit> Groups)
{
    /// <summary>True for an intersection such as sex*age.</summary>
    public bool IsIntersection => Columns.Count > 1;

    /// <summary>The reference group, or null when the audit does not list it.</summary>
    public GroupAudit? Reference => Groups.FirstOrDefault(g => g.Label == ReferenceGroup);

    /// <summary>
    /// The audit's "disparities" by section ("between_groups", "to_overall", "vs_reference") and metric name;
    /// empty when the audit has none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricValue>> Disparities { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, MetricValue>>();

    /// <summary>A disparity metric, or null when the audit lacks it.</summary>
    public MetricValue? Disparity(string section, string name) =>
        Disparities.TryGetValue(section, out var s) && s.TryGetValue(name, out var m) ? m : null;
}

/// <summary>What a vigil.audit/v2 document says, as far as reports need it.</summary>
public sealed record AuditReportModel(
    string SourceName,
    string DataFile,
    string Label,
    string PositiveLabel,
    string? ScoreColumn,
    string? PredictionColumn,
    double? Threshold,
    double Confidence,
    int Bootstrap,
    int? MinCell,
    int Rows,
    GroupAudit Overall,
    IReadOnlyList<AttributeAudit> Attributes,
    IReadOnlyList<string> Notes)
{
    /// <summary>The interval level as a percentage, e.g. 95.</summary>
    public double ConfidencePercent => Confidence * 100;

    /// <summary>ROC, calibration and decision curves (vigil audit --curves), or null when the audit has none.</summary>
    public CurveSet? Curves { get; init; }

    /// <summary>Significance level of the tests: 1 − confidence.</summary>
    public double Alpha => 1 - Confidence;
}
