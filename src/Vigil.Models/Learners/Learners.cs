using Vigil.Core;

namespace Vigil.Models.Learners;

/// <summary>The weighted binary learners Vigil offers, by name.</summary>
public static class Learners
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [LogisticLearner.LearnerName, LightGbmLearner.LearnerName];

    /// <summary>
    /// <c>logistic</c>: <see cref="LogisticLearner"/> (ML.NET L-BFGS logistic regression, the objective of
    /// scikit-learn's <c>LogisticRegression(C=1)</c>); <c>lightgbm</c>: <see cref="LightGbmLearner"/> (ML.NET LightGBM
    /// with LightGBM's default settings, one thread, seeded).
    /// </summary>
    /// <exception cref="VigilException">An unknown name (usage error).</exception>
    public static IBinaryLearner Create(string name, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "LOGISTIC" => new LogisticLearner(seed),
            "LIGHTGBM" => new LightGbmLearner(seed),
            _ => throw VigilException.Usage($"unknown learner '{name}': expected one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// Checks the inputs every learner takes and copies labels and weights (an empty weight span gives all 1) into
    /// arrays; reports whether the positively weighted rows hold both classes.
    /// </summary>
    internal static (bool[] Labels, float[] Weights, bool? OnlyClass) Prepare(FeatureMatrix x, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (y.Length != x.Rows) throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        if (weights.Length != 0 && weights.Length != x.Rows)
            throw new ArgumentException($"{weights.Length} weights for {x.Rows} rows", nameof(weights));
        if (x.Rows == 0) throw new ArgumentException("no rows to train on", nameof(x));
        var labels = y.ToArray();
        var w = new float[x.Rows];
        var anyPositive = false;
        var anyNegative = false;
        for (var i = 0; i < w.Length; i++)
        {
            var wi = weights.Length == 0 ? 1.0 : weights[i];
            if (!double.IsFinite(wi) || wi < 0) throw new ArgumentException($"weight {wi} at row {i}: expected a finite value >= 0", nameof(weights));
            w[i] = (float)wi;
            if (wi > 0)
            {
                if (labels[i]) anyPositive = true;
                else anyNegative = true;
            }
        }
        if (!anyPositive && !anyNegative) throw new ArgumentException("every weight is 0", nameof(weights));
        bool? only = anyPositive && anyNegative ? null : anyPositive;
        return (labels, w, only);
    }
}

/// <summary>
/// Predicts the same probability (0 or 1) for every row: what a learner returns when the weighted training data hold
/// one class only (scikit-learn would refuse to fit; Fairlearn's reductions use such a constant predictor then).
/// </summary>
public sealed class ConstantPredictor(bool label) : IBinaryPredictor
{
    public bool Label { get; } = label;

    public void PredictProbability(FeatureMatrix x, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (scores.Length != x.Rows) throw new ArgumentException($"{scores.Length} scores for {x.Rows} rows", nameof(scores));
        scores.Fill(Label ? 1.0 : 0.0);
    }
}
