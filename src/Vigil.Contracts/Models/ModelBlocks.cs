using Vigil.Contracts.Common;

namespace Vigil.Contracts.Models;

/// <summary>A model input: its column, "numeric" or "categorical", and (in train) the rows where it is missing.</summary>
public sealed record FeatureRef(string Name, string Kind)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Missing { get; init; }
}

/// <summary>The learner: "logistic" or "lightgbm", its hyper-parameters as ML.NET takes them, and the featurization.</summary>
public sealed record LearnerBlock(string Name, IReadOnlyDictionary<string, string> Parameters, string Preprocessing);

/// <summary>
/// The decision threshold: how it was chosen ("fixed", "youden", "sensitivity", "alert-rate"), the target of a
/// targeted rule (null otherwise), the value applied, on which scores it was chosen, and a note when the rule could not be met.
/// </summary>
public sealed record ThresholdBlock(string Method, double? Target, double Value, string ChosenOn, string? Note);

/// <summary>Confusion counts at the threshold.</summary>
public sealed record CountsBlock(long Tp, long Fp, long Tn, long Fn);

/// <summary>
/// Overall performance of probabilities at one threshold (docs/models.md): rows, positives, prevalence, AUROC
/// (DeLong CI), Brier, observed/expected, accuracy and the majority-class baseline, sensitivity, specificity, PPV
/// (Wilson CIs), the share flagged and the confusion counts.
/// </summary>
public sealed record PerformanceBlock(
    long N, long Positives, MetricValue Prevalence, MetricValue Auroc, MetricValue Brier, MetricValue ObservedExpected,
    MetricValue Accuracy, MetricValue MajorityBaselineAccuracy, MetricValue Sensitivity, MetricValue Specificity,
    MetricValue Ppv, MetricValue SelectionRate, CountsBlock Counts);
