using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Vigil.Models.Learners;

/// <summary>
/// Weighted L2-regularised logistic regression: ML.NET's L-BFGS trainer
/// (<c>LbfgsLogisticRegressionBinaryTrainer</c>) with <c>ExampleWeightColumnName</c>, L1 = 0, L2 = 1/C with C = 1.
/// </summary>
/// <remarks>
/// <para>Regularisation mapping. scikit-learn's <c>LogisticRegression(penalty="l2", C)</c> minimises
/// <c>½‖β‖² + C · Σᵢ wᵢ · ℓ(yᵢ, β·xᵢ + b)</c> (intercept b not penalised by lbfgs), ℓ the natural-log logistic loss.
/// ML.NET's L-BFGS trainer (LbfgsTrainerBase.DifferentiableFunction) minimises
/// <c>(Σᵢ wᵢ · ℓ(yᵢ, β·xᵢ + b) + (L2/2) · ‖β‖²) / Σᵢ wᵢ</c> (bias not penalised). Dividing scikit-learn's objective by C
/// and ML.NET's by nothing but the constant Σwᵢ, the minimisers coincide exactly when <c>L2 = 1/C</c>; so C = 1 ⇒
/// L2Regularization = 1 and L1Regularization = 0 (ML.NET's default L1 is 1, which we switch off).</para>
/// <para>Differences that remain: ML.NET optimises in single precision and stops on a relative improvement
/// of the objective (tolerance 1e-7 here) while scikit-learn stops on the projected gradient (tol 1e-4). On the
/// golden fixture (x1..x3 standardized) the coefficients agree with scikit-learn 1.2.1 to 7e-8.</para>
/// <para>Prediction uses the fitted weights directly: P(y=1|x) = 1 / (1 + exp(−(β·x + b))) (ML.NET's Platt calibrator
/// for this trainer is the identity logistic link, slope −1, offset 0; its values are applied as fitted).</para>
/// </remarks>
public sealed class LogisticLearner(int seed, double c = 1.0) : IBinaryLearner
{
    public const string LearnerName = "logistic";

    public string Name => LearnerName;

    /// <summary>scikit-learn's inverse regularisation strength C (ML.NET L2 = 1/C).</summary>
    public double C { get; } = c > 0 && double.IsFinite(c) ? c : throw new ArgumentOutOfRangeException(nameof(c), "C must be > 0");

    public string Description => $"logistic regression (ML.NET L-BFGS, L2 = 1/C with C = {C}, no L1; as scikit-learn LogisticRegression(C={C}))";

    public IBinaryPredictor Fit(FeatureMatrix x, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights) => FitLinear(x, y, weights);

    /// <summary>As <see cref="Fit"/>, typed: the fitted coefficients are readable.</summary>
    public IBinaryPredictor FitLinear(FeatureMatrix x, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights)
    {
        var (labels, w, only) = Learners.Prepare(x, y, weights);
        if (only is { } label) return new ConstantPredictor(label);
        var ml = new MLContext(seed);
        var data = MatrixDataView.Create(ml, x, labels, w);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = MatrixDataView.LabelColumn,
            FeatureColumnName = MatrixDataView.FeaturesColumn,
            ExampleWeightColumnName = MatrixDataView.WeightColumn,
            L1Regularization = 0f,
            L2Regularization = (float)(1.0 / C),
            OptimizationTolerance = 1e-7f,
            MaximumNumberOfIterations = 1000,
            HistorySize = 20,
            // Two threads: ML.NET then holds the examples in memory and sums the two chunks' losses and gradients in
            // a fixed order, so a fit is still deterministic (one thread would stream the rows on every evaluation).
            NumberOfThreads = 2,
        });
        var model = trainer.Fit(data).Model;
        var linear = model.SubModel;
        var coefficients = new double[x.Columns];
        var i = 0;
        foreach (var v in linear.Weights) coefficients[i++] = v;
        return new LinearPredictor(coefficients, linear.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }
}

/// <summary>
/// A fitted linear logistic model: P(y=1|x) = 1 / (1 + exp(Slope · (β·x + b) + Offset)); ML.NET's logistic regression
/// gives Slope = −1, Offset = 0.
/// </summary>
public sealed class LinearPredictor : IBinaryPredictor
{
    private readonly double[] _coefficients;

    public LinearPredictor(double[] coefficients, double intercept, double slope = -1, double offset = 0)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        _coefficients = coefficients;
        Intercept = intercept;
        Slope = slope;
        Offset = offset;
    }

    public IReadOnlyList<double> Coefficients => _coefficients;

    public double Intercept { get; }

    public double Slope { get; }

    public double Offset { get; }

    public void PredictProbability(FeatureMatrix x, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != _coefficients.Length) throw new ArgumentException($"{x.Columns} columns, the model has {_coefficients.Length}", nameof(x));
        if (scores.Length != x.Rows) throw new ArgumentException($"{scores.Length} scores for {x.Rows} rows", nameof(scores));
        var values = x.Values;
        var d = _coefficients.Length;
        for (var i = 0; i < x.Rows; i++)
        {
            var s = Intercept;
            var baseIndex = i * d;
            for (var c = 0; c < d; c++) s += _coefficients[c] * values[baseIndex + c];
            scores[i] = 1.0 / (1.0 + Math.Exp(Slope * s + Offset));
        }
    }
}
