using Vigil.Core;
using Vigil.Models.Learners;

namespace Vigil.Mitigation;

/// <summary>A method's typed options (one record per method; the application layer writes them into the contract).</summary>
public interface IMethodOptions;

/// <summary>What a method fitted, as a typed record (thresholds, weights, mix rates); null when it fits nothing to report.</summary>
public abstract record MethodDetails;

/// <summary>One setting of a sweep: the swept value, its label, and the method's options with that value.</summary>
public sealed record SweepSetting(double Value, string Label, IMethodOptions Options);

/// <summary>
/// What a method is fitted on: the data, the training rows (<see cref="Train"/> and their labels and groups), the
/// model's score of every row before mitigation, the seed of every draw, and the decision threshold.
/// </summary>
public sealed record MitigationContext(MitigationInput Input, int[] Train, GroupedLabels TrainData, double[] BaseScores, int Seed, double Threshold)
{
    public int Rows => Input.Data.Count;

    /// <summary>Standardizes with the training rows' scaling, trains <paramref name="learner"/> on them, returns P(y=1) of every row.</summary>
    public double[] TrainAndScore(FeatureMatrix x, string learner, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var trainX = x.Select(Train);
        var scaling = trainX.FitScaling();
        var model = Learners.Create(learner, Seed).Fit(trainX.Standardize(scaling), TrainData.Labels, weights ?? ReadOnlySpan<double>.Empty);
        var scores = new double[x.Rows];
        model.PredictProbability(x.Standardize(scaling), scores);
        return scores;
    }

    /// <summary>The features (a pre- or in-processing method runs only when they were given).</summary>
    public FeatureMatrix Features => Input.Features ?? throw new InvalidOperationException("the method needs the feature matrix");
}

/// <summary>
/// A fitted mitigation applied to every input row: the score after (a model's P(y=1) or a post-processed score), the
/// probability of a positive decision (randomized methods), the decisions, the row weights (reweighing), the typed
/// details of the fit, and the warnings and notes the fit raised.
/// </summary>
public sealed record FittedMitigation(double[]? Score, double[]? Probability, bool[] Predictions)
{
    public double[]? Weights { get; init; }

    public MethodDetails? Details { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Decisions score ≥ <paramref name="threshold"/> of a model's scores.</summary>
    public static FittedMitigation Thresholded(double[] scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var p = new bool[scores.Length];
        for (var i = 0; i < p.Length; i++) p[i] = scores[i] >= threshold;
        return new FittedMitigation(scores, null, p);
    }
}

/// <summary>
/// One mitigation method of `vigil mitigate`: its description (<see cref="Info"/>), its typed options bound from the
/// request (<see cref="Bind"/>: rejects arguments that do not apply, with the parameter's key), the parity it targets,
/// the fit on the training rows (applied to every row), and the settings its sweep tries. The registry is
/// <see cref="MitigationMethods"/>; <see cref="MitigationMethod{TOptions}"/> is the typed base of every method.
/// </summary>
public interface IMitigationMethod
{
    MethodInfo Info { get; }

    string Name => Info.Name;

    /// <summary>The method's typed options from the request's arguments and the run settings (learner, threshold).</summary>
    IMethodOptions Bind(MitigationSettings settings);

    /// <summary>Which parity the options target (and so which disparity the report's headline compares).</summary>
    Parity TargetParity(IMethodOptions options);

    /// <summary>True when the fitted rule draws at random (same patient, possibly different answers).</summary>
    bool IsRandomized(IMethodOptions options);

    /// <summary>Fits on the training rows of <paramref name="context"/> and applies the fit to every row.</summary>
    FittedMitigation Fit(MitigationContext context, IMethodOptions options);

    /// <summary>The settings <c>--sweep</c> tries (empty when the method has no tuning parameter).</summary>
    IReadOnlyList<SweepSetting> Sweep(IMethodOptions options);
}

/// <summary>The typed base of a method: the interface's members with the method's own options record.</summary>
public abstract class MitigationMethod<TOptions> : IMitigationMethod where TOptions : class, IMethodOptions
{
    public abstract MethodInfo Info { get; }

    public abstract TOptions Bind(MitigationSettings settings);

    public abstract Parity TargetParity(TOptions options);

    public virtual bool IsRandomized(TOptions options) => Info.Randomized;

    public abstract FittedMitigation Fit(MitigationContext context, TOptions options);

    public virtual IReadOnlyList<SweepSetting> Sweep(TOptions options) => [];

    IMethodOptions IMitigationMethod.Bind(MitigationSettings settings) => Bind(settings);

    Parity IMitigationMethod.TargetParity(IMethodOptions options) => TargetParity(Typed(options));

    bool IMitigationMethod.IsRandomized(IMethodOptions options) => IsRandomized(Typed(options));

    FittedMitigation IMitigationMethod.Fit(MitigationContext context, IMethodOptions options) => Fit(context, Typed(options));

    IReadOnlyList<SweepSetting> IMitigationMethod.Sweep(IMethodOptions options) => Sweep(Typed(options));

    private TOptions Typed(IMethodOptions options) =>
        options as TOptions ?? throw new ArgumentException($"{Info.Name} takes {typeof(TOptions).Name}, not {options?.GetType().Name ?? "null"}", nameof(options));

    /// <summary>A usage error for an argument this method does not take.</summary>
    protected VigilException NotApplicable(string key, string appliesTo) =>
        VigilException.Option(key, $"applies to {appliesTo}, not to {Info.Name}");
}
