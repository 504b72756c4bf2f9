using System.Globalization;
using Vigil.Core;
using Vigil.Mitigation.Evaluation;
using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Preprocessing;
using Vigil.Mitigation.Reductions;
using Vigil.Models.Learners;

namespace Vigil.Mitigation;

/// <summary>Everything `vigil mitigate` asked for, method options included (null = the method's default).</summary>
public sealed record MitigationSettings(
    string Method,
    string? Constraint = null,
    string? Objective = null,
    double RepairLevel = 1.0,
    double RepairStrength = 1.0,
    string CostConstraint = "weighted",
    double? Eps = null,
    int GridSize = 1000,
    bool Flip = false,
    string Learner = "logistic",
    double TestFraction = 0.3,
    int Seed = 42,
    bool Sweep = false,
    int BootstrapReplicates = 1000,
    double LevellingTolerance = 0.02,
    double Threshold = 0.5,
    bool Deterministic = false);

/// <summary>
/// The data: labels and groups of every row, the privileged (reference) group, the model's score of every row
/// (when given) and the feature matrix (when features were given).
/// </summary>
public sealed record MitigationInput(GroupedLabels Data, int Privileged, double[]? Scores, FeatureMatrix? Features);

/// <summary>A group whose sensitivity or specificity fell by more than the tolerance.</summary>
public sealed record WorseOff(string Group, string Metric, double Before, double After);

/// <summary>Per input row: split, before/after score and decision, and (reweighing) the weight.</summary>
public sealed record RowOutputs(bool[] IsTest, double[] ScoreBefore, bool[] PredictionBefore, double[]? ScoreAfter, double[]? ProbabilityAfter,
    bool[] PredictionAfter, double[]? Weight);

/// <summary>The result of one mitigation run (the contents of mitigation.json).</summary>
public sealed record MitigationResult(
    MethodInfo Method,
    MethodFacts Options,
    int TrainRows,
    int TestRows,
    string ScoreSource,
    Performance Before,
    Performance After,
    DisparityComparison Targeted,
    IReadOnlyDictionary<string, (double? Before, double? After)> Disparities,
    bool LevellingDown,
    IReadOnlyList<WorseOff> WorseOff,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Notes,
    MethodFacts Details,
    IReadOnlyList<SweepPoint>? Sweep,
    RowOutputs Rows);

/// <summary>
/// Runs one mitigation the way `vigil mitigate` does: stratified split, fit on the training rows, evaluate before
/// and after on the held-out rows (docs/mitigation.md).
/// </summary>
public static class MitigationRunner
{
    private static readonly string[] CostConstraints = ["fnr", "fpr", "weighted"];

    /// <summary>The metric bounds ±eps the reject-option sweep tries.</summary>
    private static readonly double[] EpsGrid = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0];

    /// <summary>The difference bounds the exponentiated-gradient sweep tries.</summary>
    private static readonly double[] ReductionEpsGrid = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

    public static MitigationResult Run(MitigationInput input, MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var method = MitigationMethods.Find(settings.Method);
        if (settings.Deterministic)
        {
            if (method.Name != MitigationMethods.ExponentiatedGradient)
                throw VigilException.Option("deterministic", $"applies to exponentiated-gradient, not to {method.Name}");
            method = method with { Randomized = false };
        }
        Validate(settings, method);
        var data = input.Data;
        var warnings = new List<string>();
        var notes = new List<string>();
        var pre = method.Stage != "post-processing"; // pre- and in-processing train the learner on the features
        if (pre && input.Features is null)
            throw VigilException.Option("method", $"{method.Name} trains a model on the features: name the feature columns");
        if (!pre && input.Scores is null && input.Features is null)
            throw VigilException.Option("method", $"{method.Name} post-processes a model's scores: name the score column, or the feature columns (a model is then trained)");
        if (pre && input.Scores is not null)
            notes.Add($"--score is not used by {method.Stage} methods: the model before and after is the --learner model trained on --features");

        var (train, test) = StratifiedSplit.Split(data, settings.TestFraction, settings.Seed);
        var trainData = data.Subset(train);
        var testData = data.Subset(test);
        var target = TargetDisparity(method, settings);

        // The model before mitigation: the given score, or the learner on the untransformed features.
        string scoreSource;
        double[] baseScores;
        if (!pre && input.Scores is not null)
        {
            baseScores = input.Scores;
            scoreSource = "score column";
        }
        else
        {
            baseScores = TrainAndScore(input.Features!, train, trainData.Labels, null, settings);
            scoreSource = $"{settings.Learner} learner trained on the training split";
        }

        var details = new MethodFacts();
        var options = new MethodFacts();
        var after = Apply(method, input, settings, train, trainData, baseScores, details, options, warnings, notes, out var weights, settings.RepairLevel, settings.RepairStrength,
            settings.CostConstraint, settings.Eps);

        var isTest = new bool[data.Count];
        foreach (var i in test) isTest[i] = true;
        var predBefore = new bool[data.Count];
        for (var i = 0; i < predBefore.Length; i++) predBefore[i] = baseScores[i] >= settings.Threshold;
        var testBefore = Pick(predBefore, test);
        var testAfter = Pick(after.Predictions, test);
        var before = PerformanceEvaluator.Evaluate(testData, testBefore, Pick(baseScores, test), "");
        var afterScores = after.Probability ?? after.Score;
        var afterPerf = PerformanceEvaluator.Evaluate(testData, testAfter,
            afterScores is null ? ReadOnlySpan<double>.Empty : Pick(afterScores, test),
            "the method changes decisions, not scores");
        var comparison = DisparityBootstrap.Run(testData, testBefore, testAfter, target, settings.BootstrapReplicates, settings.Seed);
        var all = new Dictionary<string, (double?, double?)>(StringComparer.Ordinal);
        var cb = PerformanceEvaluator.Count(testData, testBefore);
        var ca = PerformanceEvaluator.Count(testData, testAfter);
        foreach (var kind in Enum.GetValues<DisparityKind>())
            all[PerformanceEvaluator.Name(kind)] = (PerformanceEvaluator.Disparity(cb, kind), PerformanceEvaluator.Disparity(ca, kind));

        var worse = WorseOffGroups(before, afterPerf, settings.LevellingTolerance);
        var gapClosed = comparison.Change.Value is double change && change < 0;
        var levellingDown = gapClosed && worse.Any(w => w.Metric == "sensitivity" || (target == DisparityKind.FalsePositiveRate && w.Metric == "specificity"));
        if (levellingDown)
            warnings.Add("levelling down: the gap closed partly because some group's sensitivity (or the targeted rate) got worse by more than " +
                         $"{settings.LevellingTolerance.ToString(CultureInfo.InvariantCulture)}: " +
                         string.Join("; ", worse.Select(w => $"{w.Group} {w.Metric} {w.Before:0.###} -> {w.After:0.###}")));
        if (method.NeedsProtectedAttributeAtPrediction)
            warnings.Add($"{method.Name} needs the protected attribute of every patient at prediction time; using it in a clinical " +
                         "decision may not be lawful or acceptable (disparate treatment) - check before deploying");
        if (method.Randomized)
            warnings.Add($"{method.Name} is a randomized classifier: the same patient scored twice can get different answers " +
                         $"(draws seeded with {settings.Seed} here)");

        IReadOnlyList<SweepPoint>? sweep = null;
        if (settings.Sweep)
        {
            if (method.SweepParameter is null)
                notes.Add($"--sweep: {method.Name} has no tuning parameter to sweep (Fairlearn/AIF360 offer none); no sweep was run");
            else
                sweep = Pareto.Mark(RunSweep(method, input, settings, train, trainData, testData, test, baseScores, target));
        }

        var rows = new RowOutputs(isTest, baseScores, predBefore, after.Score, after.Probability, after.Predictions, weights);
        return new MitigationResult(method, options, train.Length, test.Length, scoreSource, before, afterPerf, comparison, all,
            levellingDown, worse, warnings, notes, details, sweep, rows);
    }

    /// <summary>Most bootstrap resamples accepted (bounded time and memory; docs/limits.md).</summary>
    public const int MaxResamples = 100_000;

    private static void Validate(MitigationSettings s, MethodInfo method)
    {
        if (s.Eps is double eps && !(eps > 0))
            throw VigilException.Option("eps", $"{eps.ToString(CultureInfo.InvariantCulture)}: expected a number > 0");
        if (!(s.RepairLevel >= 0 && s.RepairLevel <= 1))
            throw VigilException.Option("repair_level", $"{s.RepairLevel.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (!(s.RepairStrength >= 0 && s.RepairStrength <= 1))
            throw VigilException.Option("repair_strength", $"{s.RepairStrength.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (!(s.LevellingTolerance >= 0))
            throw VigilException.Option("levelling_tolerance", "expected a number >= 0");
        if (!(s.Threshold >= 0 && s.Threshold <= 1))
            throw VigilException.Option("threshold", $"{s.Threshold.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (s.BootstrapReplicates is < 0 or > MaxResamples)
            throw VigilException.Option("bootstrap", $"{s.BootstrapReplicates}: expected 0 to {MaxResamples:N0} resamples (docs/limits.md)");
        if (s.GridSize is < 1 or > ThresholdOptimizer.MaxGridSize)
            throw VigilException.Option("grid_size", $"{s.GridSize}: expected 1 to {ThresholdOptimizer.MaxGridSize:N0} thresholds (docs/limits.md)");
        if (s.Eps is not null && method.Name is not (MitigationMethods.RejectOption or MitigationMethods.ExponentiatedGradient))
            throw VigilException.Option("eps", $"applies to reject-option (its metric bound) and exponentiated-gradient (its difference bound), not to {method.Name}");
        if (s.Objective is not null && method.Name != MitigationMethods.ThresholdOptimizer)
            throw VigilException.Option("objective", $"applies to threshold-optimizer, not to {method.Name}");
    }

    /// <summary>Which disparity a method targets (and so which one the report's headline compares).</summary>
    public static DisparityKind TargetDisparity(MethodInfo method, MitigationSettings s)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(s);
        switch (method.Name)
        {
            case MitigationMethods.CalibratedEqOdds:
                if (s.Constraint is not null)
                    throw VigilException.Option("constraint", "does not apply to calibrated-eq-odds; its parity is chosen by the cost constraint (fnr, fpr or weighted)");
                return CalibratedEqualizedOdds.ParseConstraint(s.CostConstraint) switch
                {
                    CostConstraint.Fnr => DisparityKind.TruePositiveRate,
                    CostConstraint.Fpr => DisparityKind.FalsePositiveRate,
                    _ => DisparityKind.EqualizedOdds,
                };
            case MitigationMethods.RejectOption:
                return RejectOptionOptions.ParseMetric(s.Constraint ?? "spd") switch
                {
                    RejectOptionMetric.StatisticalParity => DisparityKind.DemographicParity,
                    RejectOptionMetric.AverageOdds => DisparityKind.EqualizedOdds,
                    _ => DisparityKind.TruePositiveRate,
                };
            case MitigationMethods.ExponentiatedGradient or MitigationMethods.GridSearch:
                return ReductionConstraints.Parse(s.Constraint ?? "demographic_parity") switch
                {
                    ReductionConstraint.DemographicParity => DisparityKind.DemographicParity,
                    ReductionConstraint.EqualizedOdds => DisparityKind.EqualizedOdds,
                    ReductionConstraint.TruePositiveRateParity => DisparityKind.TruePositiveRate,
                    ReductionConstraint.FalsePositiveRateParity => DisparityKind.FalsePositiveRate,
                    _ => DisparityKind.ErrorRate,
                };
            default:
                return ThresholdOptimizerOptions.ParseConstraint(s.Constraint ?? "demographic_parity") switch
                {
                    ThresholdConstraint.DemographicParity => DisparityKind.DemographicParity,
                    ThresholdConstraint.EqualizedOdds => DisparityKind.EqualizedOdds,
                    ThresholdConstraint.TruePositiveRateParity or ThresholdConstraint.FalseNegativeRateParity => DisparityKind.TruePositiveRate,
                    _ => DisparityKind.FalsePositiveRate,
                };
        }
    }

    private sealed record Applied(double[]? Score, double[]? Probability, bool[] Predictions);

    private static Applied Apply(MethodInfo method, MitigationInput input, MitigationSettings s, int[] train, GroupedLabels trainData,
        double[] baseScores, MethodFacts details, MethodFacts options, List<string> warnings, List<string> notes, out double[]? weights,
        double repairLevel, double alpha, string costConstraint, double? eps)
    {
        var data = input.Data;
        weights = null;
        var n = data.Count;
        switch (method.Name)
        {
            case MitigationMethods.Reweighing:
            {
                options["learner"] = s.Learner;
                var fit = Reweighing.Fit(trainData);
                var trainWeights = fit.Transform(trainData);
                var scores = TrainAndScore(input.Features!, train, trainData.Labels, trainWeights, s);
                weights = Reweighing.Fit(data).Transform(data);
                var cells = new List<MethodFacts>();
                for (var g = 0; g < trainData.GroupCount; g++)
                    for (var y = 1; y >= 0; y--)
                        if (fit.CellCounts[g, y] > 0)
                            cells.Add(new MethodFacts { ["group"] = trainData.GroupNames[g], ["label"] = y, ["n"] = fit.CellCounts[g, y], ["weight"] = fit.CellWeights[g, y] });
                details["training_cell_weights"] = cells;
                notes.Add("the weight column of the mitigated data holds the weights computed on every input row (AIF360's transform of the whole data set); the model was trained with the weights of the training split");
                return Threshold(scores, s.Threshold, null);
            }
            case MitigationMethods.DiRemover:
            {
                options["repair_level"] = repairLevel;
                options["learner"] = s.Learner;
                var scores = PreprocessAndScore(input, s, train, trainData, x => RepairAll(x, input.Data, train, repairLevel));
                notes.Add("the training and held-out rows are each repaired with their own group distributions (AIF360's fit_transform on each), so the protected attribute is needed for every new patient");
                return Threshold(scores, s.Threshold, null);
            }
            case MitigationMethods.CorrelationRemover:
            {
                options["repair_strength"] = alpha;
                options["learner"] = s.Learner;
                var scores = PreprocessAndScore(input, s, train, trainData, x => RemoveCorrelation(x, input.Data, train, alpha));
                return Threshold(scores, s.Threshold, null);
            }
            case MitigationMethods.ThresholdOptimizer:
            {
                var o = new ThresholdOptimizerOptions(
                    ThresholdOptimizerOptions.ParseConstraint(s.Constraint ?? "demographic_parity"),
                    ThresholdOptimizerOptions.ParseObjective(s.Objective ?? "accuracy_score"), s.GridSize, s.Flip);
                options["constraint"] = ThresholdOptimizerOptions.Name(o.Constraint);
                options["objective"] = ThresholdOptimizerOptions.Name(o.Objective);
                options["grid_size"] = o.GridSize;
                options["flip"] = o.Flip;
                var fit = ThresholdOptimizer.Fit(Pick(baseScores, train), trainData, o);
                var probability = new double[n];
                fit.PositiveProbability(baseScores, data.Groups, data.GroupNames, probability);
                var predictions = new bool[n];
                ThresholdOptimizer.Realise(probability, s.Seed, predictions);
                details["x_best"] = fit.XBest;
                details["y_best"] = fit.YBest;
                details["objective_on_training"] = fit.ObjectiveBest;
                var groups = new MethodFacts();
                foreach (var g in fit.Groups)
                    groups[g.Group] = new MethodFacts
                    {
                        ["p0"] = g.P0, ["operation0"] = Operation(g.Operation0), ["p1"] = g.P1, ["operation1"] = Operation(g.Operation1),
                        ["p_ignore"] = g.PIgnore, ["prediction_constant"] = g.PredictionConstant,
                    };
                details["interpolation"] = groups;
                return new Applied(null, probability, predictions);
            }
            case MitigationMethods.CalibratedEqOdds:
            {
                var constraint = CalibratedEqualizedOdds.ParseConstraint(costConstraint);
                options["cost_constraint"] = costConstraint.ToLowerInvariant();
                options["threshold"] = s.Threshold;
                var fit = CalibratedEqualizedOdds.Fit(Pick(baseScores, train), trainData, constraint);
                var mixed = new double[n];
                var expected = new double[n];
                var predictions = new bool[n];
                fit.Predict(baseScores, data.Groups, s.Seed, mixed, expected, predictions, s.Threshold);
                var groups = new MethodFacts();
                for (var g = 0; g < fit.GroupNames.Count; g++)
                    groups[fit.GroupNames[g]] = new MethodFacts
                    {
                        ["base_rate"] = fit.BaseRate[g], ["cost"] = fit.Cost[g], ["trivial_cost"] = fit.TrivialCost[g],
                        ["mix_rate"] = fit.MixRate[g], ["mix_rate_capped"] = fit.Capped[g],
                    };
                details["groups"] = groups;
                notes.Add("calibrated-eq-odds equalizes generalized (score-based) error rates; the thresholded rates reported here can still differ, " +
                          "and a group mixed with a base rate at or above the threshold gets more positive decisions (Pleiss et al. 2017 discuss this limit)");
                if (fit.Capped.Any(c => c))
                    warnings.Add("calibrated-eq-odds: some group cannot reach the costliest group's cost even fully replaced by its base rate; its mix rate was capped at 1");
                return new Applied(mixed, null, predictions);
            }
            case MitigationMethods.ExponentiatedGradient or MitigationMethods.GridSearch:
                return Reduce(method, input, s, train, trainData, details, options, warnings, eps);
            default:
            {
                var metric = RejectOptionOptions.ParseMetric(s.Constraint ?? "spd");
                var bound = eps ?? 0.05;
                var o = new RejectOptionOptions(metric, -bound, bound);
                options["metric"] = RejectOptionOptions.Name(metric);
                options["metric_lower_bound"] = -bound;
                options["metric_upper_bound"] = bound;
                options["reference_group"] = data.GroupNames[input.Privileged];
                var fit = RejectOptionClassification.Fit(Pick(baseScores, train), trainData, input.Privileged, o);
                var predictions = new bool[n];
                fit.Predict(baseScores, data.Groups, predictions);
                details["classification_threshold"] = fit.Threshold;
                details["roc_margin"] = fit.Margin;
                details["metric_on_training"] = fit.MetricValue;
                details["balanced_accuracy_on_training"] = fit.BalancedAccuracy;
                details["within_bounds"] = fit.WithinBounds;
                if (!fit.WithinBounds)
                    warnings.Add($"reject-option: no threshold and margin kept {RejectOptionOptions.Name(metric)} within ±{bound.ToString(CultureInfo.InvariantCulture)} on the training data; the least unfair rule was used");
                return new Applied(null, null, predictions);
            }
        }
    }

    /// <summary>Exponentiated Gradient or Grid Search (Reductions/) on the standardized training features.</summary>
    private static Applied Reduce(MethodInfo method, MitigationInput input, MitigationSettings s, int[] train, GroupedLabels trainData,
        MethodFacts details, MethodFacts options, List<string> warnings, double? eps)
    {
        var x = input.Features!;
        var trainX = x.Select(train);
        var scaling = trainX.FitScaling();
        var learner = Learners.Create(s.Learner, s.Seed);
        var constraint = ReductionConstraints.Parse(s.Constraint ?? "demographic_parity");
        options["constraint"] = ReductionConstraints.Name(constraint);
        options["learner"] = s.Learner;
        ReductionResult fit;
        if (method.Name == MitigationMethods.ExponentiatedGradient)
        {
            var bound = eps ?? 0.01;
            options["eps"] = bound;
            options["deterministic"] = s.Deterministic;
            fit = ExponentiatedGradient.Fit(trainX.Standardize(scaling), trainData.Labels, trainData.Groups, trainData.GroupNames, constraint, bound, learner);
        }
        else
        {
            fit = GridSearch.Fit(trainX.Standardize(scaling), trainData.Labels, trainData.Groups, trainData.GroupNames, constraint, learner);
        }
        var all = x.Standardize(scaling);
        var predictions = new bool[x.Rows];
        var probability = new double[x.Rows];
        var randomized = method.Name == MitigationMethods.ExponentiatedGradient && !s.Deterministic;
        if (randomized)
        {
            fit.ExpectedScores(all, probability);
            fit.PredictRandomized(all, s.Seed, predictions);
        }
        else
        {
            fit.DeterministicProbability(all, probability);
            fit.PredictDeterministic(all, predictions);
        }
        details["predictors"] = fit.Predictors.Count;
        details["weights"] = fit.Weights.ToArray();
        details["deterministic_index"] = fit.DeterministicIndex;
        details["training_error"] = fit.TrainingError;
        details["training_disparity"] = fit.TrainingDisparity;
        details["best_gap"] = double.IsFinite(fit.BestGap) ? fit.BestGap : null;
        details["oracle_calls"] = fit.OracleCalls;
        if (method.Name == MitigationMethods.ExponentiatedGradient && fit.TrainingDisparity > fit.Eps + 1e-9)
            warnings.Add($"exponentiated-gradient: the training disparity {fit.TrainingDisparity:0.####} exceeds eps {fit.Eps.ToString(CultureInfo.InvariantCulture)} (no feasible mix found within the iterations)");
        return randomized ? new Applied(null, probability, predictions) : new Applied(probability, null, predictions);
    }

    private static MethodFacts Operation(ThresholdOperation op) => new()
    {
        ["operator"] = op.Operator.ToString(),
        ["threshold"] = double.IsFinite(op.Threshold) ? op.Threshold : null,
        ["threshold_infinite"] = double.IsFinite(op.Threshold) ? null : (op.Threshold > 0 ? "inf" : "-inf"),
    };

    private static Applied Threshold(double[] scores, double threshold, double[]? probability)
    {
        var p = new bool[scores.Length];
        for (var i = 0; i < p.Length; i++) p[i] = scores[i] >= threshold;
        return new Applied(scores, probability, p);
    }

    /// <summary>Transforms every row's features (the transform sees the split), trains on the transformed training rows, scores every row.</summary>
    private static double[] PreprocessAndScore(MitigationInput input, MitigationSettings s, int[] train, GroupedLabels trainData,
        Func<FeatureMatrix, FeatureMatrix> transform)
    {
        var transformed = transform(input.Features!);
        return TrainAndScore(transformed, train, trainData.Labels, null, s);
    }

    /// <summary>Standardizes with the training rows' scaling, trains the learner on them, returns P(y=1) of every row.</summary>
    internal static double[] TrainAndScore(FeatureMatrix x, int[] train, bool[] trainLabels, double[]? weights, MitigationSettings s)
    {
        var trainX = x.Select(train);
        var scaling = trainX.FitScaling();
        var learner = Learners.Create(s.Learner, s.Seed);
        var model = learner.Fit(trainX.Standardize(scaling), trainLabels, weights ?? ReadOnlySpan<double>.Empty);
        var scores = new double[x.Rows];
        model.PredictProbability(x.Standardize(scaling), scores);
        return scores;
    }

    /// <summary>DI repair of every column, the training rows and the other rows each repaired on their own.</summary>
    private static FeatureMatrix RepairAll(FeatureMatrix x, GroupedLabels data, int[] train, double level)
    {
        var isTrain = new bool[x.Rows];
        foreach (var i in train) isTrain[i] = true;
        var test = Enumerable.Range(0, x.Rows).Where(i => !isTrain[i]).ToArray();
        var values = new float[x.Values.Length];
        foreach (var part in new[] { train, test })
        {
            var groups = new int[part.Length];
            for (var k = 0; k < part.Length; k++) groups[k] = data.Groups[part[k]];
            var column = new double[part.Length];
            for (var c = 0; c < x.Columns; c++)
            {
                for (var k = 0; k < part.Length; k++) column[k] = x.Values[part[k] * x.Columns + c];
                var repaired = DisparateImpactRemover.RepairColumn(column, groups, data.GroupCount, level);
                for (var k = 0; k < part.Length; k++) values[part[k] * x.Columns + c] = (float)repaired[k];
            }
        }
        return new FeatureMatrix(x.Rows, x.Columns, values, x.ColumnNames);
    }

    /// <summary>Correlation remover fitted on the training rows, applied to every row.</summary>
    private static FeatureMatrix RemoveCorrelation(FeatureMatrix x, GroupedLabels data, int[] train, double alpha)
    {
        var trainColumns = new double[x.Columns][];
        var allColumns = new double[x.Columns][];
        var trainGroups = new int[train.Length];
        for (var k = 0; k < train.Length; k++) trainGroups[k] = data.Groups[train[k]];
        for (var c = 0; c < x.Columns; c++)
        {
            trainColumns[c] = new double[train.Length];
            for (var k = 0; k < train.Length; k++) trainColumns[c][k] = x.Values[train[k] * x.Columns + c];
            allColumns[c] = new double[x.Rows];
            for (var i = 0; i < x.Rows; i++) allColumns[c][i] = x.Values[i * x.Columns + c];
        }
        var fit = CorrelationRemover.Fit(trainColumns, trainGroups, data.GroupCount, alpha);
        var transformed = fit.Transform(allColumns, data.Groups, data.GroupNames);
        var values = new float[x.Values.Length];
        for (var c = 0; c < x.Columns; c++)
            for (var i = 0; i < x.Rows; i++) values[i * x.Columns + c] = (float)transformed[c][i];
        return new FeatureMatrix(x.Rows, x.Columns, values, x.ColumnNames);
    }

    private static List<SweepPoint> RunSweep(MethodInfo method, MitigationInput input, MitigationSettings s, int[] train, GroupedLabels trainData,
        GroupedLabels testData, int[] test, double[] baseScores, DisparityKind target)
    {
        var points = new List<SweepPoint>();
        IEnumerable<(double Value, string Label, MitigationSettings Setting)> settings = method.SweepParameter switch
        {
            "repair_level" or "repair_strength" => Enumerable.Range(0, 11).Select(k => k / 10.0)
                .Select(v => (v, v.ToString("0.0", CultureInfo.InvariantCulture),
                    method.SweepParameter == "repair_strength" ? s with { RepairStrength = v } : s with { RepairLevel = v })),
            "cost_constraint" => CostConstraints.Select((c, k) => ((double)k, c, s with { CostConstraint = c })),
            _ => (method.Name == MitigationMethods.ExponentiatedGradient ? ReductionEpsGrid : EpsGrid)
                .Select(e => (e, e.ToString(CultureInfo.InvariantCulture), s with { Eps = e })),
        };
        foreach (var (value, label, setting) in settings)
        {
            var applied = Apply(method, input, setting, train, trainData, baseScores, [], [], [], [], out _,
                setting.RepairLevel, setting.RepairStrength, setting.CostConstraint, setting.Eps);
            var predictions = Pick(applied.Predictions, test);
            var counts = PerformanceEvaluator.Count(testData, predictions);
            long correct = 0;
            foreach (var c in counts) correct += c.Tn + c.Tp;
            var perf = PerformanceEvaluator.Evaluate(testData, predictions, ReadOnlySpan<double>.Empty, "");
            points.Add(new SweepPoint(method.SweepParameter!, value, label,
                PerformanceEvaluator.Disparity(counts, target),
                1.0 - (double)correct / testData.Count, perf.Overall.BalancedAccuracy.Value));
        }
        return points;
    }

    private static List<WorseOff> WorseOffGroups(Performance before, Performance after, double tolerance)
    {
        var list = new List<WorseOff>();
        foreach (var b in before.ByGroup)
        {
            var a = after.Group(b.Group);
            if (a is null) continue;
            if (b.Sensitivity.Value is double sb && a.Sensitivity.Value is double sa && sa < sb - tolerance)
                list.Add(new WorseOff(b.Group, "sensitivity", sb, sa));
            if (b.Specificity.Value is double pb && a.Specificity.Value is double pa && pa < pb - tolerance)
                list.Add(new WorseOff(b.Group, "specificity", pb, pa));
        }
        return list;
    }

    internal static T[] Pick<T>(T[] values, int[] rows)
    {
        var r = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) r[i] = values[rows[i]];
        return r;
    }
}
