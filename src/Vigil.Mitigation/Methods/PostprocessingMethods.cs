using System.Globalization;
using Vigil.Core;
using Vigil.Mitigation.Postprocessing;

namespace Vigil.Mitigation;

/// <summary>Calibrated equalized odds' options: the cost constraint (AIF360's vocabulary) and the decision threshold.</summary>
public sealed record CalibratedEqOddsOptions(CostConstraint CostConstraint, double Threshold) : IMethodOptions
{
    /// <summary>AIF360's name of the cost constraint ("fnr", "fpr", "weighted").</summary>
    public string CostConstraintName => CostConstraint.ToString().ToLowerInvariant();
}

/// <summary>Threshold optimizer's fit: the best point on the training rows and each group's randomized rule.</summary>
public sealed record ThresholdOptimizerDetails(double XBest, double? YBest, double ObjectiveOnTraining, IReadOnlyList<GroupInterpolation> Interpolation)
    : MethodDetails;

/// <summary>Calibrated equalized odds' fit per group: base rate, cost, trivial cost, mix rate and whether it was capped.</summary>
public sealed record CalibratedGroup(string Group, double BaseRate, double Cost, double TrivialCost, double MixRate, bool MixRateCapped);

/// <summary>Calibrated equalized odds' fit: one entry per group.</summary>
public sealed record CalibratedEqOddsDetails(IReadOnlyList<CalibratedGroup> Groups) : MethodDetails;

/// <summary>Reject option classification's fit: the threshold, the margin, and the metric and balanced accuracy on the training rows.</summary>
public sealed record RejectOptionDetails(double ClassificationThreshold, double RocMargin, double MetricOnTraining, double BalancedAccuracyOnTraining, bool WithinBounds)
    : MethodDetails;

/// <summary>Threshold optimizer (Hardt, Price &amp; Srebro 2016; Fairlearn 0.12 <c>ThresholdOptimizer</c>) on the model's scores.</summary>
public sealed class ThresholdOptimizerMethod : MitigationMethod<ThresholdOptimizerOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.ThresholdOptimizer, "post-processing", true, true, null,
        "Hardt, Price & Srebro (2016), NeurIPS, Equality of Opportunity in Supervised Learning; Fairlearn 0.12 ThresholdOptimizer");

    /// <summary>Fairlearn's constraint vocabulary onto Vigil's parity (TNR parity is FPR parity, FNR parity TPR parity).</summary>
    public static Parity ParityOf(ThresholdConstraint constraint) => constraint switch
    {
        ThresholdConstraint.DemographicParity => Parity.DemographicParity,
        ThresholdConstraint.EqualizedOdds => Parity.EqualizedOdds,
        ThresholdConstraint.TruePositiveRateParity or ThresholdConstraint.FalseNegativeRateParity => Parity.TruePositiveRate,
        _ => Parity.FalsePositiveRate,
    };

    public override ThresholdOptimizerOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var a = settings.Arguments;
        a.Refuse(Info.Name, objective: false);
        return new ThresholdOptimizerOptions(
            ThresholdOptimizerOptions.ParseConstraint(a.Constraint ?? "demographic_parity"),
            ThresholdOptimizerOptions.ParseObjective(a.Objective ?? "accuracy_score"), a.GridSize, a.Flip);
    }

    public override Parity TargetParity(ThresholdOptimizerOptions options) => ParityOf(options.Constraint);

    public override FittedMitigation Fit(MitigationContext context, ThresholdOptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.Input.Data;
        var fit = ThresholdOptimizer.Fit(MitigationRunner.Pick(context.BaseScores, context.Train), context.TrainData, options);
        var probability = new double[context.Rows];
        fit.PositiveProbability(context.BaseScores, data.Groups, data.GroupNames, probability);
        var predictions = new bool[context.Rows];
        ThresholdOptimizer.Realise(probability, context.Seed, predictions);
        return new FittedMitigation(null, probability, predictions)
        {
            Details = new ThresholdOptimizerDetails(fit.XBest, fit.YBest, fit.ObjectiveBest, fit.Groups),
        };
    }
}

/// <summary>Calibrated equalized odds (Pleiss et al. 2017; AIF360 <c>CalibratedEqOddsPostprocessing</c>) on the model's scores.</summary>
public sealed class CalibratedEqOddsMethod : MitigationMethod<CalibratedEqOddsOptions>
{
    public override MethodInfo Info { get; } = new(MitigationMethods.CalibratedEqOdds, "post-processing", true, true, "cost_constraint",
        "Pleiss et al. (2017), NeurIPS, On Fairness and Calibration; AIF360 CalibratedEqOddsPostprocessing", NeedsProbabilities: true);

    private static readonly CostConstraint[] SweepOrder = [CostConstraint.Fnr, CostConstraint.Fpr, CostConstraint.Weighted];

    public override CalibratedEqOddsOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var a = settings.Arguments;
        a.Refuse(Info.Name);
        if (a.Constraint is not null)
            throw VigilException.Option("constraint", "does not apply to calibrated-eq-odds; its parity is chosen by the cost constraint (fnr, fpr or weighted)");
        return new CalibratedEqOddsOptions(CalibratedEqualizedOdds.ParseConstraint(a.CostConstraint), settings.Threshold);
    }

    /// <summary>AIF360's cost constraint onto Vigil's parity: fnr is TPR parity, fpr FPR parity, weighted both (equalized odds).</summary>
    public override Parity TargetParity(CalibratedEqOddsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CostConstraint switch
        {
            CostConstraint.Fnr => Parity.TruePositiveRate,
            CostConstraint.Fpr => Parity.FalsePositiveRate,
            _ => Parity.EqualizedOdds,
        };
    }

    public override IReadOnlyList<SweepSetting> Sweep(CalibratedEqOddsOptions options) =>
        SweepOrder.Select((c, k) => new SweepSetting(k, (options with { CostConstraint = c }).CostConstraintName, options with { CostConstraint = c })).ToList();

    public override FittedMitigation Fit(MitigationContext context, CalibratedEqOddsOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var n = context.Rows;
        var fit = CalibratedEqualizedOdds.Fit(MitigationRunner.Pick(context.BaseScores, context.Train), context.TrainData, options.CostConstraint);
        var mixed = new double[n];
        var expected = new double[n];
        var predictions = new bool[n];
        fit.Predict(context.BaseScores, context.Input.Data.Groups, context.Seed, mixed, expected, predictions, options.Threshold);
        var groups = new List<CalibratedGroup>(fit.GroupNames.Count);
        for (var g = 0; g < fit.GroupNames.Count; g++)
            groups.Add(new CalibratedGroup(fit.GroupNames[g], fit.BaseRate[g], fit.Cost[g], fit.TrivialCost[g], fit.MixRate[g], fit.Capped[g]));
        return new FittedMitigation(mixed, null, predictions)
        {
            Details = new CalibratedEqOddsDetails(groups),
            Notes = ["calibrated-eq-odds equalizes generalized (score-based) error rates; the thresholded rates reported here can still differ, " +
                     "and a group mixed with a base rate at or above the threshold gets more positive decisions (Pleiss et al. 2017 discuss this limit)"],
            Warnings = fit.Capped.Any(c => c)
                ? ["calibrated-eq-odds: some group cannot reach the costliest group's cost even fully replaced by its base rate; its mix rate was capped at 1"]
                : [],
        };
    }
}

/// <summary>
/// Reject option classification (Kamiran, Karim &amp; Zhang 2012; AIF360 <c>RejectOptionClassification</c>) on the
/// model's scores, the metric kept within ±eps (default 0.05) of 0, the reference group as AIF360's privileged one.
/// </summary>
public sealed class RejectOptionMethod : MitigationMethod<RejectOptionOptions>
{
    /// <summary>The metric bounds ±eps the sweep tries.</summary>
    private static readonly double[] EpsGrid = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0];

    public override MethodInfo Info { get; } = new(MitigationMethods.RejectOption, "post-processing", true, false, "eps",
        "Kamiran, Karim & Zhang (2012), ICDM, Decision Theory for Discrimination-Aware Classification; AIF360 RejectOptionClassification");

    public override RejectOptionOptions Bind(MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var a = settings.Arguments;
        a.Refuse(Info.Name, eps: false);
        return Bounded(RejectOptionOptions.ParseMetric(a.Constraint ?? "spd"), a.Eps ?? 0.05);
    }

    private static RejectOptionOptions Bounded(RejectOptionMetric metric, double eps) => new(metric, -eps, eps);

    /// <summary>AIF360's metric onto Vigil's parity: statistical parity is demographic parity, average odds equalized odds, equal opportunity TPR parity.</summary>
    public override Parity TargetParity(RejectOptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Metric switch
        {
            RejectOptionMetric.StatisticalParity => Parity.DemographicParity,
            RejectOptionMetric.AverageOdds => Parity.EqualizedOdds,
            _ => Parity.TruePositiveRate,
        };
    }

    public override IReadOnlyList<SweepSetting> Sweep(RejectOptionOptions options) =>
        EpsGrid.Select(e => new SweepSetting(e, e.ToString(CultureInfo.InvariantCulture), Bounded(options.Metric, e))).ToList();

    public override FittedMitigation Fit(MitigationContext context, RejectOptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var input = context.Input;
        var fit = RejectOptionClassification.Fit(MitigationRunner.Pick(context.BaseScores, context.Train), context.TrainData, input.Privileged, options);
        var predictions = new bool[context.Rows];
        fit.Predict(context.BaseScores, input.Data.Groups, predictions);
        return new FittedMitigation(null, null, predictions)
        {
            Details = new RejectOptionDetails(fit.Threshold, fit.Margin, fit.MetricValue, fit.BalancedAccuracy, fit.WithinBounds),
            Warnings = fit.WithinBounds
                ? []
                : [$"reject-option: no threshold and margin kept {RejectOptionOptions.Name(options.Metric)} within ±{options.MetricUpperBound.ToString(CultureInfo.InvariantCulture)} on the training data; the least unfair rule was used"],
        };
    }
}
