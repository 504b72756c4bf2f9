using System.Text.Json.Nodes;
using Vigil.Mitigation;
using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Reductions;

namespace Vigil.Application.Mitigation;

/// <summary>
/// A method's typed options and fit details as the <c>options</c> and <c>details</c> objects of vigil.mitigation/v2
/// (docs/mitigation.md): the keys in the peer libraries' vocabulary, non-finite numbers written as null.
/// </summary>
internal static class MethodJson
{
    /// <summary>The options as applied; reject-option also names the reference group (AIF360's privileged group).</summary>
    public static JsonObject Options(IMethodOptions options, string referenceGroup) => options switch
    {
        ReweighingOptions o => new() { ["learner"] = o.Learner },
        DiRemoverOptions o => new() { ["repair_level"] = Number(o.RepairLevel), ["learner"] = o.Learner },
        CorrelationRemoverOptions o => new() { ["repair_strength"] = Number(o.RepairStrength), ["learner"] = o.Learner },
        ThresholdOptimizerOptions o => new()
        {
            ["constraint"] = ThresholdOptimizerOptions.Name(o.Constraint), ["objective"] = ThresholdOptimizerOptions.Name(o.Objective),
            ["grid_size"] = o.GridSize, ["flip"] = o.Flip,
        },
        CalibratedEqOddsOptions o => new() { ["cost_constraint"] = o.CostConstraintName, ["threshold"] = Number(o.Threshold) },
        RejectOptionOptions o => new()
        {
            ["metric"] = RejectOptionOptions.Name(o.Metric), ["metric_lower_bound"] = Number(o.MetricLowerBound),
            ["metric_upper_bound"] = Number(o.MetricUpperBound), ["reference_group"] = referenceGroup,
        },
        ExponentiatedGradientMethodOptions o => new()
        {
            ["constraint"] = ReductionConstraints.Name(o.Constraint), ["learner"] = o.Learner, ["eps"] = Number(o.Eps), ["deterministic"] = o.Deterministic,
        },
        GridSearchMethodOptions o => new() { ["constraint"] = ReductionConstraints.Name(o.Constraint), ["learner"] = o.Learner },
        _ => throw new ArgumentException($"no JSON form for {options?.GetType().Name ?? "null"}", nameof(options)),
    };

    /// <summary>What the method fitted (an empty object when it reports nothing).</summary>
    public static JsonObject Details(MethodDetails? details) => details switch
    {
        null => [],
        ReweighingDetails d => new()
        {
            ["training_cell_weights"] = new JsonArray([.. d.TrainingCellWeights.Select(c => (JsonNode)new JsonObject
            {
                ["group"] = c.Group, ["label"] = c.Label, ["n"] = c.N, ["weight"] = Number(c.Weight),
            })]),
        },
        ThresholdOptimizerDetails d => new()
        {
            ["x_best"] = Number(d.XBest), ["y_best"] = Number(d.YBest), ["objective_on_training"] = Number(d.ObjectiveOnTraining),
            ["interpolation"] = Keyed(d.Interpolation, g => g.Group, g => new JsonObject
            {
                ["p0"] = Number(g.P0), ["operation0"] = Operation(g.Operation0), ["p1"] = Number(g.P1), ["operation1"] = Operation(g.Operation1),
                ["p_ignore"] = Number(g.PIgnore), ["prediction_constant"] = Number(g.PredictionConstant),
            }),
        },
        CalibratedEqOddsDetails d => new()
        {
            ["groups"] = Keyed(d.Groups, g => g.Group, g => new JsonObject
            {
                ["base_rate"] = Number(g.BaseRate), ["cost"] = Number(g.Cost), ["trivial_cost"] = Number(g.TrivialCost),
                ["mix_rate"] = Number(g.MixRate), ["mix_rate_capped"] = g.MixRateCapped,
            }),
        },
        RejectOptionDetails d => new()
        {
            ["classification_threshold"] = Number(d.ClassificationThreshold), ["roc_margin"] = Number(d.RocMargin),
            ["metric_on_training"] = Number(d.MetricOnTraining), ["balanced_accuracy_on_training"] = Number(d.BalancedAccuracyOnTraining),
            ["within_bounds"] = d.WithinBounds,
        },
        ReductionDetails d => new()
        {
            ["predictors"] = d.Predictors, ["weights"] = new JsonArray([.. d.Weights.Select(w => Number(w))]), ["deterministic_index"] = d.DeterministicIndex,
            ["training_error"] = Number(d.TrainingError), ["training_disparity"] = Number(d.TrainingDisparity), ["best_gap"] = Number(d.BestGap),
            ["oracle_calls"] = d.OracleCalls,
        },
        _ => throw new ArgumentException($"no JSON form for {details.GetType().Name}", nameof(details)),
    };

    private static JsonObject Keyed<T>(IEnumerable<T> items, Func<T, string> key, Func<T, JsonObject> value)
    {
        var o = new JsonObject();
        foreach (var item in items) o[key(item)] = value(item);
        return o;
    }

    private static JsonObject Operation(ThresholdOperation op) => new()
    {
        ["operator"] = op.Operator.ToString(),
        ["threshold"] = Number(op.Threshold),
        ["threshold_infinite"] = double.IsFinite(op.Threshold) ? null : (op.Threshold > 0 ? "inf" : "-inf"),
    };

    private static JsonValue? Number(double? value) => value is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
}
