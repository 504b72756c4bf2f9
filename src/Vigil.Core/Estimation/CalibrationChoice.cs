namespace Vigil.Core.Estimation;

/// <summary>The method chosen and the cross-validated Brier scores that chose it.</summary>
/// <param name="Method">The chosen family.</param>
/// <param name="IsotonicBrier">Out-of-fold weighted Brier score of isotonic regression (NaN when not computable).</param>
/// <param name="PlattBrier">Out-of-fold weighted Brier score of Platt scaling (NaN when not computable).</param>
/// <param name="Folds">Folds used.</param>
public sealed record CalibrationChoice(CalibrationMethod Method, double IsotonicBrier, double PlattBrier, int Folds)
{
    /// <summary>
    /// The rule: fit each family on k − 1 folds of the reference and score the held-out fold by the weighted Brier
    /// score Σ wᵢ(yᵢ − p̂ᵢ)² / Σ wᵢ (the weights are the importance weights when the calibration is importance
    /// weighted); take isotonic only when its out-of-fold Brier is lower than Platt's, else Platt (two parameters: the
    /// safer choice on a tie and on small references). Brier rather than log loss because isotonic regression puts
    /// 0 and 1 at the ends, where log loss is infinite for one misclassified held-out row.
    /// </summary>
    public static CalibrationChoice Choose(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights, int folds, int seed)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), "needs at least 2 folds");
        var n = scores.Length;
        var fold = new int[n];
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        for (var i = 0; i < n; i++) fold[order[i]] = i % folds;
        var trainWeights = new double[n];
        double isoLoss = 0, plattLoss = 0, total = 0;
        for (var k = 0; k < folds; k++)
        {
            for (var i = 0; i < n; i++) trainWeights[i] = fold[i] == k ? 0 : weights.IsEmpty ? 1 : weights[i];
            var iso = IsotonicCalibration.Fit(scores, labels, trainWeights);
            var platt = PlattCalibration.Fit(scores, labels, trainWeights);
            for (var i = 0; i < n; i++)
            {
                if (fold[i] != k) continue;
                var w = weights.IsEmpty ? 1 : weights[i];
                var y = labels[i] ? 1.0 : 0.0;
                var a = iso.Apply(scores[i]) - y;
                var b = platt.Apply(scores[i]) - y;
                isoLoss += w * a * a;
                plattLoss += w * b * b;
                total += w;
            }
        }
        var isoBrier = total > 0 ? isoLoss / total : double.NaN;
        var plattBrier = total > 0 ? plattLoss / total : double.NaN;
        var method = isoBrier < plattBrier ? CalibrationMethod.Isotonic : CalibrationMethod.Platt;
        return new CalibrationChoice(method, isoBrier, plattBrier, folds);
    }
}
