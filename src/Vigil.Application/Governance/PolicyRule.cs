namespace Vigil.Application.Governance;

/// <summary>One rule of a policy: its id, where it is in the file, and the safeguard a failure puts in force.</summary>
public abstract record PolicyRule(string Id, int Line, Safeguard? Safeguard)
{
    /// <summary>The rule's kind as the policy file names it.</summary>
    public abstract string Kind { get; }
}

/// <summary>
/// The audit must break the metrics down by <paramref name="Attribute"/> (an attribute or an intersection a*b), with every
/// group in <paramref name="Groups"/> present and every metric in <paramref name="Metrics"/> defined for it.
/// </summary>
public sealed record BreakdownRule(string Id, int Line, Safeguard? Safeguard, string Attribute, IReadOnlyList<string> Groups, IReadOnlyList<string> Metrics)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.Breakdown;
}

/// <summary>Every selected group of <paramref name="Attribute"/> (all when <paramref name="Groups"/> is empty) has at least MinN rows and MinPositives positives.</summary>
public sealed record MinGroupSizeRule(string Id, int Line, Safeguard? Safeguard, string Attribute, IReadOnlyList<string> Groups, long? MinN, long? MinPositives)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.MinGroupSize;
}

/// <summary>
/// The harm gap of <paramref name="Metric"/> between each selected group and the reference group is at most <paramref name="Max"/>:
/// by the upper bound of its Newcombe interval (<see cref="GapTest.IntervalUpper"/>, the default) or by the point estimate.
/// </summary>
public sealed record MaxGapRule(string Id, int Line, Safeguard? Safeguard, string Attribute, string Metric, IReadOnlyList<string> Groups, string? Reference, double Max, GapTest Test)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.MaxGap;
}

/// <summary>How a bound is tested: the interval (the safe default: the data must show the bound holds) or the point estimate.</summary>
public enum GapTest
{
    /// <summary>The upper bound of the interval must be within the bound.</summary>
    IntervalUpper,

    /// <summary>The point estimate must be within the bound.</summary>
    Point,
}

/// <summary>
/// The observed/expected ratio (Σy / Σscore) at every selected validation site (all when <paramref name="Sites"/> is empty)
/// lies within [<paramref name="Min"/>, <paramref name="Max"/>]: its whole interval (default) or its point estimate.
/// </summary>
public sealed record CalibrationRule(string Id, int Line, Safeguard? Safeguard, double Min, double Max, IReadOnlyList<string> Sites, GapTest Test)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.Calibration;
}

/// <summary>
/// Drift bounds: at most <paramref name="MaxDriftedShare"/> of the compared columns drift, no dataset drift unless allowed,
/// and none of <paramref name="Columns"/> drifts.
/// </summary>
public sealed record DriftRule(string Id, int Line, Safeguard? Safeguard, double? MaxDriftedShare, bool AllowDatasetDrift, IReadOnlyList<string> Columns)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.Drift;
}

/// <summary>At least <paramref name="Min"/> of the rows (overall and in every group) carry a label.</summary>
public sealed record LabelCompletenessRule(string Id, int Line, Safeguard? Safeguard, double Min)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.LabelCompleteness;
}

/// <summary>
/// Required documentation: Model Card fields of card.yaml (dotted keys), CHAI Applied Model Card fields (keys under chai),
/// and ONC HTI-1 source attributes (numbers 1-31) answered by the card or measured by the evidence.
/// </summary>
public sealed record DocumentsRule(string Id, int Line, Safeguard? Safeguard, IReadOnlyList<string> CardFields, IReadOnlyList<string> ChaiFields, IReadOnlyList<int> Hti1)
    : PolicyRule(Id, Line, Safeguard)
{
    public override string Kind => PolicyKinds.Documents;
}

/// <summary>The rule kinds as the policy file names them.</summary>
public static class PolicyKinds
{
    public const string Breakdown = "breakdown";
    public const string MinGroupSize = "min_group_size";
    public const string MaxGap = "max_gap";
    public const string Calibration = "calibration";
    public const string Drift = "drift";
    public const string LabelCompleteness = "label_completeness";
    public const string Documents = "documents";

    /// <summary>The kind of the check an expired exception adds.</summary>
    public const string Exception = "exception";

    public static readonly IReadOnlyList<string> All = [Breakdown, MinGroupSize, MaxGap, Calibration, Drift, LabelCompleteness, Documents];
}
