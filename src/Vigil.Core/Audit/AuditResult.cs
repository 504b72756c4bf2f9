namespace Vigil.Core.Audit;

/// <summary>A test of a group's error rate against the reference group's.</summary>
/// <param name="Difference">Group rate minus reference rate.</param>
/// <param name="PValue">Two-sided p-value of the z or Fisher test.</param>
/// <param name="PAdjusted">Holm-adjusted across the non-reference groups of the grouping.</param>
/// <param name="Method">"z" or "fisher".</param>
/// <param name="Statistic">z, or the odds ratio for Fisher (null when infinite).</param>
/// <param name="Reason">Why there is no test (e.g. the reference group itself).</param>
public sealed record RateTest(double? Difference, double? PValue, double? PAdjusted, string? Method, double? Statistic, string? Reason);

public sealed record GroupResult(GroupKey Key, long N, bool SmallCell, IReadOnlyList<Metric> Metrics, RateTest FnrVsReference, RateTest FprVsReference)
{
    public Metric this[GroupMetric m] => Metrics[(int)m];
}

public sealed record NamedMetric(string Name, Metric Metric);

public sealed record GroupingResult(
    string Name,
    IReadOnlyList<string> Columns,
    string ReferenceGroup,
    bool ReferenceIsDefault,
    IReadOnlyList<GroupResult> Groups,
    IReadOnlyList<NamedMetric> BetweenGroups,
    IReadOnlyList<NamedMetric> ToOverall,
    IReadOnlyList<NamedMetric> VsReference);

/// <summary>Everything an audit measured; renderers turn it into JSON, tables or Markdown.</summary>
public sealed record AuditResult(
    long Rows,
    bool HasScore,
    AuditOptions Options,
    IReadOnlyList<Metric> Overall,
    IReadOnlyList<GroupingResult> Groupings,
    IReadOnlyList<NamedMetric> Inequality);
