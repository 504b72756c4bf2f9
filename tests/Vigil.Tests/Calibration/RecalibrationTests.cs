using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.Calibration;
using Xunit;

namespace Vigil.Tests.Calibration;

/// <summary>Logistic recalibration and the calibration metrics against closed-form (hand-solved) answers.</summary>
public sealed class RecalibrationTests
{
    /// <summary>rows rows of score p, of which positives have label 1.</summary>
    private static (double[] Scores, byte[] Labels) Block(params (double P, int Rows, int Positives)[] blocks)
    {
        var scores = new List<double>();
        var labels = new List<byte>();
        foreach (var (p, rows, positives) in blocks)
            for (var i = 0; i < rows; i++)
            {
                scores.Add(p);
                labels.Add(i < positives ? (byte)1 : (byte)0);
            }
        return (scores.ToArray(), labels.ToArray());
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void Perfectly_calibrated_two_score_data_give_slope_1_intercept_0()
    {
        // Observed rates 2/10 at p = 0.2 and 6/10 at p = 0.6: the saturated two-point logistic model fits
        // logit(ȳ) = a + b·logit(p) exactly, so a = 0, b = 1; CITL 0, O/E = 8 / (2 + 6) = 1.
        var (scores, labels) = Block((0.2, 10, 2), (0.6, 10, 6));
        var m = CalibrationStatistics.Compute(scores, labels);
        Assert.Equal(1, m.Slope.Value!.Value, 1e-9);
        Assert.Equal(0, m.Intercept.Value!.Value, 1e-9);
        Assert.Equal(0, m.Citl.Value!.Value, 1e-9);
        Assert.Equal(1, m.OeRatio.Value!.Value, 1e-12);
    }

    [Fact]
    public void Two_score_data_give_the_hand_solved_slope_and_intercept()
    {
        // 3/10 positives at p = 0.2, 6/10 at p = 0.8: b = (logit 0.6 − logit 0.3) / (logit 0.8 − logit 0.2)
        // = 1.252763 / 2.772589 = 0.451839, a = logit 0.3 − b·logit 0.2 = −0.220917.
        var (scores, labels) = Block((0.2, 10, 3), (0.8, 10, 6));
        var m = CalibrationStatistics.Compute(scores, labels);
        var b = (Logit(0.6) - Logit(0.3)) / (Logit(0.8) - Logit(0.2));
        var a = Logit(0.3) - b * Logit(0.2);
        Assert.Equal(0.451839, b, 1e-6);
        Assert.Equal(-0.220917, a, 1e-6);
        Assert.Equal(b, m.Slope.Value!.Value, 1e-9);
        Assert.Equal(a, m.Intercept.Value!.Value, 1e-9);
        // O/E = 9 / (10·0.2 + 10·0.8) = 0.9. Brier: positives at 0.2 contribute 0.8² = 0.64 each, negatives
        // at 0.2 0.04, positives at 0.8 0.04, negatives at 0.8 0.64: (3·0.64 + 7·0.04 + 6·0.04 + 4·0.64) / 20 = 0.25.
        Assert.Equal(0.9, m.OeRatio.Value!.Value, 1e-12);
        Assert.Equal(0.25, m.Brier.Value!.Value, 1e-12);
        // ECE: bins (0.1, 0.2] and (0.7, 0.8]: |3 − 2| + |6 − 8| over 20 rows; MCE max(|0.3 − 0.2|, |0.6 − 0.8|).
        Assert.Equal(3.0 / 20, m.Ece.Value!.Value, 1e-12);
        Assert.Equal(0.2, m.Mce.Value!.Value, 1e-12);
    }

    [Fact]
    public void Citl_of_a_single_score_is_the_logit_difference()
    {
        // With one score value the offset model logit P = a + logit(p) fits ȳ exactly: a = logit(ȳ) − logit(p).
        var (scores, labels) = Block((0.3, 20, 9));
        var m = CalibrationStatistics.Compute(scores, labels);
        Assert.Equal(Logit(0.45) - Logit(0.3), m.Citl.Value!.Value, 1e-9);
        Assert.Null(m.Slope.Value);
        Assert.Contains("not identifiable", m.Slope.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_cases_are_null_with_a_reason()
    {
        var (scores, labels) = Block((0.2, 5, 0), (0.7, 5, 0));
        var oneClass = CalibrationStatistics.Compute(scores, labels);
        Assert.Null(oneClass.Slope.Value);
        Assert.Equal("no positives in group", oneClass.Slope.Reason);
        Assert.Equal("no positives in group", oneClass.Citl.Reason);
        Assert.Equal(0, oneClass.OeRatio.Value);

        var (s2, l2) = Block((0.2, 5, 0), (0.7, 5, 5));
        var separated = CalibrationStatistics.Compute(s2, l2);
        Assert.Null(separated.Slope.Value);
        Assert.Null(separated.Intercept.Value);
        Assert.StartsWith("perfect separation", separated.Slope.Reason, StringComparison.Ordinal);
        Assert.NotNull(separated.Citl.Value); // the offset model still has a finite optimum

        var zeros = CalibrationStatistics.Compute([0.0, 0.0], [0, 1]);
        Assert.Null(zeros.OeRatio.Value);
        Assert.NotNull(zeros.OeRatio.Reason);

        var empty = CalibrationStatistics.Compute([], []);
        Assert.Equal("empty group", empty.Brier.Reason);
    }

    [Fact]
    public void Scores_of_exactly_0_and_1_are_clamped()
    {
        // 1 − 1e-15 is the double 0.999999999999999000799…, so the upper clamp's logit is 34.5396, the lower −34.5388.
        Assert.Equal(Math.Log((1 - 1e-15) / (1 - (1 - 1e-15))), LogisticRecalibration.Logit(1), 1e-12);
        Assert.Equal(Math.Log(1e-15 / (1 - 1e-15)), LogisticRecalibration.Logit(0), 1e-12);
        Assert.Equal(LogisticRecalibration.Logit(1e-300), LogisticRecalibration.Logit(0));
        var m = CalibrationStatistics.Compute([0.0, 1.0, 0.3, 0.6, 0.4], [0, 1, 1, 0, 1]);
        Assert.NotNull(m.Slope.Value);
    }

    /// <summary>At the fitted (a, b) the score equations Σ(y − μ) = 0 and Σ(y − μ)x = 0 hold.</summary>
    [Property(MaxTest = 100)]
    public Property Fitted_slope_solves_the_score_equations() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var rng = new Random(seed);
            var n = rng.Next(8, 80);
            var scores = new double[n];
            var labels = new byte[n];
            for (var i = 0; i < n; i++)
            {
                scores[i] = Math.Round(rng.NextDouble(), 2);
                labels[i] = rng.NextDouble() < 0.2 + 0.6 * scores[i] ? (byte)1 : (byte)0;
            }
            var logits = scores.Select(LogisticRecalibration.Logit).ToArray();
            var (a, b, reason) = LogisticRecalibration.SlopeAndIntercept(logits, labels, default);
            if (reason is not null) return;
            double u0 = 0, u1 = 0;
            for (var i = 0; i < n; i++)
            {
                var r = labels[i] - 1 / (1 + Math.Exp(-(a + b * logits[i])));
                u0 += r;
                u1 += r * logits[i];
            }
            Assert.True(Math.Abs(u0) < 1e-7 && Math.Abs(u1) < 1e-7, $"score equations {u0}, {u1} at a={a}, b={b}");
            var (citl, _) = LogisticRecalibration.InterceptWithOffset(logits, labels, default);
            double uc = 0;
            for (var i = 0; i < n; i++) uc += labels[i] - 1 / (1 + Math.Exp(-(citl!.Value + logits[i])));
            Assert.True(Math.Abs(uc) < 1e-7, $"CITL score equation {uc}");
        });

    [Fact]
    public void Weights_equal_repeated_rows()
    {
        double[] scores = [0.1, 0.35, 0.5, 0.8, 0.9];
        byte[] labels = [0, 1, 0, 1, 1];
        int[] weights = [2, 1, 3, 1, 2];
        var expanded = new List<(double, byte)>();
        for (var i = 0; i < scores.Length; i++)
            for (var k = 0; k < weights[i]; k++) expanded.Add((scores[i], labels[i]));
        var logits = scores.Select(LogisticRecalibration.Logit).ToArray();
        var weighted = new double[7];
        CalibrationStatistics.Evaluate(scores, logits, labels, weights, weighted, null);
        var direct = CalibrationStatistics.Compute(expanded.Select(e => e.Item1).ToArray(), expanded.Select(e => e.Item2).ToArray()).All;
        for (var k = 0; k < 7; k++) Assert.Equal(direct[k].Value!.Value, weighted[k], 1e-9);
    }

    [Fact]
    public void Bootstrap_intervals_are_seeded_and_bracket_a_stable_metric()
    {
        var rng = new Random(7);
        var n = 400;
        var scores = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var labels = scores.Select(p => rng.NextDouble() < p ? (byte)1 : (byte)0).ToArray();
        var logits = scores.Select(LogisticRecalibration.Logit).ToArray();
        var first = CalibrationStatistics.Compute(scores, logits, labels, 100, 42, 0.95);
        var again = CalibrationStatistics.Compute(scores, logits, labels, 100, 42, 0.95);
        Assert.Equal(first, again);
        foreach (var m in new[] { first.Brier, first.OeRatio, first.Slope, first.Citl })
        {
            Assert.Equal("bootstrap_percentile", m.CiMethod);
            Assert.True(m.Ci!.Value.Low <= m.Value && m.Value <= m.Ci.Value.High, $"{m.Value} outside {m.Ci}");
        }
        // Well-calibrated by construction: slope near 1.
        Assert.InRange(first.Slope.Value!.Value, 0.6, 1.5);
    }
}

/// <summary>The atom bootstrap of large groups against the row bootstrap it replaces.</summary>
public sealed class AtomBootstrapTests
{
    [Fact]
    public void Atom_and_row_bootstraps_agree_in_spread_and_centre()
    {
        var rng = new Random(11);
        var n = CalibrationStatistics.AtomBootstrapRows + 10_000;
        var scores = new double[n];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = rng.NextDouble();
            labels[i] = rng.NextDouble() < 0.1 + 0.7 * scores[i] ? (byte)1 : (byte)0;
        }
        var logits = new double[n];
        LogisticRecalibration.Logits(scores, logits);
        var exact = new double[7];
        CalibrationStatistics.Evaluate(scores, logits, labels, default, exact, null);
        const int b = 40;
        var rows = CalibrationStatistics.Bootstrap(scores, logits, labels, b, 5);
        var atoms = CalibrationStatistics.AtomBootstrap(scores, logits, labels, exact, b, 5);
        foreach (var k in new[] { 0, 3, 4, 5, 6 }) // brier, oe_ratio, citl, slope, intercept
        {
            double Mean(double[] r) => Enumerable.Range(0, b).Average(i => r[i * 7 + k]);
            double Sd(double[] r) => Math.Sqrt(Enumerable.Range(0, b).Average(i => Math.Pow(r[i * 7 + k] - Mean(r), 2)));
            var ratio = Sd(atoms) / Sd(rows);
            Assert.InRange(ratio, 0.6, 1.6);
            Assert.True(Math.Abs(Mean(atoms) - exact[k]) < 4 * Sd(rows) / Math.Sqrt(b) + 1e-12, $"metric {k}: atom replicates centred at {Mean(atoms)}, exact {exact[k]}");
        }
    }
}
