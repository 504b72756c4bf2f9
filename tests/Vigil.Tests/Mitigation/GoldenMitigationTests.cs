using System.Text.Json;
using Vigil.Mitigation;
using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Preprocessing;
using Xunit;

namespace Vigil.Tests.Mitigation;

/// <summary>Reweighing and Threshold Optimizer against AIF360 0.6.1 / Fairlearn 0.12.0 on golden/fx_binary_small.csv.</summary>
public sealed class GoldenMitigationTests
{
    [Theory]
    [InlineData("sex")]
    [InlineData("race")]
    [InlineData("age_band")]
    [InlineData("sex×race")]
    public void Reweighing_weights_match_aif360_to_1e_12(string attribute)
    {
        var data = MitigationFixture.Grouped(attribute);
        var fit = Reweighing.Fit(data);
        var golden = MitigationFixture.Golden.Value.GetProperty("reweighing_all_groups").GetProperty(attribute);
        var cells = 0;
        foreach (var cell in golden.EnumerateObject())
        {
            var bar = cell.Name.LastIndexOf("|y=", StringComparison.Ordinal);
            var group = Array.IndexOf(data.GroupNames, cell.Name[..bar]);
            var y = cell.Name[(bar + 3)..] == "1" ? 1 : 0;
            Assert.True(group >= 0, cell.Name);
            Assert.Equal(cell.Value.GetProperty("n").GetInt64(), fit.CellCounts[group, y]);
            Assert.Equal(cell.Value.GetProperty("weight").GetDouble(), fit.CellWeights[group, y], 1e-12);
            cells++;
        }
        Assert.Equal(2 * data.GroupCount, cells);
        var weights = fit.Transform(data);
        Assert.Equal(data.Count, weights.Sum(), 1e-9);
    }

    [Fact]
    public void Reweighing_matches_aif360_privileged_cells_for_sex()
    {
        var data = MitigationFixture.Grouped("sex");
        var fit = Reweighing.Fit(data);
        var golden = MitigationFixture.Golden.Value.GetProperty("aif360").GetProperty("sex").GetProperty("reweighing");
        var m = Array.IndexOf(data.GroupNames, "M");
        var f = Array.IndexOf(data.GroupNames, "F");
        Assert.Equal(golden.GetProperty("w_p_fav").GetDouble(), fit.CellWeights[m, 1], 1e-12);
        Assert.Equal(golden.GetProperty("w_p_unfav").GetDouble(), fit.CellWeights[m, 0], 1e-12);
        Assert.Equal(golden.GetProperty("w_up_fav").GetDouble(), fit.CellWeights[f, 1], 1e-12);
        Assert.Equal(golden.GetProperty("w_up_unfav").GetDouble(), fit.CellWeights[f, 0], 1e-12);
    }

    public static TheoryData<string> OptimizerCases() => new() { "sex|equalized_odds", "sex|true_positive_rate_parity", "race|equalized_odds", "race|true_positive_rate_parity" };

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Threshold_optimizer_reproduces_fairlearn_interpolation_and_expected_rates(string key)
    {
        var golden = MitigationFixture.Golden.Value.GetProperty("threshold_optimizer").GetProperty(key);
        var attribute = golden.GetProperty("sensitive_feature").GetString()!;
        var data = MitigationFixture.Grouped(attribute);
        var scores = MitigationFixture.Numeric("y_score");
        var options = new ThresholdOptimizerOptions(
            ThresholdOptimizerOptions.ParseConstraint(golden.GetProperty("constraints").GetString()!),
            ThresholdOptimizerOptions.ParseObjective(golden.GetProperty("objective").GetString()!),
            golden.GetProperty("grid_size").GetInt32(),
            golden.GetProperty("flip").GetBoolean());
        var fit = ThresholdOptimizer.Fit(scores, data, options);

        Assert.Equal(golden.GetProperty("x_best").GetDouble(), fit.XBest, 1e-12);
        if (golden.GetProperty("y_best").ValueKind == JsonValueKind.Number)
            Assert.Equal(golden.GetProperty("y_best").GetDouble(), fit.YBest!.Value, 1e-12);
        else
            Assert.Null(fit.YBest);
        foreach (var g in golden.GetProperty("interpolation").EnumerateObject())
        {
            var rule = fit.For(g.Name);
            Assert.Equal(g.Value.GetProperty("p0").GetDouble(), rule.P0, 1e-9);
            Assert.Equal(g.Value.GetProperty("p1").GetDouble(), rule.P1, 1e-9);
            Assert.Equal(g.Value.GetProperty("operation0").GetProperty("threshold").GetDouble(), rule.Operation0.Threshold, 1e-12);
            Assert.Equal(g.Value.GetProperty("operation1").GetProperty("threshold").GetDouble(), rule.Operation1.Threshold, 1e-12);
            Assert.Equal(g.Value.GetProperty("operation0").GetProperty("operator").GetString(), rule.Operation0.Operator.ToString());
            if (g.Value.TryGetProperty("p_ignore", out var pIgnore))
                Assert.Equal(pIgnore.GetDouble(), rule.PIgnore!.Value, 1e-9);
        }

        // The expected (pmf) rates per group and overall accuracy.
        var p = new double[data.Count];
        fit.PositiveProbability(scores, data.Groups, data.GroupNames, p);
        var expected = golden.GetProperty("expected_from_pmf");
        double correct = 0;
        for (var i = 0; i < p.Length; i++) correct += data.Labels[i] ? p[i] : 1 - p[i];
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), correct / p.Length, 1e-9);
        foreach (var g in expected.GetProperty("by_group").EnumerateObject())
        {
            var code = Array.IndexOf(data.GroupNames, g.Name);
            double n = 0, sel = 0, pos = 0, tp = 0, neg = 0, fp = 0;
            for (var i = 0; i < p.Length; i++)
            {
                if (data.Groups[i] != code) continue;
                n++;
                sel += p[i];
                if (data.Labels[i]) { pos++; tp += p[i]; }
                else { neg++; fp += p[i]; }
            }
            Assert.Equal(g.Value.GetProperty("expected_selection_rate").GetDouble(), sel / n, 1e-9);
            Assert.Equal(g.Value.GetProperty("expected_tpr").GetDouble(), tp / pos, 1e-9);
            Assert.Equal(g.Value.GetProperty("expected_fpr").GetDouble(), fp / neg, 1e-9);
        }
    }
}
