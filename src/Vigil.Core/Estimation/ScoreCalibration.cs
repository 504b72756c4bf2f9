namespace Vigil.Core.Estimation;

/// <summary>A fitted map from a model score to a calibrated probability P(y = 1 | score), monotone non-decreasing.</summary>
public abstract class ScoreCalibration
{
    /// <summary>Which family fitted it.</summary>
    public abstract CalibrationMethod Method { get; }

    /// <summary>The calibrated probability of one score.</summary>
    public abstract double Apply(double score);

    /// <summary>The calibrated probability of every score.</summary>
    public void Apply(ReadOnlySpan<double> scores, Span<double> probabilities)
    {
        for (var i = 0; i < scores.Length; i++) probabilities[i] = Apply(scores[i]);
    }

    /// <summary>Fits <paramref name="method"/> to (score, label) pairs with row weights (empty: 1).</summary>
    public static ScoreCalibration Fit(CalibrationMethod method, ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights) =>
        method == CalibrationMethod.Isotonic
            ? IsotonicCalibration.Fit(scores, labels, weights)
            : PlattCalibration.Fit(scores, labels, weights);
}
