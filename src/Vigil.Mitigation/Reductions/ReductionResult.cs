using Vigil.Models.Learners;

namespace Vigil.Mitigation.Reductions;

/// <summary>One classifier produced by a reduction, with what it did on the training data.</summary>
/// <param name="Index">Position in <see cref="ReductionResult.Predictors"/>.</param>
/// <param name="Weight">Its probability in the randomized classifier (Grid Search: 1 for the selected one).</param>
/// <param name="TrainingError">Its 0/1 error on the training data.</param>
/// <param name="TrainingDisparity">Its largest constraint value maxₖ γₖ on the training data (see <see cref="ReductionResult.TrainingDisparity"/>).</param>
public sealed record ReductionPredictor(int Index, double Weight, double TrainingError, double TrainingDisparity);

/// <summary>
/// A fitted reduction: the classifiers the learner produced and the probability of each in the randomized
/// classifier. A classifier h predicts 1 when the learner's probability exceeds 0.5 (as scikit-learn's
/// <c>predict</c>). The randomized classifier Q predicts 1 for x with probability <c>Σ_h Q(h) · h(x)</c>
/// (<see cref="ExpectedScores"/>) — the same patient can get different answers on different calls, which is how
/// its guarantees are stated — while <see cref="PredictDeterministic"/> uses one classifier,
/// <see cref="DeterministicIndex"/>, whose guarantees are only those measured on the training data.
/// Neither needs the protected attribute at prediction time unless it is one of the features.
/// </summary>
public sealed class ReductionResult
{
    private readonly IBinaryPredictor[] _predictors;
    private readonly double[] _weights;

    internal ReductionResult(
        string method, ReductionConstraint constraint, double eps, IReadOnlyList<IBinaryPredictor> predictors,
        double[] weights, IReadOnlyList<ReductionPredictor> summaries, int deterministicIndex)
    {
        Method = method;
        Constraint = constraint;
        Eps = eps;
        _predictors = [.. predictors];
        _weights = weights;
        Summaries = summaries;
        DeterministicIndex = deterministicIndex;
    }

    /// <summary>"exponentiated_gradient" or "grid_search".</summary>
    public string Method { get; }

    public ReductionConstraint Constraint { get; }

    /// <summary>The difference bound ε (Grid Search: 0, it has no bound).</summary>
    public double Eps { get; }

    public IReadOnlyList<IBinaryPredictor> Predictors => _predictors;

    /// <summary>Probability of each predictor in the randomized classifier (sums to 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    public IReadOnlyList<ReductionPredictor> Summaries { get; }

    /// <summary>
    /// The single classifier used by <see cref="PredictDeterministic"/>. Exponentiated Gradient: among every classifier
    /// the oracle kept, the one with the lowest training error among those whose training constraint values are all
    /// within ε (γₖ ≤ ε for every k); when none is, the one with the smallest largest violation. Grid Search: the
    /// selected classifier.
    /// </summary>
    public int DeterministicIndex { get; }

    /// <summary>The predictor with the largest weight in the randomized classifier (first on ties).</summary>
    public int HighestWeightIndex
    {
        get
        {
            var best = 0;
            for (var k = 1; k < _weights.Length; k++) if (_weights[k] > _weights[best]) best = k;
            return best;
        }
    }

    /// <summary>Error of the randomized classifier on the training data, Σ_h Q(h) · err(h).</summary>
    public double TrainingError { get; init; }

    /// <summary>
    /// The randomized classifier's largest constraint value on the training data, maxₖ Σ_h Q(h) · γ_hk: the largest
    /// gap between a group's expected rate and the whole event population's (Fairlearn's moment; two groups may differ by up
    /// to twice this).
    /// </summary>
    public double TrainingDisparity { get; init; }

    /// <summary>Expected constraint values of the randomized classifier on the training data, labelled "sign,event,group".</summary>
    public IReadOnlyList<(string Constraint, double Value)> TrainingGamma { get; init; } = [];

    /// <summary>Exponentiated Gradient's best duality gap (Grid Search: NaN).</summary>
    public double BestGap { get; init; } = double.NaN;

    /// <summary>Iteration whose Q was returned (0-based).</summary>
    public int BestIteration { get; init; }

    /// <summary>Last iteration run (0-based).</summary>
    public int LastIteration { get; init; }

    /// <summary>Calls of the learner (constant predictors for one-class reductions included).</summary>
    public int OracleCalls { get; init; }

    /// <summary>The convergence threshold ν used.</summary>
    public double Nu { get; init; } = double.NaN;

    /// <summary>Expected prediction of the randomized classifier: Σ_h Q(h) · 1[p_h(x) &gt; 0.5] for every row.</summary>
    public void ExpectedScores(FeatureMatrix x, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (scores.Length != x.Rows) throw new ArgumentException($"{scores.Length} scores for {x.Rows} rows", nameof(scores));
        scores.Clear();
        var p = new double[x.Rows];
        for (var k = 0; k < _predictors.Length; k++)
        {
            var w = _weights[k];
            if (w == 0) continue;
            _predictors[k].PredictProbability(x, p);
            for (var i = 0; i < p.Length; i++) if (p[i] > 0.5) scores[i] += w;
        }
    }

    /// <summary>
    /// Randomized predictions as Fairlearn's <c>predict</c>: 1 when the expected score ≥ u, u uniform on [0, 1) drawn per
    /// row from <c>new Random(seed)</c> (reproducible for a seed, not the same draws as NumPy's).
    /// </summary>
    public void PredictRandomized(FeatureMatrix x, int seed, Span<bool> predictions)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (predictions.Length != x.Rows) throw new ArgumentException($"{predictions.Length} outputs for {x.Rows} rows", nameof(predictions));
        var scores = new double[x.Rows];
        ExpectedScores(x, scores);
        var rng = new Random(seed);
        for (var i = 0; i < scores.Length; i++) predictions[i] = scores[i] >= rng.NextDouble();
    }

    /// <summary>Predictions of the single classifier <see cref="DeterministicIndex"/>.</summary>
    public void PredictDeterministic(FeatureMatrix x, Span<bool> predictions)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (predictions.Length != x.Rows) throw new ArgumentException($"{predictions.Length} outputs for {x.Rows} rows", nameof(predictions));
        var p = new double[x.Rows];
        _predictors[DeterministicIndex].PredictProbability(x, p);
        for (var i = 0; i < p.Length; i++) predictions[i] = p[i] > 0.5;
    }

    /// <summary>The probability P(y=1|x) of the deterministic classifier's learner (a score for ROC analysis).</summary>
    public void DeterministicProbability(FeatureMatrix x, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(x);
        _predictors[DeterministicIndex].PredictProbability(x, scores);
    }
}
