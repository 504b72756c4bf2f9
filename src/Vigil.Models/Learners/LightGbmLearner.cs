using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Vigil.Models.Learners;

/// <summary>
/// Weighted gradient-boosted trees: ML.NET's LightGBM binary trainer with <c>ExampleWeightColumnName</c> and
/// LightGBM's own defaults made explicit (100 boosting rounds, 31 leaves, learning rate 0.1, at least 20 examples per
/// leaf, as <c>lightgbm.LGBMClassifier()</c>), one thread and a fixed seed so that a fit is deterministic.
/// </summary>
public sealed class LightGbmLearner(int seed) : IBinaryLearner
{
    public const string LearnerName = "lightgbm";

    public string Name => LearnerName;

    public string Description => "LightGBM (ML.NET; 100 rounds, 31 leaves, learning rate 0.1, min 20 examples per leaf, one thread, seeded)";

    public IBinaryPredictor Fit(FeatureMatrix x, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights)
    {
        var (labels, w, only) = Learners.Prepare(x, y, weights);
        if (only is { } label) return new ConstantPredictor(label);
        var ml = new MLContext(seed);
        var data = MatrixDataView.Create(ml, x, labels, w);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = MatrixDataView.LabelColumn,
            FeatureColumnName = MatrixDataView.FeaturesColumn,
            ExampleWeightColumnName = MatrixDataView.WeightColumn,
            NumberOfIterations = 100,
            NumberOfLeaves = 31,
            LearningRate = 0.1,
            MinimumExampleCountPerLeaf = 20,
            Seed = seed,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        var model = trainer.Fit(data);
        return new Predictor(ml, model, x.Columns);
    }

    private sealed class Predictor(MLContext ml, ITransformer model, int columns) : IBinaryPredictor
    {
        public void PredictProbability(FeatureMatrix x, Span<double> scores)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (x.Columns != columns) throw new ArgumentException($"{x.Columns} columns, the model has {columns}", nameof(x));
            if (scores.Length != x.Rows) throw new ArgumentException($"{scores.Length} scores for {x.Rows} rows", nameof(scores));
            var scored = model.Transform(MatrixDataView.Create(ml, x, null, null));
            using var cursor = scored.GetRowCursor([scored.Schema["Probability"]]);
            var getter = cursor.GetGetter<float>(scored.Schema["Probability"]);
            var i = 0;
            float p = 0;
            while (cursor.MoveNext())
            {
                getter(ref p);
                scores[i++] = p;
            }
        }
    }
}
