using System.Globalization;
using Vigil.Mitigation.Reductions;
using Vigil.Models.Learners;

namespace Vigil.Mitigation;

/// <summary>Exponentiated gradient's options: the constraint (Fairlearn's moment), the difference bound, deterministic or randomized, the learner.</summary>
public sealed record ExponentiatedGradientMethodOptions(ReductionConstraint Constraint, double Eps, bool Deterministic, string Learner) : IMethodOptions;

/// <summary>Grid search's options: the constraint (Fairlearn's moment) and the learner.</summary>
public sealed record GridSearchMethodOptions(ReductionConstraint Constraint, string Learner) : IMethodOptions;

/// <summary>A reduction's fit: the predictors and their weights, the training error and disparity, the duality gap, the oracle calls.</summary>
public sealed record ReductionDetails(
    int Predictors, IReadOnlyList<double> Weights, int DeterministicIndex, double TrainingError, double TrainingDisparity, double? BestGap, int OracleCalls)
    : MethodDetails;

/// <summary>What the two reductions share: the constraint's parity, and training on the standardized features and applying the fit.</summary>
internal static class Reduction
{
    /// <summary>Fairlearn's moments are Vigil's parities one to one.</summary>
    public static Parity ParityOf(ReductionConstraint constraint) => constraint switch
    {
        ReductionConstraint.DemographicParity => Parity.DemographicParity,
        ReductionConstraint.EqualizedOdds => Parity.EqualizedOdds,
        ReductionConstraint.TruePositiveRateParity => Parity.TruePositiveRate,
        ReductionConstraint.FalsePositiveRateParity => Parity.FalsePositiveRate,
        _ => Parity.ErrorRate,
    };

    public static ReductionConstraint Constraint(MethodArguments a) => ReductionConstraints.Parse(a.Constraint ?? "demographic_parity");

    /// <summary>Fits on the standardized training features; applies the fit to every row (randomized draws or the deterministic choice).</summary>
    public static (FittedMitigation Fitted, ReductionResult Fit) Run(MitigationContext context, string learner, bool randomized,
        Func<FeatureMatrix, bool[], int[], string[], IBinaryLearner, ReductionResult> fitter)
    {
        var x = context.Features;
        var trainX = x.Select(context.Train);
        var scaling = trainX.FitScaling();
        var trainData = context.TrainData;
        var fit = fitter(trainX.Standardize(scaling), trainData.Labels, trainData.Groups, trainData.GroupNames, Learners.Create(learner, context.Seed));
        var all = x.Standardize(scaling);
        var predictions = new bool[x.Rows];
        var probability = new double[x.Rows];
        if (randomized)
        {
            fit.ExpectedScores(all, probability);
            fit.PredictRandomized(all, context.Seed, predictions);
        }
        else
        {
            fit.DeterministicProbability(all, probability);
            fit.PredictDeterministic(all, predictions);
        }
        var details = new ReductionDetails(fit.Predictors.Count, fit.Weights.ToArray(), fit.DeterministicIndex, fit.TrainingError, fit.TrainingDisparity,
            double.IsFinite(fit.BestGap) ? fit.BestGap : null, fit.OracleCalls);
        var fitted = randomized ? new FittedMitigation(null, probability, predictions) : new FittedMitigation(probability, null, predictions);
        return (fitted with { Details = details }, fit);
    }
}

/// <summary>Exponentiated gradient (Agarwal et al. 2018; Fairlearn 0.12 <c>ExponentiatedGradient</c>), randomized unless deterministic.</summary>
public sealed class ExponentiatedGradientMethod : MitigationMethod<ExponentiatedGradientMethodOptions>
{
    /// <summary>The difference bounds the sweep tries.</summary>
    private static readonly double[] EpsGrid = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

    public override MethodInfo Info { get; } = new(MitigationMethods.ExponentiatedGradient, "in-processing", false, true, "eps",
        "Agarwal et al. (2018), ICML, A Reductions Approach to Fair Classification; Fairlearn 0.12 ExponentiatedGradient (docs/reductions.md)");

    public override ExponentiatedGradientMethodOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var a = settings.Arguments;
        a.Refuse(Info.Name, eps: false, deterministic: false);
        return new ExponentiatedGradientMethodOptions(Reduction.Constraint(a), a.Eps ?? 0.01, a.Deterministic, settings.Learner);
    }

    public override Parity TargetParity(ExponentiatedGradientMethodOptions options) => Reduction.ParityOf(options.Constraint);

    public override bool IsRandomized(ExponentiatedGradientMethodOptions options) => !options.Deterministic;

    public override IReadOnlyList<SweepSetting> Sweep(ExponentiatedGradientMethodOptions options) =>
        EpsGrid.Select(e => new SweepSetting(e, e.ToString(CultureInfo.InvariantCulture), options with { Eps = e })).ToList();

    public override FittedMitigation Fit(MitigationContext context, ExponentiatedGradientMethodOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var (fitted, fit) = Reduction.Run(context, options.Learner, !options.Deterministic,
            (x, y, g, names, learner) => ExponentiatedGradient.Fit(x, y, g, names, options.Constraint, options.Eps, learner));
        return fit.TrainingDisparity > fit.Eps + 1e-9
            ? fitted with
            {
                Warnings = [$"exponentiated-gradient: the training disparity {fit.TrainingDisparity:0.####} exceeds eps {fit.Eps.ToString(CultureInfo.InvariantCulture)} (no feasible mix found within the iterations)"],
            }
            : fitted;
    }
}

/// <summary>Grid search (Agarwal et al. 2018; Fairlearn 0.12 <c>GridSearch</c>): one deterministic model.</summary>
public sealed class GridSearchMethod : MitigationMethod<GridSearchMethodOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.GridSearch, "in-processing", false, false, null,
        "Agarwal et al. (2018), ICML; Fairlearn 0.12 GridSearch (docs/reductions.md)");

    public override GridSearchMethodOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Arguments.Refuse(Info.Name);
        return new GridSearchMethodOptions(Reduction.Constraint(settings.Arguments), settings.Learner);
    }

    public override Parity TargetParity(GridSearchMethodOptions options) => Reduction.ParityOf(options.Constraint);

    public override FittedMitigation Fit(MitigationContext context, GridSearchMethodOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return Reduction.Run(context, options.Learner, false,
            (x, y, g, names, learner) => GridSearch.Fit(x, y, g, names, options.Constraint, learner)).Fitted;
    }
}
