using Vigil.Core;
using Vigil.Mitigation;
using Vigil.Mitigation.Postprocessing;
using Xunit;

namespace Vigil.Tests.Mitigation;

/// <summary>The strategy shape of the mitigations: the registry, each method's typed options, its parity and its sweep.</summary>
public sealed class MitigationMethodTests
{
    private static IMethodOptions Bind(string method, MethodArguments arguments) =>
        MitigationMethods.Find(method).Bind(new MitigationSettings(method, arguments));

    [Fact]
    public void Registry_holds_eight_methods_each_binding_its_own_options_type()
    {
        var types = MitigationMethods.All.ToDictionary(m => m.Name, m => m.Bind(new MitigationSettings(m.Name, new MethodArguments())).GetType().Name);
        Assert.Equal(8, types.Count);
        Assert.Equal(8, types.Values.Distinct().Count());
        Assert.Equal(nameof(ThresholdOptimizerOptions), types[MitigationMethods.ThresholdOptimizer]);
        Assert.Equal(nameof(RejectOptionOptions), types[MitigationMethods.RejectOption]);
        Assert.Same(MitigationMethods.Find("Grid-Search "), MitigationMethods.Find(MitigationMethods.GridSearch));
        Assert.Equal("method", Assert.Throws<VigilException>(() => MitigationMethods.Find("nope")).Parameter);
    }

    [Theory]
    [InlineData("threshold-optimizer", null, Parity.DemographicParity)]
    [InlineData("threshold-optimizer", "true_negative_rate_parity", Parity.FalsePositiveRate)]
    [InlineData("threshold-optimizer", "false_negative_rate_parity", Parity.TruePositiveRate)]
    [InlineData("reweighing", "equalized_odds", Parity.EqualizedOdds)]
    [InlineData("di-remover", "false_positive_rate_parity", Parity.FalsePositiveRate)]
    [InlineData("reject-option", null, Parity.DemographicParity)]
    [InlineData("reject-option", "aod", Parity.EqualizedOdds)]
    [InlineData("reject-option", "eod", Parity.TruePositiveRate)]
    [InlineData("exponentiated-gradient", "error_rate_parity", Parity.ErrorRate)]
    [InlineData("grid-search", "true_positive_rate_parity", Parity.TruePositiveRate)]
    public void Each_method_maps_its_constraint_vocabulary_onto_one_parity(string method, string? constraint, Parity expected)
    {
        var m = MitigationMethods.Find(method);
        Assert.Equal(expected, m.TargetParity(Bind(method, new MethodArguments(Constraint: constraint))));
    }

    [Theory]
    [InlineData("fnr", Parity.TruePositiveRate)]
    [InlineData("fpr", Parity.FalsePositiveRate)]
    [InlineData("weighted", Parity.EqualizedOdds)]
    public void Calibrated_eq_odds_parity_comes_from_the_cost_constraint(string cost, Parity expected)
    {
        var m = MitigationMethods.Find(MitigationMethods.CalibratedEqOdds);
        Assert.Equal(expected, m.TargetParity(Bind(m.Name, new MethodArguments(CostConstraint: cost))));
        var e = Assert.Throws<VigilException>(() => Bind(m.Name, new MethodArguments(Constraint: "equalized_odds", CostConstraint: cost)));
        Assert.Equal("constraint", e.Parameter);
    }

    [Theory]
    [InlineData("reweighing", "eps")]
    [InlineData("grid-search", "objective")]
    [InlineData("threshold-optimizer", "deterministic")]
    [InlineData("di-remover", "eps")]
    public void Arguments_a_method_does_not_take_are_refused_by_key_without_flag_text(string method, string key)
    {
        var arguments = key switch
        {
            "eps" => new MethodArguments(Eps: 0.1),
            "objective" => new MethodArguments(Objective: "accuracy_score"),
            _ => new MethodArguments(Deterministic: true),
        };
        var e = Assert.Throws<VigilException>(() => Bind(method, arguments));
        Assert.Equal(key, e.Parameter);
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("not to " + method, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deterministic_exponentiated_gradient_is_not_randomized_and_sweeps_eps_with_its_options_kept()
    {
        var m = MitigationMethods.Find(MitigationMethods.ExponentiatedGradient);
        var deterministic = (ExponentiatedGradientMethodOptions)Bind(m.Name, new MethodArguments(Constraint: "equalized_odds", Deterministic: true));
        Assert.False(m.IsRandomized(deterministic));
        Assert.True(m.IsRandomized(Bind(m.Name, new MethodArguments())));
        Assert.Equal(0.01, deterministic.Eps);
        var sweep = m.Sweep(deterministic);
        Assert.Equal([0.005, 0.01, 0.02, 0.05, 0.1, 0.2], sweep.Select(s => s.Value));
        Assert.All(sweep, s => Assert.Equal(deterministic with { Eps = s.Value }, s.Options));
    }

    [Fact]
    public void Sweeps_follow_the_method_info()
    {
        foreach (var m in MitigationMethods.All)
        {
            var sweep = m.Sweep(m.Bind(new MitigationSettings(m.Name, new MethodArguments())));
            Assert.Equal(m.Info.SweepParameter is null, sweep.Count == 0);
        }
        var reject = MitigationMethods.Find(MitigationMethods.RejectOption);
        var bounds = reject.Sweep(Bind(reject.Name, new MethodArguments(Constraint: "eod"))).Select(s => (RejectOptionOptions)s.Options).ToList();
        Assert.All(bounds, o => Assert.Equal(RejectOptionMetric.EqualOpportunity, o.Metric));
        Assert.All(bounds, o => Assert.Equal(-o.MetricUpperBound, o.MetricLowerBound));
        var cost = MitigationMethods.Find(MitigationMethods.CalibratedEqOdds);
        Assert.Equal(["fnr", "fpr", "weighted"], cost.Sweep(Bind(cost.Name, new MethodArguments())).Select(s => s.Label));
        var di = MitigationMethods.Find(MitigationMethods.DiRemover);
        Assert.Equal(11, di.Sweep(Bind(di.Name, new MethodArguments())).Count);
    }
}
