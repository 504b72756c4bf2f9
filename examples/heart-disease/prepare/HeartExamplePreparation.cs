using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Vigil.Core.Statistics;

namespace Vigil.Examples.HeartDisease;

/// <summary>
/// Builds <c>examples/heart-disease/heart-cleveland.csv</c> from the unedited UCI file
/// <c>processed.cleveland.data</c>: every patient gets an out-of-fold probability from an
/// ML.NET L-BFGS logistic regression under stratified 5-fold cross-validation (seed
/// <see cref="Seed"/>). On a given kind of CPU the output depends only on the input bytes and
/// this code (byte-identical from run to run). The reference output was made on x64 with AVX2;
/// on a machine whose SIMD vectors are 128 bits wide (ARM64, or x64 without AVX2) ML.NET's
/// float32 L-BFGS stops at a slightly different point, and scores differ by up to about 1e-4.
/// </summary>
public static class HeartExamplePreparation
{
    /// <summary>Seed of the fold assignment and of every <see cref="MLContext"/>.</summary>
    public const int Seed = 20261129;

    /// <summary>Number of cross-validation folds.</summary>
    public const int Folds = 5;

    /// <summary>L2 penalty weight given to the L-BFGS trainer.</summary>
    public const float L2Regularization = 1.0f;

    /// <summary>L1 penalty weight given to the L-BFGS trainer (none: plain ridge logistic regression).</summary>
    public const float L1Regularization = 0.0f;

    /// <summary>
    /// L-BFGS convergence tolerance (ML.NET's default, stated so that it is pinned). Tighter values
    /// do not make the result more portable: ML.NET optimizes float32 weights, so the end point
    /// depends on the SIMD width of the machine either way.
    /// </summary>
    public const float OptimizationTolerance = 1e-7f;

    /// <summary>Decimals kept in the <c>score</c> column.</summary>
    public const int ScoreDecimals = 6;

    /// <summary>Threshold on the written (rounded) score for <c>prediction</c> = 1.</summary>
    public const double Threshold = 0.5;

    /// <summary>Header of the output CSV.</summary>
    public const string Header =
        "patient_id,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num,disease,score,prediction";

    /// <summary>Reads <paramref name="dataPath"/> (<c>processed.cleveland.data</c>) and returns the CSV text.</summary>
    public static string Run(string dataPath) => Prepare(File.ReadAllText(dataPath, Encoding.ASCII)).Csv;

    /// <summary>Runs the whole preparation on the text of <c>processed.cleveland.data</c>.</summary>
    public static HeartExampleResult Prepare(string rawText)
    {
        var patients = HeartPatient.ParseAll(rawText);
        if (patients.Count < Folds * 2)
        {
            throw new FormatException($"only {patients.Count} rows; need at least {Folds * 2}");
        }

        var folds = AssignFolds(patients, Folds, Seed);
        var probabilities = new double[patients.Count];
        var foldModes = new List<(int Fold, int CaMode, int ThalMode)>();
        for (var k = 0; k < Folds; k++)
        {
            var train = patients.Where((_, i) => folds[i] != k).ToList();
            var testIdx = Enumerable.Range(0, patients.Count).Where(i => folds[i] == k).ToList();
            var encoder = FeatureEncoder.Fit(train);
            foldModes.Add((k, encoder.CaMode, encoder.ThalMode));
            var p = FitAndScore(encoder, train, testIdx.Select(i => patients[i]).ToList());
            for (var j = 0; j < testIdx.Count; j++)
            {
                probabilities[testIdx[j]] = p[j];
            }
        }

        var scores = probabilities
            .Select(p => Math.Round(p, ScoreDecimals, MidpointRounding.AwayFromZero))
            .ToArray();
        var predictions = scores.Select(s => s >= Threshold ? 1 : 0).ToArray();
        var csv = WriteCsv(patients, scores, predictions);
        return new HeartExampleResult(patients, folds, scores, predictions, foldModes, csv);
    }

    /// <summary>
    /// Stratified fold assignment: within each class (disease 0, then 1) the row indices, in
    /// file order, are shuffled by Fisher-Yates driven by one <see cref="SplitMix64"/> seeded
    /// with <paramref name="seed"/>, and the k-th shuffled row goes to fold k mod
    /// <paramref name="folds"/>.
    /// </summary>
    internal static int[] AssignFolds(IReadOnlyList<HeartPatient> patients, int folds, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var assignment = new int[patients.Count];
        foreach (var label in new[] { 0, 1 })
        {
            var idx = Enumerable.Range(0, patients.Count).Where(i => patients[i].Disease == label).ToArray();
            for (var i = idx.Length - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (idx[i], idx[j]) = (idx[j], idx[i]);
            }

            for (var k = 0; k < idx.Length; k++)
            {
                assignment[idx[k]] = k % folds;
            }
        }

        return assignment;
    }

    private static float[] FitAndScore(FeatureEncoder encoder, List<HeartPatient> train, List<HeartPatient> test)
    {
        var ml = new MLContext(seed: Seed);
        var schema = SchemaDefinition.Create(typeof(ModelRow));
        schema[nameof(ModelRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureEncoder.Width);

        IEnumerable<ModelRow> Rows(IEnumerable<HeartPatient> ps) =>
            ps.Select(p => new ModelRow { Label = p.Disease == 1, Features = encoder.Encode(p) }).ToList();

        var trainView = ml.Data.LoadFromEnumerable(Rows(train), schema);
        var testView = ml.Data.LoadFromEnumerable(Rows(test), schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
            new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(ModelRow.Label),
                FeatureColumnName = nameof(ModelRow.Features),
                L2Regularization = L2Regularization,
                L1Regularization = L1Regularization,
                // One thread: multi-threaded gradient sums can change in the last bits from run to run.
                NumberOfThreads = 1,
                OptimizationTolerance = OptimizationTolerance,
            });
        var model = trainer.Fit(trainView);
        var scored = ml.Data.CreateEnumerable<ScoredRow>(model.Transform(testView), reuseRowObject: false);
        return scored.Select(s => s.Probability).ToArray();
    }

    private static string WriteCsv(IReadOnlyList<HeartPatient> patients, double[] scores, int[] predictions)
    {
        static string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        static string I(int x) => x.ToString(CultureInfo.InvariantCulture);

        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        for (var i = 0; i < patients.Count; i++)
        {
            var p = patients[i];
            string[] fields =
            [
                I(p.PatientId), N(p.Age), p.SexLabel, I(p.Cp), N(p.Trestbps), N(p.Chol), I(p.Fbs), I(p.Restecg),
                N(p.Thalach), I(p.Exang), N(p.Oldpeak), I(p.Slope),
                p.Ca is { } ca ? I(ca) : string.Empty,
                p.Thal is { } thal ? I(thal) : string.Empty,
                I(p.Num), I(p.Disease),
                scores[i].ToString("F" + I(ScoreDecimals), CultureInfo.InvariantCulture),
                I(predictions[i]),
            ];
            sb.AppendJoin(',', fields).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>Everything the preparation produced, for the program's summary and for tests.</summary>
/// <param name="Patients">Parsed rows, in file order.</param>
/// <param name="Folds">Fold (0-4) in which each patient was held out.</param>
/// <param name="Scores">Out-of-fold probabilities as written (rounded).</param>
/// <param name="Predictions">1 if the written score is at least 0.5.</param>
/// <param name="FoldImputation">Per fold, the training-fold modes used for missing ca and thal.</param>
/// <param name="Csv">The CSV text written to <c>heart-cleveland.csv</c>.</param>
public sealed record HeartExampleResult(
    IReadOnlyList<HeartPatient> Patients,
    IReadOnlyList<int> Folds,
    IReadOnlyList<double> Scores,
    IReadOnlyList<int> Predictions,
    IReadOnlyList<(int Fold, int CaMode, int ThalMode)> FoldImputation,
    string Csv);

/// <summary>ML.NET input row (public for ML.NET's reflection-based mapping).</summary>
public sealed class ModelRow
{
    /// <summary>disease == 1.</summary>
    public bool Label { get; set; }

    /// <summary>Encoded features (width set at run time by the schema).</summary>
    public float[] Features { get; set; } = [];
}

/// <summary>ML.NET output row.</summary>
public sealed class ScoredRow
{
    /// <summary>Calibrated probability of disease (the logistic function of the linear score).</summary>
    public float Probability { get; set; }
}
