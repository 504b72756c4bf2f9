using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace Vigil.Models.Training;

/// <summary>The learners `vigil train` offers.</summary>
public enum ModelKind
{
    Logistic,
    LightGbm,
}

/// <summary>A named learner setting, reported in train.json.</summary>
public sealed record ModelParameter(string Name, string Value);

/// <summary>
/// The ML.NET pipeline of `vigil train` (docs/models.md):
/// <list type="bullet">
/// <item>numeric feature x: when x has missing values in the rows the pipeline is fitted on, a 0/1 indicator
/// "x__missing" (IndicateMissingValues, cast to Single); then x with NaN replaced by the mean of the fitting rows
/// (ReplaceMissingValues, mode Mean);</item>
/// <item>categorical feature c: one-hot over the levels seen in the fitting rows (OneHotEncoding, output Indicator);
/// a missing cell is the level "(missing)"; a level not seen when fitting encodes as all zeros;</item>
/// <item>all of these concatenated into "Features";</item>
/// <item>logistic: mean–variance normalization of every feature column (NormalizeMeanVariance with fixZero = false:
/// (x − mean)/sd over the fitting rows; a constant column stays 0), then ML.NET's L-BFGS logistic regression with its
/// defaults (L2 = 1, L1 = 1, optimization tolerance 1e-7, history size 20, at most int.MaxValue iterations) on one
/// thread; its probability is the logistic function of the linear score;</item>
/// <item>lightgbm: ML.NET's LightGBM binary trainer with 100 iterations, 31 leaves, at least 20 rows per leaf,
/// learning rate 0.1, the seed given, one thread (deterministic), no categorical splits (UseCategoricalSplit = false: the
/// one-hot columns are split as 0/1 numbers, because ML.NET's OnnxConverter writes categorical splits as tree nodes
/// with feature id −1, which ONNX Runtime rejects); probability from ML.NET's Platt calibration of the
/// raw score (the sigmoid of the raw score, scaled by −0.5 as LightGBM's binary objective prescribes).</item>
/// </list>
/// </summary>
public static class ModelPipeline
{
    public const string FeaturesColumn = "Features";
    public const string ProbabilityColumn = "Probability";

    public static IReadOnlyList<ModelParameter> Parameters(ModelKind kind, int seed) => kind switch
    {
        ModelKind.Logistic =>
        [
            new("trainer", "ML.NET LbfgsLogisticRegression"),
            new("l2_regularization", "1"),
            new("l1_regularization", "1"),
            new("optimization_tolerance", "1e-7"),
            new("history_size", "20"),
            new("normalization", "mean-variance (fixZero = false)"),
            new("threads", "1"),
        ],
        _ =>
        [
            new("trainer", "ML.NET LightGbm (binary)"),
            new("iterations", "100"),
            new("leaves", "31"),
            new("min_rows_per_leaf", "20"),
            new("learning_rate", "0.1"),
            new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("threads", "1"),
            new("categorical_split", "false"),
        ],
    };

    /// <summary>The estimator chain for these features (which of them get a missing indicator depends on the fitting rows).</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, IReadOnlyList<FeatureColumn> features, IReadOnlyList<bool> hasMissing,
        ModelKind kind, int seed)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(hasMissing);
        var parts = new List<string>();
        IEstimator<ITransformer>? chain = null;
        void Add(IEstimator<ITransformer> e) => chain = chain is null ? e : chain.Append(e);
        for (var k = 0; k < features.Count; k++)
        {
            var f = features[k];
            if (f.Kind == FeatureKind.Numeric)
            {
                if (hasMissing[k])
                {
                    Add(ml.Transforms.IndicateMissingValues(f.Name + "__missing_b", f.Name));
                    Add(ml.Transforms.Conversion.ConvertType(f.Name + "__missing", f.Name + "__missing_b", DataKind.Single));
                    parts.Add(f.Name + "__missing");
                }
                Add(ml.Transforms.ReplaceMissingValues(f.Name + "__imputed", f.Name, MissingValueReplacingEstimator.ReplacementMode.Mean));
                parts.Add(f.Name + "__imputed");
            }
            else
            {
                Add(ml.Transforms.Categorical.OneHotEncoding(f.Name + "__onehot", f.Name));
                parts.Add(f.Name + "__onehot");
            }
        }
        Add(ml.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        if (kind == ModelKind.Logistic)
        {
            Add(ml.Transforms.NormalizeMeanVariance(FeaturesColumn, fixZero: false));
            Add(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = ColumnarDataView.LabelColumn,
                FeatureColumnName = FeaturesColumn,
                NumberOfThreads = 1,
            }));
        }
        else
        {
            Add(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = ColumnarDataView.LabelColumn,
                FeatureColumnName = FeaturesColumn,
                NumberOfIterations = 100,
                NumberOfLeaves = 31,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                Seed = seed,
                NumberOfThreads = 1,
                Verbose = false,
                Silent = true,
                UseCategoricalSplit = false,
            }));
        }
        return chain!;
    }
}
