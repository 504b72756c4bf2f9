using System.Globalization;
using Vigil.Mitigation.Evaluation;

namespace Vigil.Mitigation;

/// <summary>
/// The data: labels and groups of every row, the privileged (reference) group, the model's score of every row
/// (when given) and the feature matrix (when features were given).
/// </summary>
public sealed record MitigationInput(GroupedLabels Data, int Privileged, double[]? Scores, Vigil.Models.Learners.FeatureMatrix? Features);

/// <summary>A group whose sensitivity or specificity fell by more than the tolerance.</summary>
public sealed record WorseOff(string Group, string Metric, double Before, double After);

/// <summary>Per input row: split, before/after score and decision, and (reweighing) the weight.</summary>
public sealed record RowOutputs(bool[] IsTest, double[] ScoreBefore, bool[] PredictionBefore, double[]? ScoreAfter, double[]? ProbabilityAfter,
    bool[] PredictionAfter, double[]? Weight);

/// <summary>
/// The result of one mitigation run: the method (randomized as run), its typed options and fit details (the
/// application layer writes them into mitigation.json), the split, before/after performance and disparities, the
/// safety flags, and the sweep.
/// </summary>
public sealed record MitigationResult(
    MethodInfo Method,
    IMethodOptions Options,
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
    MethodDetails? Details,
    IReadOnlyList<SweepPoint>? Sweep,
    RowOutputs Rows);

/// <summary>
/// Runs one mitigation the way `vigil mitigate` does: binds the method's options (<see cref="IMitigationMethod"/>),
/// splits stratified, fits on the training rows, and evaluates before and after on the held-out rows
/// (docs/mitigation.md).
/// </summary>
public static class MitigationRunner
{
    public static MitigationResult Run(MitigationInput input, MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var method = MitigationMethods.Find(settings.Method);
        settings.Validate();
        var options = method.Bind(settings);
        var info = method.Info with { Randomized = method.IsRandomized(options) };
        var data = input.Data;
        var warnings = new List<string>();
        var notes = new List<string>();
        var pre = info.Stage != "post-processing"; // pre- and in-processing train the learner on the features
        if (pre && input.Features is null)
            throw Vigil.Core.VigilException.Option("method", $"{info.Name} trains a model on the features: name the feature columns");
        if (!pre && input.Scores is null && input.Features is null)
            throw Vigil.Core.VigilException.Option("method", $"{info.Name} post-processes a model's scores: name the score column, or the feature columns (a model is then trained)");
        if (pre && input.Scores is not null)
            notes.Add($"the score column is not used by {info.Stage} methods: the model before and after is the learner's model trained on the features");

        var (train, test) = StratifiedSplit.Split(data, settings.TestFraction, settings.Seed);
        var trainData = data.Subset(train);
        var testData = data.Subset(test);
        var target = method.TargetParity(options);

        // The model before mitigation: the given score, or the learner on the untransformed features.
        var context = new MitigationContext(input, train, trainData, input.Scores ?? [], settings.Seed, settings.Threshold);
        string scoreSource;
        if (!pre && input.Scores is not null)
        {
            scoreSource = "score column";
        }
        else
        {
            context = context with { BaseScores = context.TrainAndScore(input.Features!, settings.Learner) };
            scoreSource = $"{settings.Learner} learner trained on the training split";
        }
        var baseScores = context.BaseScores;

        var after = method.Fit(context, options);
        warnings.AddRange(after.Warnings);
        notes.AddRange(after.Notes);

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
        foreach (var kind in Enum.GetValues<Parity>())
            all[PerformanceEvaluator.Name(kind)] = (PerformanceEvaluator.Disparity(cb, kind), PerformanceEvaluator.Disparity(ca, kind));

        var worse = WorseOffGroups(before, afterPerf, settings.LevellingTolerance);
        var gapClosed = comparison.Change.Value is double change && change < 0;
        var levellingDown = gapClosed && worse.Any(w => w.Metric == "sensitivity" || (target == Parity.FalsePositiveRate && w.Metric == "specificity"));
        if (levellingDown)
            warnings.Add("levelling down: the gap closed partly because some group's sensitivity (or the targeted rate) got worse by more than " +
                         $"{settings.LevellingTolerance.ToString(CultureInfo.InvariantCulture)}: " +
                         string.Join("; ", worse.Select(w => $"{w.Group} {w.Metric} {w.Before:0.###} -> {w.After:0.###}")));
        if (info.NeedsProtectedAttributeAtPrediction)
            warnings.Add($"{info.Name} needs the protected attribute of every patient at prediction time; using it in a clinical " +
                         "decision may not be lawful or acceptable (disparate treatment) - check before deploying");
        if (info.Randomized)
            warnings.Add($"{info.Name} is a randomized classifier: the same patient scored twice can get different answers " +
                         $"(draws seeded with {settings.Seed} here)");

        IReadOnlyList<SweepPoint>? sweep = null;
        if (settings.Sweep)
        {
            var settingsToTry = method.Sweep(options);
            if (settingsToTry.Count == 0)
                notes.Add($"sweep: {info.Name} has no tuning parameter to sweep (Fairlearn/AIF360 offer none); no sweep was run");
            else
                sweep = Pareto.Mark(RunSweep(method, info.SweepParameter!, settingsToTry, context, testData, test, target));
        }

        var rows = new RowOutputs(isTest, baseScores, predBefore, after.Score, after.Probability, after.Predictions, after.Weights);
        return new MitigationResult(info, options, train.Length, test.Length, scoreSource, before, afterPerf, comparison, all,
            levellingDown, worse, warnings, notes, after.Details, sweep, rows);
    }

    /// <summary>Each setting fitted on the training rows; its disparity, error and balanced accuracy on the held-out rows.</summary>
    private static List<SweepPoint> RunSweep(IMitigationMethod method, string parameter, IReadOnlyList<SweepSetting> settings, MitigationContext context,
        GroupedLabels testData, int[] test, Parity target)
    {
        var points = new List<SweepPoint>(settings.Count);
        foreach (var setting in settings)
        {
            var predictions = Pick(method.Fit(context, setting.Options).Predictions, test);
            var counts = PerformanceEvaluator.Count(testData, predictions);
            long correct = 0;
            foreach (var c in counts) correct += c.Tn + c.Tp;
            var perf = PerformanceEvaluator.Evaluate(testData, predictions, ReadOnlySpan<double>.Empty, "");
            points.Add(new SweepPoint(parameter, setting.Value, setting.Label,
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
