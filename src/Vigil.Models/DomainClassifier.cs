using Microsoft.ML;
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
            // One scoring pass per fold: the test rows as they are, then one copy per feature with that feature's
            // values shuffled among the test rows.
            var batch = new List<float[]>(testIndex.Count * (dim + 1));
            foreach (var i in testIndex) batch.Add(x[i]);
            for (var f = 0; f < dim; f++)
            {
                var column = testIndex.Select(i => x[i][f]).ToArray();
                rng.Shuffle(column);
                for (var t = 0; t < testIndex.Count; t++)
                {
                    var row = (float[])x[testIndex[t]].Clone();
                    row[f] = column[t];
                    batch.Add(row);
                }
            }
            var scored = Score(ml, model, schema, batch);
            for (var t = 0; t < testIndex.Count; t++) scores[testIndex[t]] = scored[t];
            for (var f = 0; f < dim; f++)
            for (var t = 0; t < testIndex.Count; t++)
                permutedScores[f][testIndex[t]] = scored[(f + 1) * testIndex.Count + t];
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
