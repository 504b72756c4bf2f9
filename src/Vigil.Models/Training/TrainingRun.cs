using Vigil.Core;
using Vigil.Core.Thresholds;

namespace Vigil.Models.Training;

/// <summary>Everything `vigil train` computes (before writing it out).</summary>
/// <param name="CrossValidation">Folds and out-of-fold scores.</param>
/// <param name="Threshold">The threshold chosen on the out-of-fold scores.</param>
/// <param name="OutOfFold">Performance of the out-of-fold scores at that threshold.</param>
/// <param name="Final">The pipeline fitted on every row (what is saved and exported).</param>
public sealed record TrainingResult(CrossValidationResult CrossValidation, ThresholdChoice Threshold, BinaryPerformance OutOfFold, TrainedModel Final);

/// <summary>
/// Cross-validates, chooses the threshold on the out-of-fold scores of the training rows (never on data the model is
/// later validated on), measures the out-of-fold performance at it, and fits the final model on all rows.
/// </summary>
public static class TrainingRun
{
    public static TrainingResult Run(ModelTable table, ModelKind kind, int folds, int seed, ThresholdRule rule, string dataName)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rule);
        var label = table.Label ?? throw new ArgumentException("the table has no label", nameof(table));
        var positives = 0;
        foreach (var y in label)
            if (y) positives++;
        if (positives == 0 || positives == label.Length)
            throw VigilException.BadData(
                $"{dataName}: the label has only {(positives == 0 ? "negative" : "positive")} values in all {label.Length} rows; a model needs both classes");
        var cv = CrossValidation.Run(table, kind, folds, seed, dataName);
        var threshold = ThresholdSelection.Choose(rule, cv.Scores, label);
        var performance = BinaryPerformance.Compute(cv.Scores, label, threshold.Value);
        var final = TrainedModel.Fit(table, null, kind, seed);
        return new TrainingResult(cv, threshold, performance, final);
    }
}
