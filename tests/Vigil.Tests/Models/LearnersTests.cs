using Vigil.Core;
using Vigil.Models.Learners;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Models;

public sealed class LearnersTests(ITestOutputHelper output)
{
    [Fact]
    public void FromColumns_imputes_means_adds_indicators_and_one_hot_encodes_sorted_levels()
    {
        var m = FeatureMatrix.FromColumns(
            [new NumericFeature("a", [1, double.NaN, 3]), new NumericFeature("b", [5, 6, 7])],
            [new TextFeature("t", ["z", null, "b"])]);
        Assert.Equal(["a", "a=(missing)", "b", "t=b", "t=z", "t=(missing)"], m.ColumnNames);
        Assert.Equal(3, m.Rows);
        Assert.Equal(
            [
                1, 0, 5, 0, 1, 0,
                2, 1, 6, 0, 0, 1,
                3, 0, 7, 1, 0, 0,
            ],
            m.Values);
    }

    [Fact]
    public void Encoding_applies_training_means_and_levels_to_other_rows()
    {
        var train = FeatureMatrix.FromColumns(
            [new NumericFeature("a", [1, double.NaN, 3])], [new TextFeature("t", ["z", null, "b"])]);
        Assert.NotNull(train.Encoding);
        var other = train.Encoding!.Apply([new NumericFeature("a", [double.NaN, 5])], [new TextFeature("t", ["new", "b"])]);
        Assert.Equal(train.ColumnNames, other.ColumnNames);
        Assert.Equal([2, 1, 0, 0, 0, /* row 2 */ 5, 0, 1, 0, 0], other.Values); // unseen level: zeros in its block
        Assert.Throws<ArgumentException>(() => train.Encoding.Apply([new NumericFeature("b", [1])], [new TextFeature("t", ["b"])]));
    }

    [Fact]
    public void Standardize_is_sklearn_standard_scaler_and_select_copies_rows()
    {
        var m = FeatureMatrix.FromColumns([new NumericFeature("a", [1, 2, 3, 4]), new NumericFeature("k", [2, 2, 2, 2])], []);
        var s = m.Standardize();
        var sd = Math.Sqrt(1.25); // population std of 1..4
        Assert.Equal((1 - 2.5) / sd, s.Values[0], 6);
        Assert.Equal((4 - 2.5) / sd, s.Values[6], 6);
        Assert.Equal(0f, s.Values[1]); // constant column: scale 1, centred
        var picked = m.Select([3, 0, 3]);
        Assert.Equal([4f, 2f, 1f, 2f, 4f, 2f], picked.Values);
    }

    [Fact]
    public void Logistic_weight_two_equals_a_duplicated_row()
    {
        var f = LearnersFixture.Get;
        var rows = Enumerable.Range(0, 400).ToArray();
        var x = f.X.Select(rows);
        var y = rows.Select(i => f.Y[i]).ToArray();
        var weights = rows.Select(i => i % 3 == 0 ? 2.0 : 1.0).ToArray();
        var duplicated = rows.Concat(rows.Where(i => i % 3 == 0)).ToArray();
        var xd = f.X.Select(duplicated);
        var yd = duplicated.Select(i => f.Y[i]).ToArray();
        var learner = new LogisticLearner(1);
        var weighted = (LinearPredictor)learner.Fit(x, y, weights);
        var copied = (LinearPredictor)learner.Fit(xd, yd, []);
        output.WriteLine($"weighted {string.Join(", ", weighted.Coefficients)} | {weighted.Intercept}");
        output.WriteLine($"copied   {string.Join(", ", copied.Coefficients)} | {copied.Intercept}");
        for (var c = 0; c < 3; c++) Assert.Equal(copied.Coefficients[c], weighted.Coefficients[c], 1e-4);
        Assert.Equal(copied.Intercept, weighted.Intercept, 1e-4);
    }

    [Fact]
    public void LightGbm_uses_the_weights_and_is_deterministic()
    {
        var f = LearnersFixture.Get;
        var rows = Enumerable.Range(0, 600).ToArray();
        var x = f.X.Select(rows);
        var y = rows.Select(i => f.Y[i]).ToArray();
        var weights = rows.Select(i => i % 2 == 0 ? 2.0 : 1.0).ToArray();
        var learner = Learners.Create("lightgbm", 7);
        var a = new double[x.Rows];
        var b = new double[x.Rows];
        learner.Fit(x, y, weights).PredictProbability(x, a);
        learner.Fit(x, y, weights).PredictProbability(x, b);
        Assert.Equal(a, b);
        var unweighted = new double[x.Rows];
        learner.Fit(x, y, []).PredictProbability(x, unweighted);
        Assert.NotEqual(a, unweighted); // the weights change the fit
        var correct = 0;
        for (var i = 0; i < x.Rows; i++) if (a[i] >= 0.5 == y[i]) correct++;
        Assert.True(correct > 0.7 * x.Rows, $"training accuracy {correct}/{x.Rows}");
    }

    [Fact]
    public void Logistic_coefficients_are_close_to_scikit_learn_C_1()
    {
        var f = LearnersFixture.Get;
        var fit = (LinearPredictor)new LogisticLearner(1).Fit(f.X, f.Y, []);
        var golden = LearnersFixture.Golden.GetProperty("exponentiated_gradient").GetProperty("sex").GetProperty("before_coef");
        var coef = golden.GetProperty("coef").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var intercept = golden.GetProperty("intercept")[0].GetDouble();
        var maxDiff = Math.Abs(fit.Intercept - intercept);
        for (var c = 0; c < 3; c++) maxDiff = Math.Max(maxDiff, Math.Abs(fit.Coefficients[c] - coef[c]));
        output.WriteLine($"ML.NET {string.Join(", ", fit.Coefficients)} | {fit.Intercept}; max |diff| vs sklearn {maxDiff:E2}");
        Assert.True(maxDiff < 1e-5, $"max difference {maxDiff}");
    }

    [Fact]
    public void Unknown_learner_is_a_usage_error_and_one_class_gives_a_constant()
    {
        var e = Assert.Throws<VigilException>(() => Learners.Create("svm", 1));
        Assert.Equal(FailureKind.Usage, e.Kind);
        var x = FeatureMatrix.FromColumns([new NumericFeature("a", [1, 2, 3])], []);
        var p = new double[3];
        Learners.Create("logistic", 1).Fit(x, [true, true, false], [1, 1, 0]).PredictProbability(x, p);
        Assert.Equal([1.0, 1.0, 1.0], p);
    }
}
