using System.Text.Json.Serialization;
using Vigil.Contracts.Common;
using Vigil.Contracts.Models;

namespace Vigil.Contracts.Validation;

/// <summary>
/// vigil.validation/v2: internal (out-of-fold at the training site) versus external validation at every other site
/// (docs/validation.md). <see cref="Sites"/> lists the training site first; <see cref="Differences"/> holds
/// external minus internal per external site.
/// </summary>
public sealed record ValidationDocument(
    string Schema,
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    ValidationSettings Settings,
    IReadOnlyList<FeatureRef> Features,
    LearnerBlock Learner,
    ThresholdBlock Threshold,
    IReadOnlyList<ValidationSiteBlock> Sites,
    IReadOnlyList<SiteDifference> Differences) : IContractDocument;

/// <summary>
/// The settings of a validation: label, learner, seed, folds, the site column (null with --train/--validate), the
/// training site, the protected attributes with their bands, bootstrap resamples of the group intervals, the small-cell
/// threshold, the intersections ("a*b") and the reference group named per attribute (absent: the largest group).
/// </summary>
public sealed record ValidationSettings(
    string Label, string? PositiveLabel, string Learner, int Seed, int Folds, string? Site, string TrainSite,
    IReadOnlyList<string> Protected, IReadOnlyList<string> Bands, int Bootstrap, int MinCell)
{
    /// <summary>The intersections ("a*b") whose groups the fairness tables add; a document written before them reads as none.</summary>
    public IReadOnlyList<string> Intersections { get; init; } = [];

    /// <summary>The reference group named per attribute ("attribute" → "value"); absent attributes are measured against their largest group.</summary>
    public IReadOnlyDictionary<string, string> Reference { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// One site: its role ("internal" or "external"), where its scores come from, its predictions file, performance at the
/// training site's threshold, calibration, error rates per protected group, missing features and notes.
/// </summary>
public sealed record ValidationSiteBlock(
    string Site, string Role, string Scores, string Predictions, PerformanceBlock Performance, CalibrationBlock Calibration,
    IReadOnlyDictionary<string, IReadOnlyList<SiteGroupBlock>> Fairness, IReadOnlyList<MissingFeature> Missing,
    IReadOnlyList<string> Notes);

/// <summary>The seven calibration metrics (docs/calibration.md) and the equal-width reliability curve.</summary>
public sealed record CalibrationBlock(
    MetricValue Brier, MetricValue Ece, MetricValue Mce, MetricValue OeRatio, MetricValue Citl, MetricValue Slope,
    MetricValue Intercept, ReliabilityBlock ReliabilityUniform);

/// <summary>A reliability curve over its non-empty bins.</summary>
public sealed record ReliabilityBlock(IReadOnlyList<double?> MeanPredicted, IReadOnlyList<double?> Observed, IReadOnlyList<long> Count);

/// <summary>
/// A protected group at one site (an intersection's group joins its values with '*'): rows, positives, the small-cell
/// flag, sensitivity, FNR and FPR (Wilson CIs), the reference group of its attribute at that site, and the group's FNR
/// and FPR minus the reference group's (null with a reason for the reference group itself or an empty denominator).
/// </summary>
public sealed record SiteGroupBlock(string Group, long N, long Positives, bool SmallCell, MetricValue Sensitivity, MetricValue Fnr, MetricValue Fpr)
{
    /// <summary>The group of this attribute the differences are against; null only in documents written before it was recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReferenceGroup { get; init; }

    /// <summary>This group's FNR minus the reference group's (audit's false_negative_rate_difference, per group).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricValue? FalseNegativeRateDifference { get; init; }

    /// <summary>This group's FPR minus the reference group's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricValue? FalsePositiveRateDifference { get; init; }
}

/// <summary>A feature missing at a site: rows, share, and whether the model saw it missing in training.</summary>
public sealed record MissingFeature(string Feature, long Missing, double? Share, bool MissingInTraining);

/// <summary>External minus internal at one external site, per performance measure, calibration metric and group rate.</summary>
public sealed record SiteDifference(
    string Site, string Of, IReadOnlyDictionary<string, double?> Performance, IReadOnlyDictionary<string, double?> Calibration,
    IReadOnlyDictionary<string, IReadOnlyList<GroupDifference>> Fairness);

/// <summary>External minus internal rates of one group (null when the group is missing or a rate undefined at either site).</summary>
public sealed record GroupDifference(string Group, double? Sensitivity, double? Fnr, double? Fpr);
