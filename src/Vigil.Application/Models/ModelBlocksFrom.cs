using Vigil.Contracts.Common;
using Vigil.Contracts.Models;
using Vigil.Core;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;

namespace Vigil.Application.Models;

/// <summary>The contract blocks of train and validation documents, from the models library's results.</summary>
public static class ModelBlocksFrom
{
    public static MetricValue Metric(Metric m) => MetricValue.From(m);

    /// <summary>A finite number, or null (JSON has no NaN).</summary>
    public static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    public static PerformanceBlock Performance(BinaryPerformance p) => new(
        p.N, p.Positives, Metric(p.Prevalence), Metric(p.Auroc), Metric(p.Brier), Metric(p.ObservedExpected), Metric(p.Accuracy),
        Metric(p.MajorityBaseline), Metric(p.Sensitivity), Metric(p.Specificity), Metric(p.Ppv), Metric(p.AlertRate),
        new CountsBlock(p.Counts.Tp, p.Counts.Fp, p.Counts.Tn, p.Counts.Fn));

    public static ThresholdBlock Threshold(ThresholdChoice t, string chosenOn) => new(
        t.Rule.Name,
        t.Rule.Method is ThresholdMethod.Fixed or ThresholdMethod.Youden ? null : Finite(t.Rule.Target),
        t.Value, chosenOn, t.Note);

    public static LearnerBlock Learner(ModelKind kind, int seed)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in ModelPipeline.Parameters(kind, seed)) parameters[p.Name] = p.Value;
        return new LearnerBlock(Learners.Name(kind), parameters,
            "numeric: mean imputation + 0/1 missing indicator (when missing in the fitting rows); categorical: one-hot, missing = its own level" +
            (kind == ModelKind.Logistic ? "; then mean-variance normalization" : ""));
    }

    public static string Kind(FeatureKind kind) => kind == FeatureKind.Numeric ? "numeric" : "categorical";

    /// <summary>prediction = 1 when score ≥ threshold.</summary>
    public static int[] Predictions(double[] scores, double threshold)
    {
        var p = new int[scores.Length];
        for (var i = 0; i < p.Length; i++) p[i] = scores[i] >= threshold ? 1 : 0;
        return p;
    }
}
