using System.Text.Json.Nodes;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Mitigation;

/// <summary>
/// vigil.mitigation/v2: one bias mitigation fitted on a stratified training split and compared before/after on the
/// held-out rows (docs/mitigation.md). <see cref="Options"/> and <see cref="Details"/> are the method's own:
/// its options as applied and what it fitted (thresholds, weights, mix rates), different per method.
/// </summary>
public sealed record MitigationDocument(
    string Schema,
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    MitigationRunSettings Settings,
    IReadOnlyList<MitigationGroup> Groups,
    string ReferenceGroup,
    int FeatureColumns,
    MitigationMethod Method,
    JsonObject Options,
    MitigationSplit Split,
    string ScoreSource,
    TargetedDisparity TargetedDisparity,
    IReadOnlyDictionary<string, BeforeAfter> Disparities,
    MitigationSide Before,
    MitigationSide After,
    MitigationSafety Safety,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Notes,
    JsonObject Details,
    MitigationSweep? Sweep,
    MitigationOutputs Outputs) : IContractDocument;

/// <summary>
/// The options of the run (catalogue keys): label, protected attributes (several form intersections joined by '*'),
/// bands, the reference group asked for (null = the largest group), score, features, id, learner, seed, test share,
/// threshold, bootstrap resamples, levelling-down tolerance, small-cell threshold.
/// </summary>
public sealed record MitigationRunSettings(
    string Label, string PositiveLabel, IReadOnlyList<string> Protected, IReadOnlyList<string> Bands, string? Reference, string? Score,
    IReadOnlyList<string> Features, string? Id, string Learner, int Seed, double TestFraction, double Threshold, int Bootstrap,
    double LevellingTolerance, int MinCell)
{
    /// <summary>The intersection named by the user ("a*b": every protected attribute, the one sensitive feature); none when not named.</summary>
    public IReadOnlyList<string> Intersections { get; init; } = [];
}

/// <summary>A group of the protected attribute(s) over every input row, flagged when smaller than min_cell.</summary>
public sealed record MitigationGroup(string Group, long N, bool SmallCell);

/// <summary>The method: name, stage (pre-, in-, post-processing), literature citation, and its two safety properties.</summary>
public sealed record MitigationMethod(string Name, string Stage, string Citation, bool NeedsProtectedAttributeAtPrediction, bool Randomized);

/// <summary>The stratified split (group × label).</summary>
public sealed record MitigationSplit(int TrainRows, int TestRows, string StratifiedBy, int Seed);

/// <summary>The disparity the method targets, before, after and the paired-bootstrap change.</summary>
public sealed record TargetedDisparity(string Name, MetricValue Before, MetricValue After, MetricValue Change, int BootstrapReplicates);

/// <summary>A value before and after mitigation (null when undefined).</summary>
public sealed record BeforeAfter(double? Before, double? After);

/// <summary>Held-out performance overall and per group.</summary>
public sealed record MitigationSide(GroupPerformanceBlock Overall, IReadOnlyList<GroupPerformanceBlock> ByGroup);

/// <summary>PERFORMANCE of one group (or "overall") on the held-out rows.</summary>
public sealed record GroupPerformanceBlock(
    string Group, long N, long Positives, bool SmallCell, MetricValue Accuracy, MetricValue BalancedAccuracy, MetricValue Auroc,
    MetricValue Sensitivity, MetricValue Specificity, MetricValue SelectionRate);

/// <summary>Levelling down (a gap closed by making a group worse), and the method's safety properties.</summary>
public sealed record MitigationSafety(
    bool LevellingDown, double LevellingTolerance, IReadOnlyList<WorseOffGroup> WorseOff, bool NeedsProtectedAttributeAtPrediction, bool Randomized);

/// <summary>A group whose sensitivity or specificity fell by more than the tolerance.</summary>
public sealed record WorseOffGroup(string Group, string Metric, double Before, double After);

/// <summary>A sweep of the method's parameter: every point on the held-out rows, the Pareto-optimal ones, the chart.</summary>
public sealed record MitigationSweep(string? Parameter, string Disparity, IReadOnlyList<SweepPointBlock> Points, IReadOnlyList<string> Pareto, string? Chart);

/// <summary>One sweep setting: its value and label, the targeted disparity, error and balanced accuracy.</summary>
public sealed record SweepPointBlock(double Value, string Label, double? Disparity, double Error, double? BalancedAccuracy, bool ParetoOptimal);

/// <summary>The files of the run, relative to its folder.</summary>
public sealed record MitigationOutputs(string Json, string Markdown, string Data, string? Chart);
