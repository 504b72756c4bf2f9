namespace Vigil.Core.Estimation;

/// <summary>
/// Platt scaling (Platt 1999) on the logit of the score: P(y = 1 | s) = σ(a + b·logit(s)), s clamped to
/// [1e-15, 1 − 1e-15] — the calibration intercept and slope of <see cref="Calibration.LogisticRecalibration"/>, used
/// as a map. Fitted by weighted maximum likelihood with a tiny ridge (λ = 1e-6) so that a score that separates the
/// classes gives a steep but finite slope instead of diverging.
/// </summary>
public sealed class PlattCalibration : ScoreCalibration
{
    private PlattCalibration(double intercept, double slope) => (Intercept, Slope) = (intercept, slope);

    /// <summary>a.</summary>
    public double Intercept { get; }

    /// <summary>b.</summary>
    public double Slope { get; }

    /// <inheritdoc />
    public override CalibrationMethod Method => CalibrationMethod.Platt;

    /// <inheritdoc />
    public override double Apply(double score) =>
        WeightedLogisticRegression.Link(Intercept + Slope * Calibration.LogisticRecalibration.Logit(score)).Mu;

    /// <summary>The map of given (a, b), e.g. a registration's reference calibration.</summary>
    public static PlattCalibration Of(double intercept, double slope)
    {
        if (!double.IsFinite(intercept) || !double.IsFinite(slope)) throw VigilException.BadData("a Platt calibration needs a finite intercept and slope");
        return new PlattCalibration(intercept, slope);
    }

    /// <summary>The maximum-likelihood (a, b) of the rows.</summary>
    public static PlattCalibration Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length", nameof(labels));
        var x = new double[scores.Length];
        for (var i = 0; i < x.Length; i++) x[i] = Calibration.LogisticRecalibration.Logit(scores[i]);
        var beta = WeightedLogisticRegression.Fit(x, 1, labels, weights, 1e-6);
        return new PlattCalibration(beta[0], beta[1]);
    }
}
