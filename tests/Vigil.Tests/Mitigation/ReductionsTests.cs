using System.Globalization;
using Vigil.Core;
using Vigil.Mitigation.Reductions;
using Vigil.Models.Learners;
using Vigil.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Mitigation;

public sealed class ReductionsTests(ITestOutputHelper output)
{
    /// <summary>A random dataset whose label rate and feature shift depend on the group (so a plain fit is unfair).</summary>
    internal static (FeatureMatrix X, bool[] Y, int[] Group, string[] Names) Synthetic(int seed, int n, int groups, int features)
    {
        var rng = new Random(seed);
        var columns = new double[features][];
        for (var j = 0; j < features; j++) columns[j] = new double[n];
        var y = new bool[n];
        var g = new int[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = rng.NextDouble() < 0.6 ? 0 : 1 + rng.Next(groups - 1);
            double logit = -0.3 + 0.6 * g[i];
            for (var j = 0; j < features; j++)
            {
                var z = Normal(rng) + (j == 0 ? 0.8 * g[i] : 0);
                columns[j][i] = z;
                logit += (j % 2 == 0 ? 1.0 : -0.5) * z / (1 + j);
            }
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }
        var x = FeatureMatrix.FromColumns([.. columns.Select((c, j) => new NumericFeature($"f{j}", c))], []);
        return (x, y, g, [.. Enumerable.Range(0, groups).Select(k => $"g{k}")]);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Theory]
    [InlineData(1, ReductionConstraint.DemographicParity, 2)]
    [InlineData(2, ReductionConstraint.EqualizedOdds, 3)]
    [InlineData(3, ReductionConstraint.TruePositiveRateParity, 2)]
    [InlineData(4, ReductionConstraint.FalsePositiveRateParity, 3)]
    [InlineData(5, ReductionConstraint.ErrorRateParity, 2)]
    public void Property_bound_eps_is_met_on_the_fitting_data(int seed, ReductionConstraint constraint, int groups)
    {
        var (x, y, g, names) = Synthetic(seed, 400, groups, 3);
        const double eps = 0.03;
        var result = ExponentiatedGradient.Fit(x, y, g, names, constraint, eps, new LogisticLearner(1));
        var first = result.Summaries[0]; // the first best response: the unconstrained fit (λ = B/(1+2k) each, balanced)
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{constraint}: first response disparity {first.TrainingDisparity:F4} error {first.TrainingError:F4}; eps {eps}: disparity {result.TrainingDisparity:F4} error {result.TrainingError:F4}, gap {result.BestGap:E2}, {result.OracleCalls} calls"));
        Assert.True(result.TrainingDisparity <= eps + 1e-3, $"disparity {result.TrainingDisparity} > {eps}");
        Assert.Equal(1.0, result.Weights.Sum(), 9);
        // The mixture's measured disparity is the weighted constraint value recomputed from its expected predictions.
        var scores = new double[x.Rows];
        result.ExpectedScores(x, scores);
        var recomputed = MaxGamma(constraint, scores, y, g, groups);
        Assert.Equal(result.TrainingDisparity, recomputed, 9);
    }

    /// <summary>maxₖ γₖ recomputed independently from expected predictions (group mean vs event mean).</summary>
    private static double MaxGamma(ReductionConstraint c, double[] p, bool[] y, int[] g, int groups)
    {
        var events = c == ReductionConstraint.EqualizedOdds ? new[] { 0, 1 } : [0];
        var max = double.NegativeInfinity;
        foreach (var e in events)
        {
            bool InEvent(int i) => c switch
            {
                ReductionConstraint.TruePositiveRateParity => y[i],
                ReductionConstraint.FalsePositiveRateParity => !y[i],
                ReductionConstraint.EqualizedOdds => y[i] == (e == 1),
                _ => true,
            };
            double Utility(int i) => c == ReductionConstraint.ErrorRateParity ? (y[i] ? 1 - p[i] : p[i]) : p[i];
            var rows = Enumerable.Range(0, y.Length).Where(InEvent).ToArray();
            var overall = rows.Average(Utility);
            for (var a = 0; a < groups; a++)
            {
                var inGroup = rows.Where(i => g[i] == a).ToArray();
                if (inGroup.Length == 0) continue;
                max = Math.Max(max, Math.Abs(inGroup.Average(Utility) - overall));
            }
        }
        return max;
    }

    [Fact]
    public void Randomized_predictions_are_seeded_and_the_deterministic_predictor_is_one_classifier()
    {
        var f = LearnersFixture.Get;
        var (codes, names) = LearnersFixture.Codes(f.Sex);
        var result = ExponentiatedGradient.Fit(f.X, f.Y, codes, names, ReductionConstraint.DemographicParity, 0.02, new LogisticLearner(1));
        var a = new bool[f.X.Rows];
        var b = new bool[f.X.Rows];
        result.PredictRandomized(f.X, 5, a);
        result.PredictRandomized(f.X, 5, b);
        Assert.Equal(a, b);
        result.PredictRandomized(f.X, 6, b);
        Assert.NotEqual(a, b); // two non-zero weights: some rows are coin flips
        var scores = new double[f.X.Rows];
        result.ExpectedScores(f.X, scores);
        Assert.True(Math.Abs(a.Count(v => v) - scores.Sum()) < 4 * Math.Sqrt(scores.Length), "randomized predictions follow the expected scores");
        var d = new bool[f.X.Rows];
        result.PredictDeterministic(f.X, d);
        var chosen = result.Summaries[result.DeterministicIndex];
        var errors = Enumerable.Range(0, d.Length).Count(i => d[i] != f.Y[i]);
        Assert.Equal(chosen.TrainingError, (double)errors / d.Length, 12);
        Assert.True(chosen.TrainingDisparity <= 0.02 || result.Summaries.All(s => s.TrainingDisparity > 0.02));
        output.WriteLine($"deterministic #{chosen.Index}: error {chosen.TrainingError:F4}, disparity {chosen.TrainingDisparity:F4}; highest weight #{result.HighestWeightIndex}");
    }

    [Fact]
    public void Grid_is_fairlearns_grid()
    {
        var f = LearnersFixture.Get;
        var (codes, names) = LearnersFixture.Codes(f.Sex);
        var parity = ExponentiatedGradient.Prepare(f.X, f.Y, codes, names, ReductionConstraint.DemographicParity, null, new LogisticLearner(1), "test");
        var grid = GridSearch.Grid(parity, 10, 2.0);
        // One basis dimension (the first group seen, M in row 1): u = 5, values −5..4 scaled by 2/5.
        Assert.Equal("M", names[parity.CellGroup[parity.BasisCells[0]]]);
        var cell = parity.BasisCells[0];
        var signed = grid.Select(l => l[cell] - l[parity.Cells + cell]).ToArray();
        Assert.Equal([-2.0, -1.6, -1.2, -0.8, -0.4, 0, 0.4, 0.8, 1.2, 1.6], signed.Select(v => Math.Round(v, 12)).ToArray());
        // Equalized odds by race: 2 events × 3 free groups = 6 dimensions.
        var (raceCodes, raceNames) = LearnersFixture.Codes(f.Race);
        var eo = ExponentiatedGradient.Prepare(f.X, f.Y, raceCodes, raceNames, ReductionConstraint.EqualizedOdds, null, new LogisticLearner(1), "test");
        Assert.Equal(6, eo.BasisCells.Length);
        var eoGrid = GridSearch.Grid(eo, 20, 1.0);
        Assert.Equal(20, eoGrid.Count);
        Assert.All(eoGrid, l => Assert.True(l.Sum() <= 1.0 + 1e-12)); // L1 norm ≤ grid limit
    }

    [Fact]
    public void Grid_search_picks_the_best_tradeoff_and_lowers_the_disparity()
    {
        var f = LearnersFixture.Get;
        var (codes, names) = LearnersFixture.Codes(f.Sex);
        var result = GridSearch.Fit(f.X, f.Y, codes, names, ReductionConstraint.DemographicParity, new LogisticLearner(1), new GridSearchOptions(GridSize: 11));
        var losses = result.Summaries.Select(s => 0.5 * s.TrainingError + 0.5 * s.TrainingDisparity).ToArray();
        Assert.Equal(Array.IndexOf(losses, losses.Min()), result.DeterministicIndex);
        Assert.Equal(1.0, result.Weights[result.DeterministicIndex]);
        // λ = 0 (the middle of an odd grid) is the unconstrained fit: disparity 0.0484870749 / 2 per Fairlearn's golden.
        var unconstrained = result.Summaries[5];
        output.WriteLine(string.Join("\n", result.Summaries.Select(s => $"#{s.Index}: error {s.TrainingError:F4} disparity {s.TrainingDisparity:F4}")));
        Assert.Equal(0.0484870749373304 * 1109 / 2000, unconstrained.TrainingDisparity, 6);
        Assert.True(result.TrainingDisparity < unconstrained.TrainingDisparity);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var f = LearnersFixture.Get;
        var (codes, names) = LearnersFixture.Codes(f.Sex);
        var learner = new LogisticLearner(1);
        var e = Assert.Throws<VigilException>(() => ExponentiatedGradient.Fit(f.X, f.Y, codes, names, ReductionConstraint.DemographicParity, 0, learner));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Contains("eps", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<VigilException>(() => ExponentiatedGradient.Fit(f.X, null, codes, names, ReductionConstraint.EqualizedOdds, 0.02, learner));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Contains("labels", e.Message, StringComparison.Ordinal);
        // Group F has no positives: TPR parity cannot be defined for it.
        var y = f.Y.Select((v, i) => v && f.Sex[i] == "M").ToArray();
        e = Assert.Throws<VigilException>(() => ExponentiatedGradient.Fit(f.X, y, codes, names, ReductionConstraint.TruePositiveRateParity, 0.02, learner));
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.Contains("group 'F'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<VigilException>(() => GridSearch.Fit(f.X, new bool[f.X.Rows], codes, names, ReductionConstraint.DemographicParity, learner));
        Assert.Contains("one class", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<VigilException>(() => ExponentiatedGradient.Fit(f.X, f.Y, new int[f.X.Rows], names, ReductionConstraint.DemographicParity, 0.02, learner));
        Assert.Contains("at least two", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constraint_names_parse_both_ways()
    {
        foreach (var c in Enum.GetValues<ReductionConstraint>())
        {
            Assert.Equal(c, ReductionConstraints.Parse(ReductionConstraints.Name(c)));
            Assert.Equal(c, ReductionConstraints.Parse(c.ToString()));
        }
        Assert.Equal(ReductionConstraint.TruePositiveRateParity, ReductionConstraints.Parse("true-positive-rate-parity"));
        var e = Assert.Throws<VigilException>(() => ReductionConstraints.Parse("equal_opportunity_ratio"));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Contains("demographic_parity", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exponentiated_gradient_runs_over_lightgbm()
    {
        var (x, y, g, names) = Synthetic(11, 400, 2, 3);
        var result = ExponentiatedGradient.Fit(x, y, g, names, ReductionConstraint.DemographicParity, 0.03, Learners.Create("lightgbm", 3),
            new ExponentiatedGradientOptions(MaxIterations: 6));
        output.WriteLine($"lightgbm: disparity {result.TrainingDisparity:F4} error {result.TrainingError:F4} calls {result.OracleCalls}");
        Assert.True(result.TrainingDisparity <= 0.03 + 0.01);
    }
}
