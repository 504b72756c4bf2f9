using Vigil.Core;
using Vigil.Models.Learners;

namespace Vigil.Mitigation.Reductions;

/// <summary>Settings of <see cref="GridSearch"/>; the defaults are Fairlearn 0.12's.</summary>
/// <param name="GridSize">Number of Lagrange multiplier vectors (<c>grid_size</c>, 10).</param>
/// <param name="GridLimit">Largest multiplier (<c>grid_limit</c>, 2.0): the grid holds vectors of L1 norm ≤ this.</param>
/// <param name="ConstraintWeight">Selection weight of the constraint violation (<c>constraint_weight</c>, 0.5); the error gets 1 − this.</param>
public sealed record GridSearchOptions(int GridSize = 10, double GridLimit = 2.0, double ConstraintWeight = 0.5);

/// <summary>
/// Grid Search reduction (Agarwal et al. 2018, §3.4), as Fairlearn 0.12's <c>GridSearch</c> with the
/// "tradeoff_optimization" selection rule: one learner fit per Lagrange multiplier vector of a grid, keeping the
/// classifier that minimises <c>(1 − w) · error + w · maxₖ γₖ</c> on the training data.
/// </summary>
/// <remarks>
/// <para>The grid (Fairlearn's <c>_GridGenerator</c>): the constraint basis has one coordinate per event and per group
/// except the last group in order of first appearance (the last is redundant); an integer grid of all vectors with
/// coordinates in −u..u and L1 norm ≤ u is enumerated (lexicographically, each coordinate from −u up), u being the
/// smallest integer, starting from ⌊(size / 2^d)^(1/d) − 1⌋, for which it holds at least <c>GridSize</c> vectors; the first
/// <c>GridSize</c> are scaled by <c>GridLimit / u</c>; a positive coordinate becomes λ₊ and a negative one λ₋ of its cell.</para>
/// <para>Each fit uses labels sign(w) and example weights |w| of the signed weights w (error term included, as
/// Fairlearn does when the objective is not in the constraints' span) — not rescaled, unlike Exponentiated Gradient.
/// The result is deterministic: the selected classifier (weight 1). γ here are the constraint values themselves
/// (no ε): Grid Search has no bound.</para>
/// </remarks>
public static class GridSearch
{
    public static ReductionResult Fit(
        FeatureMatrix x, bool[]? y, int[] group, string[] groupNames, ReductionConstraint constraint,
        IBinaryLearner learner, GridSearchOptions? options = null)
    {
        options ??= new GridSearchOptions();
        if (options.GridSize < 1) throw VigilException.Usage($"Grid Search: grid size must be >= 1, got {options.GridSize}");
        if (!(options.GridLimit > 0) || !double.IsFinite(options.GridLimit))
            throw VigilException.Usage($"Grid Search: grid limit must be > 0, got {options.GridLimit}");
        if (!(options.ConstraintWeight >= 0 && options.ConstraintWeight <= 1))
            throw VigilException.Usage($"Grid Search: constraint weight must be in [0, 1], got {options.ConstraintWeight}");
        var parity = ExponentiatedGradient.Prepare(x, y, group, groupNames, constraint, null, learner, "Grid Search");
        var grid = Grid(parity, options.GridSize, options.GridLimit);
        var n = x.Rows;
        var signed = new double[n];
        var weights = new double[n];
        var labels = new bool[n];
        var scores = new double[n];
        var h = new byte[n];
        var predictors = new List<IBinaryPredictor>();
        var errors = new List<double>();
        var gammas = new List<double[]>();
        var best = -1;
        var bestLoss = double.PositiveInfinity;
        foreach (var lambda in grid)
        {
            parity.SignedWeights(lambda, signed);
            var anyPositive = false;
            var anyNegative = false;
            for (var i = 0; i < n; i++)
            {
                labels[i] = signed[i] > 0;
                weights[i] = Math.Abs(signed[i]);
                if (labels[i]) anyPositive = true;
                else anyNegative = true;
            }
            var predictor = anyPositive && anyNegative ? learner.Fit(x, labels, weights) : new ConstantPredictor(anyPositive);
            predictor.PredictProbability(x, scores);
            for (var i = 0; i < n; i++) h[i] = scores[i] > 0.5 ? (byte)1 : (byte)0;
            var gamma = new double[parity.Count];
            var error = parity.Evaluate(h, gamma);
            var loss = (1 - options.ConstraintWeight) * error + options.ConstraintWeight * ExponentiatedGradient.MaxOf(gamma);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = predictors.Count;
            }
            predictors.Add(predictor);
            errors.Add(error);
            gammas.Add(gamma);
        }
        var mixture = new double[predictors.Count];
        mixture[best] = 1;
        var result = ExponentiatedGradient.BuildResult("grid_search", parity, predictors, errors, gammas, mixture, best, predictors.Count);
        return result;
    }

    /// <summary>The multiplier vectors (length = constraint count) of Fairlearn's grid generator.</summary>
    internal static List<double[]> Grid(ParityConstraint parity, int gridSize, double gridLimit)
    {
        var dim = parity.BasisCells.Length;
        var grid = new List<double[]>();
        if (dim == 0)
        {
            grid.Add(new double[parity.Count]);
            return grid;
        }
        var units = (int)Math.Floor(Math.Pow(gridSize / Math.Pow(2, dim), 1.0 / dim) - 1);
        if (units < 0) units = 0;
        List<int[]> integer;
        while (true)
        {
            integer = [];
            Accumulate(new int[dim], 0, units, integer, gridSize);
            if (integer.Count >= gridSize) break;
            units++;
        }
        var scale = units == 0 ? 0 : gridLimit / units;
        for (var p = 0; p < gridSize; p++)
        {
            var lambda = new double[parity.Count];
            for (var d = 0; d < dim; d++)
            {
                var v = integer[p][d] * scale;
                var cell = parity.BasisCells[d];
                if (v > 0) lambda[cell] = v;
                else if (v < 0) lambda[parity.Cells + cell] = -v;
            }
            grid.Add(lambda);
        }
        return grid;
    }

    private static void Accumulate(int[] entry, int index, int maxValue, List<int[]> into, int enough)
    {
        if (index == entry.Length)
        {
            into.Add((int[])entry.Clone());
            return;
        }
        for (var v = -maxValue; v <= maxValue; v++)
        {
            if (into.Count >= enough && index == 0) return;
            entry[index] = v;
            Accumulate(entry, index + 1, maxValue - Math.Abs(v), into, enough);
        }
    }
}
