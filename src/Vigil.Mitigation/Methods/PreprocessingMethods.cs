using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Preprocessing;
using Vigil.Models.Learners;

namespace Vigil.Mitigation;

/// <summary>Reweighing's options: the learner trained with the weights, and the parity reported.</summary>
public sealed record ReweighingOptions(string Learner, Parity Reported) : IMethodOptions;

/// <summary>Disparate impact remover's options: the repair level in [0, 1], the learner, and the parity reported.</summary>
public sealed record DiRemoverOptions(double RepairLevel, string Learner, Parity Reported) : IMethodOptions;

/// <summary>Correlation remover's options: the repair strength in [0, 1] (Fairlearn's alpha), the learner, and the parity reported.</summary>
public sealed record CorrelationRemoverOptions(double RepairStrength, string Learner, Parity Reported) : IMethodOptions;

/// <summary>Reweighing's fit: the weight of every group × label cell of the training rows.</summary>
public sealed record ReweighingDetails(IReadOnlyList<CellWeight> TrainingCellWeights) : MethodDetails;

/// <summary>One group × label cell of reweighing: its count and weight.</summary>
public sealed record CellWeight(string Group, int Label, long N, double Weight);

/// <summary>
/// The pre-processing methods: they change the training data, train the learner on it and threshold its scores. They
/// target no parity of their own; <c>constraint</c> (threshold-optimizer's vocabulary) chooses the disparity reported.
/// </summary>
internal static class PreprocessingSteps
{
    public static Parity Reported(MethodArguments a) =>
        ThresholdOptimizerMethod.ParityOf(ThresholdOptimizerOptions.ParseConstraint(a.Constraint ?? "demographic_parity"));

    /// <summary>The sweep of a repair parameter: 0, 0.1, ..., 1.</summary>
    public static IReadOnlyList<SweepSetting> Tenths(Func<double, IMethodOptions> at)
    {
        var list = new List<SweepSetting>(11);
        for (var k = 0; k <= 10; k++)
        {
            var v = k / 10.0;
            list.Add(new SweepSetting(v, v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), at(v)));
        }
        return list;
    }

    /// <summary>A copy of <paramref name="x"/> with column-major values put back row-major.</summary>
    public static FeatureMatrix FromColumns(FeatureMatrix x, double[][] columns)
    {
        var values = new float[x.Values.Length];
        for (var c = 0; c < x.Columns; c++)
            for (var i = 0; i < x.Rows; i++) values[i * x.Columns + c] = (float)columns[c][i];
        return new FeatureMatrix(x.Rows, x.Columns, values, x.ColumnNames);
    }
}

/// <summary>Reweighing (Kamiran &amp; Calders 2012; AIF360 <c>Reweighing</c>): the learner trained with the training rows' cell weights.</summary>
public sealed class ReweighingMethod : MitigationMethod<ReweighingOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.Reweighing, "pre-processing", false, false, null,
        "Kamiran & Calders (2012), Knowledge and Information Systems 33:1-33; AIF360 Reweighing");

    public override ReweighingOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Arguments.Refuse(Info.Name);
        return new ReweighingOptions(settings.Learner, PreprocessingSteps.Reported(settings.Arguments));
    }

    public override Parity TargetParity(ReweighingOptions options) => options.Reported;

    public override FittedMitigation Fit(MitigationContext context, ReweighingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var trainData = context.TrainData;
        var fit = Reweighing.Fit(trainData);
        var scores = context.TrainAndScore(context.Features, options.Learner, fit.Transform(trainData));
        var data = context.Input.Data;
        var cells = new List<CellWeight>();
        for (var g = 0; g < trainData.GroupCount; g++)
            for (var y = 1; y >= 0; y--)
                if (fit.CellCounts[g, y] > 0)
                    cells.Add(new CellWeight(trainData.GroupNames[g], y, fit.CellCounts[g, y], fit.CellWeights[g, y]));
        return FittedMitigation.Thresholded(scores, context.Threshold) with
        {
            Weights = Reweighing.Fit(data).Transform(data),
            Details = new ReweighingDetails(cells),
            Notes = ["the weight column of the mitigated data holds the weights computed on every input row (AIF360's transform of the whole data set); the model was trained with the weights of the training split"],
        };
    }
}

/// <summary>
/// Disparate impact remover (Feldman et al. 2015; AIF360 <c>DisparateImpactRemover</c>): every feature column repaired,
/// the training rows and the other rows each with their own group distributions, then the learner.
/// </summary>
public sealed class DiRemoverMethod : MitigationMethod<DiRemoverOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.DiRemover, "pre-processing", true, false, "repair_level",
        "Feldman et al. (2015), KDD, Certifying and removing disparate impact; AIF360 DisparateImpactRemover (BlackBoxAuditing)");

    public override DiRemoverOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Arguments.Refuse(Info.Name);
        return new DiRemoverOptions(settings.Arguments.RepairLevel, settings.Learner, PreprocessingSteps.Reported(settings.Arguments));
    }

    public override Parity TargetParity(DiRemoverOptions options) => options.Reported;

    public override IReadOnlyList<SweepSetting> Sweep(DiRemoverOptions options) => PreprocessingSteps.Tenths(v => options with { RepairLevel = v });

    public override FittedMitigation Fit(MitigationContext context, DiRemoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var scores = context.TrainAndScore(RepairAll(context.Features, context.Input.Data, context.Train, options.RepairLevel), options.Learner);
        return FittedMitigation.Thresholded(scores, context.Threshold) with
        {
            Notes = ["the training and held-out rows are each repaired with their own group distributions (AIF360's fit_transform on each), so the protected attribute is needed for every new patient"],
        };
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
}

/// <summary>Correlation remover (Fairlearn <c>CorrelationRemover</c>): fitted on the training rows, applied to every row, then the learner.</summary>
public sealed class CorrelationRemoverMethod : MitigationMethod<CorrelationRemoverOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.CorrelationRemover, "pre-processing", true, false, "repair_strength",
        "Fairlearn CorrelationRemover (fairlearn.preprocessing)");

    public override CorrelationRemoverOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Arguments.Refuse(Info.Name);
        return new CorrelationRemoverOptions(settings.Arguments.RepairStrength, settings.Learner, PreprocessingSteps.Reported(settings.Arguments));
    }

    public override Parity TargetParity(CorrelationRemoverOptions options) => options.Reported;

    public override IReadOnlyList<SweepSetting> Sweep(CorrelationRemoverOptions options) => PreprocessingSteps.Tenths(v => options with { RepairStrength = v });

    public override FittedMitigation Fit(MitigationContext context, CorrelationRemoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var scores = context.TrainAndScore(RemoveCorrelation(context.Features, context.Input.Data, context.Train, options.RepairStrength), options.Learner);
        return FittedMitigation.Thresholded(scores, context.Threshold);
    }

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
        return PreprocessingSteps.FromColumns(x, fit.Transform(allColumns, data.Groups, data.GroupNames));
    }
}
