using Vigil.Core;
using Vigil.Core.Statistics;

namespace Vigil.Models.Training;

/// <summary>Out-of-fold scores: <see cref="Scores"/>[i] comes from the model fitted on every fold but <see cref="Fold"/>[i].</summary>
/// <param name="Fold">Fold of each row (0-based).</param>
/// <param name="Scores">Out-of-fold probability of each row.</param>
/// <param name="FoldAuroc">AUROC (DeLong CI) of each fold's held-out rows.</param>
public sealed record CrossValidationResult(int[] Fold, double[] Scores, IReadOnlyList<Metric> FoldAuroc);

/// <summary>
/// Stratified k-fold cross-validation (<see cref="StratifiedFolds"/>): for each fold k the pipeline is fitted on the
/// other folds (imputation means, one-hot levels, normalization and learner all from those rows only) and scores
/// fold k. Same seed, same data → same folds and the same scores.
/// </summary>
public static class CrossValidation
{
    public static CrossValidationResult Run(ModelTable table, ModelKind kind, int folds, int seed, string dataName)
    {
        ArgumentNullException.ThrowIfNull(table);
        var label = table.Label ?? throw new ArgumentException("the table has no label", nameof(table));
        var fold = StratifiedFolds.Assign(label, folds, seed);
        var scores = new double[table.Rows];
        var foldAuroc = new List<Metric>(folds);
        for (var k = 0; k < folds; k++)
        {
            var trainRows = new List<int>(table.Rows);
            var testRows = new List<int>(table.Rows / folds + 1);
            for (var i = 0; i < table.Rows; i++) (fold[i] == k ? testRows : trainRows).Add(i);
            int pos = 0, neg = 0;
            foreach (var i in trainRows)
                if (label[i]) pos++;
                else neg++;
            if (pos == 0 || neg == 0)
                throw VigilException.BadData(
                    $"{dataName}: fold {k + 1} of {folds}: its training part ({trainRows.Count} rows) has only {(pos == 0 ? "negative" : "positive")} labels " +
                    $"({pos} positive, {neg} negative); a model needs both classes (use fewer folds or more data)");
            if (testRows.Count == 0)
                throw VigilException.BadData($"{dataName}: fold {k + 1} of {folds} is empty ({table.Rows} rows); use fewer folds");
            var test = testRows.ToArray();
            var model = TrainedModel.Fit(table, trainRows.ToArray(), kind, seed);
            var s = model.Score(table, test);
            var foldLabels = new bool[test.Length];
            for (var t = 0; t < test.Length; t++)
            {
                scores[test[t]] = s[t];
                foldLabels[t] = label[test[t]];
            }
            foldAuroc.Add(Auroc.WithDeLongCi(s, foldLabels));
        }
        return new CrossValidationResult(fold, scores, foldAuroc);
    }
}
