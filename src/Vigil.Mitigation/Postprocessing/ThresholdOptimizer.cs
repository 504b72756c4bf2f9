using Vigil.Core;

namespace Vigil.Mitigation.Postprocessing;

/// <summary>The parity constraints of <see cref="ThresholdOptimizer"/> (Fairlearn 0.12's <c>constraints</c>).</summary>
public enum ThresholdConstraint
{
    DemographicParity,
    EqualizedOdds,
    TruePositiveRateParity,
    FalsePositiveRateParity,
    TrueNegativeRateParity,
    FalseNegativeRateParity,
}

/// <summary>The objectives of <see cref="ThresholdOptimizer"/> (Fairlearn 0.12's <c>objective</c>).</summary>
public enum ThresholdObjective
{
    AccuracyScore,
    BalancedAccuracyScore,
    SelectionRate,
    TruePositiveRate,
    TrueNegativeRate,
}

/// <summary>Options of <see cref="ThresholdOptimizer"/>, with Fairlearn 0.12's defaults.</summary>
public sealed record ThresholdOptimizerOptions(
    ThresholdConstraint Constraint = ThresholdConstraint.DemographicParity,
    ThresholdObjective Objective = ThresholdObjective.AccuracyScore,
    int GridSize = 1000,
    bool Flip = false) : IMethodOptions
{
    /// <summary>Fairlearn's name of a constraint ("demographic_parity", ...).</summary>
    public static string Name(ThresholdConstraint c) => c switch
    {
        ThresholdConstraint.DemographicParity => "demographic_parity",
        ThresholdConstraint.EqualizedOdds => "equalized_odds",
        ThresholdConstraint.TruePositiveRateParity => "true_positive_rate_parity",
        ThresholdConstraint.FalsePositiveRateParity => "false_positive_rate_parity",
        ThresholdConstraint.TrueNegativeRateParity => "true_negative_rate_parity",
        _ => "false_negative_rate_parity",
    };

    /// <summary>Fairlearn's name of an objective ("accuracy_score", ...).</summary>
    public static string Name(ThresholdObjective o) => o switch
    {
        ThresholdObjective.AccuracyScore => "accuracy_score",
        ThresholdObjective.BalancedAccuracyScore => "balanced_accuracy_score",
        ThresholdObjective.SelectionRate => "selection_rate",
        ThresholdObjective.TruePositiveRate => "true_positive_rate",
        _ => "true_negative_rate",
    };

    public static ThresholdConstraint ParseConstraint(string value) =>
        Enum.GetValues<ThresholdConstraint>().FirstOrDefault(c => Name(c) == Normalize(value), (ThresholdConstraint)(-1)) is var c && (int)c >= 0
            ? c
            : throw VigilException.Option("constraint",
                $"'{value}': expected one of {string.Join(", ", Enum.GetValues<ThresholdConstraint>().Select(Name))}");

    public static ThresholdObjective ParseObjective(string value) =>
        Enum.GetValues<ThresholdObjective>().FirstOrDefault(o => Name(o) == Normalize(value), (ThresholdObjective)(-1)) is var o && (int)o >= 0
            ? o
            : throw VigilException.Option("objective",
                $"'{value}': expected one of {string.Join(", ", Enum.GetValues<ThresholdObjective>().Select(Name))}");

    private static string Normalize(string value) => value.Trim().Replace('-', '_').ToLowerInvariant();
}

/// <summary>A threshold rule: predict 1 when the score is above (<c>&gt;</c>) or below (<c>&lt;</c>, flipped) the threshold.</summary>
public readonly record struct ThresholdOperation(char Operator, double Threshold)
{
    public bool Apply(double score) => Operator == '>' ? score > Threshold : score < Threshold;

    public override string ToString() => $"[{Operator}{Threshold}]";
}

/// <summary>
/// One group's randomized rule: with probability <see cref="P0"/> apply <see cref="Operation0"/>, else
/// <see cref="Operation1"/>; for equalized odds the result is further mixed with a constant: P(ŷ=1) =
/// p_ignore·prediction_constant + (1 − p_ignore)·(p0·op0(s) + p1·op1(s)).
/// </summary>
public sealed record GroupInterpolation(
    string Group, double P0, ThresholdOperation Operation0, double P1, ThresholdOperation Operation1,
    double? PIgnore, double? PredictionConstant)
{
    public double PositiveProbability(double score)
    {
        var p = P0 * (Operation0.Apply(score) ? 1.0 : 0.0) + P1 * (Operation1.Apply(score) ? 1.0 : 0.0);
        return PIgnore is double q ? q * PredictionConstant!.Value + (1 - q) * p : p;
    }
}

/// <summary>
/// Threshold Optimizer (Hardt, Price &amp; Srebro 2016, "Equality of Opportunity in Supervised Learning", NeurIPS),
/// reproducing Fairlearn 0.12's <c>ThresholdOptimizer</c> on a fixed score:
/// <list type="number">
/// <item>Per group, sort by score (descending) and take every threshold between consecutive distinct scores
/// (midpoints, plus +∞ and −∞); each gives a point (x, y) where x is the constrained rate (selection rate, TPR, FPR,
/// TNR or FNR; FPR for equalized odds) and y the objective (TPR for equalized odds); with <c>flip</c> also the
/// reversed rule (predict 1 below the threshold).</item>
/// <item>Keep the upper convex hull (Andrew's monotone chain): any point on it is reached by randomizing between
/// its two neighbouring thresholds.</item>
/// <item>Interpolate every group's hull on the grid x = 0, 1/grid_size, …, 1 (p0 = (x_{k+1} − x)/(x_{k+1} − x_k),
/// p1 = 1 − p0).</item>
/// <item>Simple constraints: choose the grid x maximizing Σ_g (n_g/n)·y_g(x) (first maximum). Equalized odds: take
/// y_min(x) = min_g TPR_g(x), evaluate the objective from the overall counts (FP = n₋·x, TP = n₊·y_min), rounded to
/// 15 decimals, choose the first maximum x*, y* = y_min(x*); each group then mixes its rule with the constant
/// predictor x* with weight p_ignore = (y_g − y*)/(y_g − x*) (0 when y_g = x*), which moves it along the line to the
/// ROC diagonal so that every group has FPR x* and TPR y*.</item>
/// </list>
/// Prediction needs the group (the protected attribute) and is randomized: seeded here, but the same patient scored
/// twice may get different answers.
/// </summary>
public sealed class ThresholdOptimizer
{
    /// <summary>Most grid thresholds accepted (time and memory grow with it; docs/limits.md). Fairlearn's default is 1000.</summary>
    public const int MaxGridSize = 100_000;

    private readonly Dictionary<string, GroupInterpolation> _byName;

    private ThresholdOptimizer(ThresholdOptimizerOptions options, double xBest, double? yBest, double objectiveBest, GroupInterpolation[] groups)
    {
        Options = options;
        XBest = xBest;
        YBest = yBest;
        ObjectiveBest = objectiveBest;
        Groups = groups;
        _byName = groups.ToDictionary(g => g.Group, StringComparer.Ordinal);
    }

    public ThresholdOptimizerOptions Options { get; }

    /// <summary>The chosen value of the constrained rate (FPR for equalized odds), shared by every group.</summary>
    public double XBest { get; }

    /// <summary>Equalized odds: the shared TPR; null for the simple constraints.</summary>
    public double? YBest { get; }

    /// <summary>The objective at the chosen point on the training data (Fairlearn's "best point" value).</summary>
    public double ObjectiveBest { get; }

    /// <summary>Per-group rules, in ordinal order of group name.</summary>
    public IReadOnlyList<GroupInterpolation> Groups { get; }

    public GroupInterpolation For(string group) =>
        _byName.TryGetValue(group, out var g)
            ? g
            : throw VigilException.BadData($"threshold optimizer: group '{group}' was not in the data it was fitted on");

    /// <summary>Fits on scores and labels grouped by <paramref name="data"/>.</summary>
    /// <exception cref="VigilException">A group with one class only, bad options, or scores that are not finite.</exception>
    public static ThresholdOptimizer Fit(ReadOnlySpan<double> scores, GroupedLabels data, ThresholdOptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (scores.Length != data.Count) throw new ArgumentException($"{scores.Length} scores for {data.Count} rows", nameof(scores));
        if (options.GridSize is < 1 or > MaxGridSize) throw VigilException.Option("grid_size", $"{options.GridSize}: expected 1 to {MaxGridSize:N0} thresholds (docs/limits.md)");
        var eo = options.Constraint == ThresholdConstraint.EqualizedOdds;
        if (eo && options.Objective is not (ThresholdObjective.AccuracyScore or ThresholdObjective.BalancedAccuracyScore))
            throw VigilException.Usage(
                $"threshold optimizer: objective '{ThresholdOptimizerOptions.Name(options.Objective)}' is not supported with equalized_odds " +
                "(Fairlearn allows accuracy_score or balanced_accuracy_score)");
        if (data.Count == 0) throw VigilException.BadData("threshold optimizer: no rows to fit on");
        for (var i = 0; i < scores.Length; i++)
            if (!double.IsFinite(scores[i]))
                throw VigilException.BadData($"threshold optimizer: score {scores[i]} at row {i + 1} is not a finite number");
        data.RequireBothClassesPerGroup("threshold optimizer");

        // Bucket rows by group (counting sort), then sort each group's scores descending.
        var (rowsPerGroup, positivesPerGroup) = data.Counts();
        var order = Enumerable.Range(0, data.GroupCount).Where(g => rowsPerGroup[g] > 0)
            .OrderBy(g => data.GroupNames[g], StringComparer.Ordinal).ToArray();
        var start = new int[data.GroupCount + 1];
        for (var g = 0; g < data.GroupCount; g++) start[g + 1] = start[g] + (int)rowsPerGroup[g];
        var keys = new double[data.Count];
        var labels = new bool[data.Count];
        var fill = (int[])start.Clone();
        for (var i = 0; i < data.Count; i++)
        {
            var at = fill[data.Groups[i]]++;
            keys[at] = -scores[i]; // ascending on −score = descending on score
            labels[at] = data.Labels[i];
        }

        var grid = Grid(options.GridSize);
        var (xMetric, yMetric) = eo
            ? (Rate.FalsePositiveRate, Rate.TruePositiveRate)
            : (ConstraintRate(options.Constraint), ObjectiveRate(options.Objective));
        var curves = new Curve[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var g = order[k];
            var len = (int)rowsPerGroup[g];
            Array.Sort(keys, labels, start[g], len);
            var hull = Hull(TradeoffPoints(keys.AsSpan(start[g], len), labels.AsSpan(start[g], len), options.Flip, xMetric, yMetric));
            curves[k] = Interpolate(hull, grid);
        }

        var n = (double)data.Count;
        var result = new GroupInterpolation[order.Length];
        if (!eo)
        {
            var overall = new double[grid.Length];
            for (var k = 0; k < order.Length; k++)
            {
                var p = rowsPerGroup[order[k]] / n;
                var y = curves[k].Y;
                for (var i = 0; i < grid.Length; i++) overall[i] += p * y[i];
            }
            var best = ArgMax(overall);
            for (var k = 0; k < order.Length; k++)
                result[k] = new GroupInterpolation(data.GroupNames[order[k]], curves[k].P0[best], curves[k].Op0[best],
                    curves[k].P1[best], curves[k].Op1[best], null, null);
            return new ThresholdOptimizer(options, grid[best], null, overall[best], result);
        }

        long nPos = 0;
        foreach (var g in order) nPos += positivesPerGroup[g];
        var nNeg = data.Count - nPos;
        var yMin = new double[grid.Length];
        var objective = new double[grid.Length];
        for (var i = 0; i < grid.Length; i++)
        {
            var m = double.PositiveInfinity;
            for (var k = 0; k < curves.Length; k++)
                if (curves[k].Y[i] < m) m = curves[k].Y[i];
            yMin[i] = m;
            var x = grid[i];
            var counts = new Confusion(nPos * m, nNeg * x, nNeg * (1.0 - x), nPos * (1.0 - m));
            objective[i] = Math.Round(counts.Metric(ObjectiveRate(options.Objective)), 15);
        }
        var iBest = ArgMax(objective);
        var xBest = grid[iBest];
        var yBest = yMin[iBest];
        for (var k = 0; k < order.Length; k++)
        {
            var c = curves[k];
            var y = c.Y[iBest];
            var pIgnore = y == xBest ? 0.0 : (y - yBest) / (y - xBest);
            result[k] = new GroupInterpolation(data.GroupNames[order[k]], c.P0[iBest], c.Op0[iBest], c.P1[iBest], c.Op1[iBest], pIgnore, xBest);
        }
        return new ThresholdOptimizer(options, xBest, yBest, objective[iBest], result);
    }

    /// <summary>
    /// P(ŷ = 1) for every row (the probability mass function Fairlearn's <c>_pmf_predict</c> returns in column 1).
    /// </summary>
    public void PositiveProbability(ReadOnlySpan<double> scores, ReadOnlySpan<int> groups, IReadOnlyList<string> groupNames, Span<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        var rules = new GroupInterpolation?[groupNames.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var g = groups[i];
            var rule = rules[g] ??= For(groupNames[g]);
            probabilities[i] = rule.PositiveProbability(scores[i]);
        }
    }

    /// <summary>
    /// Randomized predictions: row i is 1 when u_i &lt; P(ŷ=1), u_i uniform on [0, 1) from a generator seeded with
    /// <paramref name="seed"/> (Fairlearn compares with numpy's generator; the draws differ, the distribution is the same).
    /// </summary>
    public static void Realise(ReadOnlySpan<double> probabilities, int seed, Span<bool> predictions)
    {
        var rng = new Random(seed);
        for (var i = 0; i < probabilities.Length; i++) predictions[i] = rng.NextDouble() < probabilities[i];
    }

    /// <summary>numpy.linspace(0, 1, gridSize + 1): i·(1/gridSize), the last point exactly 1.</summary>
    internal static double[] Grid(int gridSize)
    {
        var step = 1.0 / gridSize;
        var grid = new double[gridSize + 1];
        for (var i = 0; i < grid.Length; i++) grid[i] = i * step + 0.0;
        grid[gridSize] = 1.0;
        return grid;
    }

    private static int ArgMax(double[] values)
    {
        var best = -1;
        for (var i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i]) && (best < 0 || values[i] > values[best])) best = i;
        return best < 0 ? 0 : best;
    }

    internal enum Rate { SelectionRate, FalsePositiveRate, FalseNegativeRate, TruePositiveRate, TrueNegativeRate, Accuracy, BalancedAccuracy }

    private static Rate ConstraintRate(ThresholdConstraint c) => c switch
    {
        ThresholdConstraint.DemographicParity => Rate.SelectionRate,
        ThresholdConstraint.TruePositiveRateParity => Rate.TruePositiveRate,
        ThresholdConstraint.FalsePositiveRateParity => Rate.FalsePositiveRate,
        ThresholdConstraint.TrueNegativeRateParity => Rate.TrueNegativeRate,
        _ => Rate.FalseNegativeRate,
    };

    private static Rate ObjectiveRate(ThresholdObjective o) => o switch
    {
        ThresholdObjective.AccuracyScore => Rate.Accuracy,
        ThresholdObjective.BalancedAccuracyScore => Rate.BalancedAccuracy,
        ThresholdObjective.SelectionRate => Rate.SelectionRate,
        ThresholdObjective.TruePositiveRate => Rate.TruePositiveRate,
        _ => Rate.TrueNegativeRate,
    };

    /// <summary>Confusion counts and Fairlearn's METRIC_DICT formulas (same order of operations).</summary>
    private readonly record struct Confusion(double Tp, double Fp, double Tn, double Fn)
    {
        public double Metric(Rate rate)
        {
            var n = Tp + Tn + Fp + Fn;
            var positives = Tp + Fn;
            var negatives = Tn + Fp;
            return rate switch
            {
                Rate.SelectionRate => (Tp + Fp) / n,
                Rate.FalsePositiveRate => Fp / negatives,
                Rate.FalseNegativeRate => Fn / positives,
                Rate.TruePositiveRate => Tp / positives,
                Rate.TrueNegativeRate => Tn / negatives,
                Rate.Accuracy => (Tp + Tn) / n,
                _ => 0.5 * Tp / positives + 0.5 * Tn / negatives,
            };
        }
    }

    private readonly record struct Point(double X, double Y, ThresholdOperation Operation, int Index);

    /// <summary>
    /// Every threshold's (x, y): <paramref name="negatedScores"/> ascending (scores descending) with their labels.
    /// Sorted by x then y, ties in insertion order (pandas' stable sort on two keys).
    /// </summary>
    private static List<Point> TradeoffPoints(ReadOnlySpan<double> negatedScores, ReadOnlySpan<bool> labels, bool flip, Rate xMetric, Rate yMetric)
    {
        var n = negatedScores.Length;
        long nPos = 0;
        foreach (var l in labels) if (l) nPos++;
        long nNeg = n - nPos;
        var points = new List<Point>(flip ? 2 * n + 2 : n + 2);
        long c0 = 0, c1 = 0;
        var i = 0;
        var first = true;
        while (i < n)
        {
            double threshold;
            if (first)
            {
                threshold = double.PositiveInfinity;
                first = false;
            }
            else
            {
                var t = -negatedScores[i];
                while (i < n && -negatedScores[i] == t)
                {
                    if (labels[i]) c1++;
                    else c0++;
                    i++;
                }
                var next = i < n ? -negatedScores[i] : double.NegativeInfinity;
                threshold = (t + next) / 2;
            }
            var actual = new Confusion(c1, c0, nNeg - c0, nPos - c1);
            points.Add(new Point(actual.Metric(xMetric), actual.Metric(yMetric), new ThresholdOperation('>', threshold), points.Count));
            if (flip)
            {
                var flipped = new Confusion(nPos - c1, nNeg - c0, c0, c1);
                points.Add(new Point(flipped.Metric(xMetric), flipped.Metric(yMetric), new ThresholdOperation('<', threshold), points.Count));
            }
        }
        points.Sort(static (a, b) =>
        {
            var c = a.X.CompareTo(b.X);
            if (c != 0) return c;
            c = a.Y.CompareTo(b.Y);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        return points;
    }

    /// <summary>Upper convex hull by Andrew's monotone chain (drops a middle point on or below the chord).</summary>
    private static List<Point> Hull(List<Point> sorted)
    {
        var selected = new List<Point>();
        foreach (var r2 in sorted)
        {
            while (selected.Count >= 2)
            {
                var r1 = selected[^1];
                var r0 = selected[^2];
                if ((r1.Y - r0.Y) * (r2.X - r0.X) <= (r2.Y - r0.Y) * (r1.X - r0.X)) selected.RemoveAt(selected.Count - 1);
                else break;
            }
            selected.Add(r2);
        }
        return selected;
    }

    private sealed record Curve(double[] Y, double[] P0, ThresholdOperation[] Op0, double[] P1, ThresholdOperation[] Op1);

    /// <summary>Fairlearn's _interpolate_curve: for grid x, k with x_k &lt; x ≤ x_{k+1} (searchsorted right − 1, shifted left on ties).</summary>
    private static Curve Interpolate(List<Point> hull, double[] grid)
    {
        var m = grid.Length;
        var y = new double[m];
        var p0 = new double[m];
        var p1 = new double[m];
        var op0 = new ThresholdOperation[m];
        var op1 = new ThresholdOperation[m];
        var xs = new double[hull.Count];
        for (var j = 0; j < xs.Length; j++) xs[j] = hull[j].X;
        for (var i = 0; i < m; i++)
        {
            var x = grid[i];
            var k = UpperBound(xs, x) - 1;
            if (i > 0 && k >= 0 && x == xs[k]) k--;
            k = Math.Clamp(k, 0, Math.Max(0, xs.Length - 2));
            if (xs.Length < 2)
            {
                y[i] = hull[0].Y;
                p0[i] = 1;
                op0[i] = op1[i] = hull[0].Operation;
                continue;
            }
            var a = hull[k];
            var b = hull[k + 1];
            var q0 = (b.X - x) / (b.X - a.X);
            var q1 = 1 - q0;
            p0[i] = q0;
            p1[i] = q1;
            y[i] = q0 * a.Y + q1 * b.Y;
            op0[i] = a.Operation;
            op1[i] = b.Operation;
        }
        return new Curve(y, p0, op0, p1, op1);
    }

    /// <summary>Number of elements ≤ <paramref name="x"/> in ascending <paramref name="xs"/> (numpy searchsorted side='right').</summary>
    private static int UpperBound(double[] xs, double x)
    {
        int lo = 0, hi = xs.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
