namespace Vigil.Models.Learners;

/// <summary>
/// A binary classifier trainer that honours per-example weights: it minimises its loss with example i counted
/// <c>weights[i]</c> times. The reductions (Exponentiated Gradient, Grid Search) and Reweighing rely on that.
/// </summary>
public interface IBinaryLearner
{
    /// <summary>Short name (as given to <see cref="Learners.Create"/>).</summary>
    string Name { get; }

    /// <summary>A human-readable description of the learner and its settings (for reports).</summary>
    string Description { get; }

    /// <summary>
    /// Trains on <paramref name="x"/> and labels <paramref name="y"/> with example weights <paramref name="weights"/>
    /// (an empty span means every weight is 1; otherwise one finite non-negative weight per row).
    /// </summary>
    IBinaryPredictor Fit(FeatureMatrix x, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights);
}

/// <summary>A trained binary classifier.</summary>
public interface IBinaryPredictor
{
    /// <summary>Writes P(y = 1 | x) of every row of <paramref name="x"/> into <paramref name="scores"/> (length x.Rows).</summary>
    void PredictProbability(FeatureMatrix x, Span<double> scores);
}
