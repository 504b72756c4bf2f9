using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Vigil.Core.Drift.Multivariate;
using Vigil.Core.Statistics;

namespace Vigil.Models;

/// <summary>Settings of the domain classifier. The defaults keep it to seconds on tens of thousands of rows.</summary>
/// <param name="Folds">Cross-validation folds (out-of-fold scores give the AUROC).</param>
/// <param name="Seed">Seeds the subsample, the folds, the learner and the permutations.</param>
/// <param name="MaxRowsPerFile">Rows drawn at random (without replacement) from each file when it has more.</param>
/// <param name="Trees">Boosted trees per fold.</param>
public sealed record DomainClassifierOptions(int Folds = 5, int Seed = 17, int MaxRowsPerFile = 5000, int Trees = 100);

/// <summary>One feature's values in each file as floats (NaN = missing; categories as their code).</summary>
public sealed record DomainFeature(string Name, float[] Reference, float[] Current);

/// <summary>
/// Multivariate drift: ML.NET FastTree gradient-boosted trees trained to tell reference rows (label 0) from current
/// rows (label 1), k-fold cross-validated with a seeded split. Reports the out-of-fold AUROC with its DeLong 95% CI
/// and, per feature, the mean drop of the out-of-fold AUROC when that feature is permuted within each test fold
/// (permutation importance). Missing values stay NaN (trees route them); categories enter as integer codes.
/// </summary>
public static class DomainClassifier
{
    public static DomainClassifierResult Run(IReadOnlyList<DomainFeature> features, DomainClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        if (features.Count == 0) throw new ArgumentException("no features", nameof(features));
        var rng = new Random(options.Seed);
        var refRows = Subsample(features[0].Reference.Length, options.MaxRowsPerFile, rng);
        var curRows = Subsample(features[0].Current.Length, options.MaxRowsPerFile, rng);
        var n = refRows.Length + curRows.Length;
        var dim = features.Count;
        var x = new float[n][];
        var label = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var row = new float[dim];
            var fromCurrent = i >= refRows.Length;
            var source = fromCurrent ? curRows[i - refRows.Length] : refRows[i];
            for (var f = 0; f < dim; f++) row[f] = fromCurrent ? features[f].Current[source] : features[f].Reference[source];
            x[i] = row;
            label[i] = fromCurrent;
        }
        var fold = new int[n];
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        for (var i = 0; i < n; i++) fold[order[i]] = i % options.Folds;

        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = 16,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            Seed = options.Seed,
            NumberOfThreads = 1,
        });

        var scores = new double[n];
        var permutedScores = new double[dim][];
        for (var f = 0; f < dim; f++) permutedScores[f] = new double[n];
        for (var k = 0; k < options.Folds; k++)
        {
            var train = new List<Example>();
            var testIndex = new List<int>();
            for (var i = 0; i < n; i++)
            {
                if (fold[i] == k) testIndex.Add(i);
                else train.Add(new Example { Features = x[i], Label = label[i] });
            }
            var model = trainer.Fit(ml.Data.LoadFromEnumerable(train, schema));
            var used = SplitFeatures(model.Model, dim);
            var columns = new float[dim][];
            for (var f = 0; f < dim; f++)
            {
                var column = new float[testIndex.Count];
                for (var t = 0; t < column.Length; t++) column[t] = x[testIndex[t]][f];
                rng.Shuffle(column);
                columns[f] = column;
            }
            var original = Score(ml, model, schema, testIndex.Select(i => x[i]).ToList());
            for (var t = 0; t < testIndex.Count; t++) scores[testIndex[t]] = original[t];
            // A feature no tree splits on cannot change a score: its permuted scores are the original ones. The
            // others are scored in batches of about MaxBatchValues floats, one copy of the test rows per feature with
            // that feature's values shuffled among them (memory bounded however many columns there are).
            var perBatch = Math.Max(1, MaxBatchValues / Math.Max(1, testIndex.Count * dim));
            var pending = new List<int>(perBatch);
            for (var f = 0; f <= dim; f++)
            {
                if (f < dim && !used[f])
                {
                    for (var t = 0; t < testIndex.Count; t++) permutedScores[f][testIndex[t]] = original[t];
                    continue;
                }
                if (f < dim) pending.Add(f);
                if (pending.Count < perBatch && f < dim) continue;
                if (pending.Count == 0) break;
                var batch = new List<float[]>(testIndex.Count * pending.Count);
                foreach (var g in pending)
                    for (var t = 0; t < testIndex.Count; t++)
                    {
                        var row = (float[])x[testIndex[t]].Clone();
                        row[g] = columns[g][t];
                        batch.Add(row);
                    }
                var scored = Score(ml, model, schema, batch);
                for (var j = 0; j < pending.Count; j++)
                for (var t = 0; t < testIndex.Count; t++)
                    permutedScores[pending[j]][testIndex[t]] = scored[j * testIndex.Count + t];
                pending.Clear();
            }
        }

        var auroc = Auroc.WithDeLongCi(scores, label);
        var importances = new List<FeatureImportance>();
        for (var f = 0; f < dim; f++)
        {
            var permutedAuroc = Auroc.WithDeLongCi(permutedScores[f], label).Value ?? double.NaN;
            importances.Add(new FeatureImportance(features[f].Name, (auroc.Value ?? double.NaN) - permutedAuroc));
        }
        importances.Sort((a, b) => b.AurocDrop.CompareTo(a.AurocDrop));
        var description = $"ML.NET FastTree (gradient-boosted trees: {options.Trees} trees, 16 leaves, learning rate 0.1)";
        return new DomainClassifierResult(description, options.Folds, options.Seed, n, auroc, importances);
    }

    /// <summary>About this many floats (16 MB) of permuted test rows are scored at a time.</summary>
    private const int MaxBatchValues = 1 << 22;

    /// <summary>Which features any tree of the ensemble splits on.</summary>
    private static bool[] SplitFeatures(CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model, int dim)
    {
        var used = new bool[dim];
        foreach (var tree in model.SubModel.TrainedTreeEnsemble.Trees)
            foreach (var f in tree.NumericalSplitFeatureIndexes)
                used[f] = true;
        return used;
    }

    private static float[] Score<TModel>(MLContext ml, TModel model, SchemaDefinition schema, List<float[]> rows)
        where TModel : ITransformer
    {
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Example { Features = r }), schema);
        return model.Transform(data).GetColumn<float>("Score").ToArray();
    }

    private static int[] Subsample(int count, int max, Random rng)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (count <= max) return all;
        rng.Shuffle(all);
        var chosen = all[..max];
        Array.Sort(chosen);
        return chosen;
    }

    private sealed class Example
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
