using System.Globalization;
using System.Text.Json;
using Vigil.Mitigation.Reductions;
using Vigil.Models.Learners;
using Vigil.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Mitigation;

/// <summary>
/// Exponentiated Gradient against Fairlearn 0.12 (golden "exponentiated_gradient": x1..x3 standardized, scikit-learn
/// LogisticRegression(C=1), eps = difference_bound = 0.02): the randomized classifier's expected accuracy within 0.01
/// of Fairlearn's, its constraint (each group's rate against the event population) within eps + 0.01, and the
/// expected group rates close to Fairlearn's.
/// </summary>
public sealed class ReductionsGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "sex", "DemographicParity" },
        { "sex", "EqualizedOdds" },
        { "race", "DemographicParity" },
        { "race", "EqualizedOdds" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exponentiated_gradient_matches_fairlearn(string attribute, string constraintName)
    {
        var f = LearnersFixture.Get;
        var golden = LearnersFixture.Golden.GetProperty("exponentiated_gradient").GetProperty(attribute).GetProperty(constraintName);
        var eps = golden.GetProperty("params").GetProperty("eps").GetDouble();
        var (codes, names) = LearnersFixture.Codes(attribute == "sex" ? f.Sex : f.Race);
        var constraint = Enum.Parse<ReductionConstraint>(constraintName);
        var result = ExponentiatedGradient.Fit(f.X, f.Y, codes, names, constraint, eps, new LogisticLearner(1));

        var scores = new double[f.X.Rows];
        result.ExpectedScores(f.X, scores);
        double correct = 0;
        for (var i = 0; i < scores.Length; i++) correct += f.Y[i] ? scores[i] : 1 - scores[i];
        var accuracy = correct / scores.Length;
        var expected = golden.GetProperty("expected_from_pmf");
        var goldenAccuracy = expected.GetProperty("accuracy").GetDouble();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{attribute} {constraintName}: accuracy {accuracy:F4} (Fairlearn {goldenAccuracy:F4}), constraint max {result.TrainingDisparity:F4} (eps {eps}), " +
            $"predictors {result.Predictors.Count} (Fairlearn {golden.GetProperty("n_predictors").GetInt32()}), nonzero {result.Weights.Count(w => w > 0)} " +
            $"(Fairlearn {golden.GetProperty("n_nonzero_weights").GetInt32()}), oracle calls {result.OracleCalls} (Fairlearn {golden.GetProperty("n_oracle_calls").GetInt32()}), " +
            $"best iter {result.BestIteration}/{result.LastIteration} (Fairlearn {golden.GetProperty("best_iter").GetInt32()}/{golden.GetProperty("last_iter").GetInt32()}), gap {result.BestGap:E2}, nu {result.Nu:E2}"));
        Assert.Equal(1 - result.TrainingError, accuracy, 9);
        Assert.True(Math.Abs(accuracy - goldenAccuracy) <= 0.01, $"accuracy {accuracy} vs Fairlearn {goldenAccuracy}");
        Assert.True(result.TrainingDisparity <= eps + 0.01, $"constraint {result.TrainingDisparity} > eps + 0.01");

        // Expected per-group rates against Fairlearn's.
        foreach (var group in expected.GetProperty("by_group").EnumerateObject())
        {
            var g = Array.IndexOf(names, group.Name);
            double sel = 0, tp = 0, fp = 0;
            int count = 0, pos = 0, neg = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                if (codes[i] != g) continue;
                count++;
                sel += scores[i];
                if (f.Y[i]) { pos++; tp += scores[i]; } else { neg++; fp += scores[i]; }
            }
            var rates = new[] { ("expected_selection_rate", sel / count), ("expected_tpr", tp / pos), ("expected_fpr", fp / neg) };
            foreach (var (key, value) in rates)
            {
                var want = group.Value.GetProperty(key).GetDouble();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Name} {key}: {value:F4} (Fairlearn {want:F4})"));
                Assert.True(Math.Abs(value - want) <= 0.005, $"{group.Name} {key} {value} vs {want}");
            }
        }
    }
}
