using Vigil.Core;
using Vigil.Models.Learners;

namespace Vigil.Mitigation.Reductions;

/// <summary>Settings of <see cref="ExponentiatedGradient"/>; the defaults are Fairlearn 0.12's.</summary>
/// <param name="MaxIterations">Fairlearn's <c>max_iter</c> (50).</param>
/// <param name="Nu">Convergence threshold of the duality gap; null = "auto": 0.5 · sd(|h₀(X) − Y|) / √n with h₀ the
/// first best response and the sample standard deviation (divisor n − 1).</param>
/// <param name="Eta0">Initial learning rate multiplier (<c>eta0</c>, 2.0): η = eta0 / B.</param>
/// <param name="RunLinprogStep">Follow every iteration by the saddle point over the classifiers found so far (true).</param>
public sealed record ExponentiatedGradientOptions(int MaxIterations = 50, double? Nu = null, double Eta0 = 2.0, bool RunLinprogStep = true);

/// <summary>
/// Exponentiated Gradient reduction for fair binary classification (Agarwal, Beygelzimer, Dudík, Langford &amp; Wallach,
/// "A Reductions Approach to Fair Classification", ICML 2018), step for step as Fairlearn 0.12's
/// <c>ExponentiatedGradient</c> with <c>eps = difference_bound = ε</c>.
/// </summary>
/// <remarks>
/// <para>The game: the Q-player picks a distribution over classifiers, the λ-player multipliers with ‖λ‖₁ ≤ B = 1/ε.
/// Each iteration t sets λ_t = B · exp(θ) / (1 + Σ exp(θ)), calls the best-response oracle for λ_t (the learner fitted
/// on the cost-sensitive reduction, see <see cref="ParityConstraint.SignedWeights"/>), takes Q_EG = the empirical
/// distribution of the best responses so far and λ̂ = the mean of λ_0..λ_t, and computes the duality gap of (Q_EG, λ̂);
/// from t = 1 on it also solves the saddle point over the classifiers found so far by linear programming and keeps
/// whichever of the two has the smaller gap. It stops when that gap is below ν (from t = 5 on), otherwise updates
/// θ += η (γ(h_t) − ε), shrinking η by 0.8 when the best gap did not fall below 0.8 × its value at the last check
/// (checks at t ≥ 5 · 1.6ᵏ). The result is the Q of the last iteration whose gap is within 1e-8 of the smallest.</para>
/// <para>Guarantee (Agarwal et al., Theorem 1): error within 2·gap of the best ε-fair randomized classifier and
/// constraint violation at most 2·(ε + gap), on the training data; <see cref="ReductionResult.TrainingDisparity"/>
/// reports the measured value.</para>
/// </remarks>
public static class ExponentiatedGradient
{
    // Fairlearn's _constants.py.
    private const double AccuracyMultiplier = 0.5;
    private const int RegretCheckStart = 5;
    private const double RegretCheckIncrease = 1.6;
    private const double ShrinkRegret = 0.8;
    private const double ShrinkEta = 0.8;
    private const int MinIterations = 5;

    /// <summary>
    /// Fits the reduction on <paramref name="x"/> with labels <paramref name="y"/> and protected groups
    /// <paramref name="group"/> (codes into <paramref name="groupNames"/>).
    /// </summary>
    /// <exception cref="VigilException">ε ≤ 0 or not finite, no labels, fewer than two groups (usage); one class only in
    /// the data, or a group without one of the classes for a constraint conditioned on the label (bad data).</exception>
    public static ReductionResult Fit(
        FeatureMatrix x, bool[]? y, int[] group, string[] groupNames, ReductionConstraint constraint, double eps,
        IBinaryLearner learner, ExponentiatedGradientOptions? options = null)
    {
        options ??= new ExponentiatedGradientOptions();
        var parity = Prepare(x, y, group, groupNames, constraint, eps, learner, "Exponentiated Gradient");
        if (options.MaxIterations < 1) throw VigilException.Usage($"Exponentiated Gradient needs at least one iteration, got {options.MaxIterations}");
        if (options.Eta0 <= 0 || !double.IsFinite(options.Eta0)) throw VigilException.Usage($"eta0 must be > 0, got {options.Eta0}");
        var n = x.Rows;
        var b = 1 / eps;
        var lagrangian = new Lagrangian(x, parity, learner, b);
        var count = parity.Count;
        var theta = new double[count];
        var lambdaSum = new double[count];
        var lambdaVec = new double[count];
        var lambdaEg = new double[count];
        var qSum = new List<double>();
        var gapsEg = new List<double>();
        var gaps = new List<double>();
        var qs = new List<double[]>();
        var lastRegretChecked = (double)RegretCheckStart;
        var lastGap = double.PositiveInfinity;
        var nu = options.Nu ?? double.NaN;
        var eta = options.Eta0 / b;
        for (var t = 0; t < options.MaxIterations; t++)
        {
            double expSum = 0;
            for (var k = 0; k < count; k++) expSum += Math.Exp(theta[k]);
            for (var k = 0; k < count; k++)
            {
                lambdaVec[k] = b * Math.Exp(theta[k]) / (1 + expSum);
                lambdaSum[k] += lambdaVec[k];
                lambdaEg[k] = lambdaSum[k] / (t + 1);
            }
            var hIndex = lagrangian.BestH(lambdaVec);
            if (t == 0 && options.Nu is null) nu = AutoNu(lagrangian.Predictions[hIndex], y!);
            while (qSum.Count < lagrangian.Predictors.Count) qSum.Add(0);
            qSum[hIndex] += 1;
            var gamma = lagrangian.Gammas[hIndex];
            var qEg = Normalize(qSum);
            var resultEg = lagrangian.EvalGap(qEg, lambdaEg, nu);
            var gapEg = resultEg.Gap;
            gapsEg.Add(gapEg);
            var gapLp = double.PositiveInfinity;
            double[]? qLp = null;
            if (t > 0 && options.RunLinprogStep)
            {
                var (q, _, gapResult) = lagrangian.SolveLinprog(nu);
                qLp = q;
                gapLp = gapResult.Gap;
            }
            if (gapEg < gapLp)
            {
                qs.Add(qEg);
                gaps.Add(gapEg);
            }
            else
            {
                qs.Add(qLp!);
                gaps.Add(gapLp);
            }
            if (gaps[t] < nu && t >= MinIterations) break;
            if (t >= lastRegretChecked * RegretCheckIncrease)
            {
                var bestGapSoFar = double.PositiveInfinity;
                foreach (var g in gapsEg) bestGapSoFar = Math.Min(bestGapSoFar, g);
                if (bestGapSoFar > lastGap * ShrinkRegret) eta *= ShrinkEta;
                lastRegretChecked = t;
                lastGap = bestGapSoFar;
            }
            for (var k = 0; k < count; k++) theta[k] += eta * (gamma[k] - parity.Bound);
        }

        var minGap = double.PositiveInfinity;
        foreach (var g in gaps) minGap = Math.Min(minGap, g);
        var bestIteration = 0;
        for (var t = 0; t < gaps.Count; t++) if (gaps[t] <= minGap + Lagrangian.Precision) bestIteration = t;
        var weights = new double[lagrangian.Predictors.Count];
        var chosen = qs[bestIteration];
        for (var k = 0; k < chosen.Length; k++) weights[k] = chosen[k];
        return BuildResult("exponentiated_gradient", lagrangian, weights, DeterministicChoice(lagrangian),
            gaps[bestIteration], bestIteration, gaps.Count - 1, nu);
    }

    /// <summary>Common argument checks of the reductions; returns the constraint loaded with the data.</summary>
    internal static ParityConstraint Prepare(
        FeatureMatrix x, bool[]? y, int[] group, string[] groupNames, ReductionConstraint constraint, double? eps,
        IBinaryLearner learner, string method)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(learner);
        if (eps is { } e && (!(e > 0) || !double.IsFinite(e)))
            throw VigilException.Usage($"{method}: the difference bound eps must be a number > 0, got {eps}");
        if (y is null)
            throw VigilException.Usage($"{method} with {constraint} needs the true labels (the error objective{(constraint == ReductionConstraint.DemographicParity ? "" : " and the constraint")} use them); give the label column");
        if (y.Length != x.Rows) throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        if (group.Length != x.Rows) throw new ArgumentException($"{group.Length} group codes for {x.Rows} rows", nameof(group));
        if (x.Rows == 0) throw VigilException.BadData($"{method}: no rows to fit on");
        var seen = new bool[groupNames.Length];
        var present = 0;
        foreach (var g in group)
        {
            if ((uint)g >= (uint)groupNames.Length) throw new ArgumentException($"group code {g} outside 0..{groupNames.Length - 1}", nameof(group));
            if (!seen[g]) present++;
            seen[g] = true;
        }
        if (present < 2) throw VigilException.BadData($"{method}: the protected attribute has {present} group(s) in the data; a parity constraint needs at least two");
        var positives = 0;
        foreach (var v in y) if (v) positives++;
        if (positives == 0 || positives == y.Length)
            throw VigilException.BadData($"{method}: the labels hold one class only ({(positives == 0 ? "no positives" : "no negatives")}); nothing to classify");
        return new ParityConstraint(constraint, y, group, groupNames, eps ?? 0);
    }

    /// <summary>Fairlearn's automatic ν: 0.5 · sample sd(|h(X) − Y|) / √n.</summary>
    private static double AutoNu(byte[] h, bool[] y)
    {
        var n = y.Length;
        double sum = 0;
        for (var i = 0; i < n; i++) sum += (h[i] != 0) != y[i] ? 1 : 0;
        var mean = sum / n;
        double ss = 0;
        for (var i = 0; i < n; i++)
        {
            var d = ((h[i] != 0) != y[i] ? 1 : 0) - mean;
            ss += d * d;
        }
        var sd = n > 1 ? Math.Sqrt(ss / (n - 1)) : 0;
        return AccuracyMultiplier * sd / Math.Sqrt(n);
    }

    private static double[] Normalize(List<double> q)
    {
        double total = 0;
        foreach (var v in q) total += v;
        var result = new double[q.Count];
        for (var k = 0; k < result.Length; k++) result[k] = q[k] / total;
        return result;
    }

    /// <summary>
    /// The single classifier offered for deterministic use: lowest training error among the kept classifiers whose
    /// constraint values are all ≤ ε; otherwise the one with the smallest largest violation (ties: lower error).
    /// </summary>
    internal static int DeterministicChoice(Lagrangian lagrangian)
    {
        var best = -1;
        for (var k = 0; k < lagrangian.Predictors.Count; k++)
        {
            if (MaxOf(lagrangian.Gammas[k]) > lagrangian.Constraint.Bound) continue;
            if (best < 0 || lagrangian.Errors[k] < lagrangian.Errors[best]) best = k;
        }
        if (best >= 0) return best;
        best = 0;
        for (var k = 1; k < lagrangian.Predictors.Count; k++)
        {
            var v = MaxOf(lagrangian.Gammas[k]);
            var vb = MaxOf(lagrangian.Gammas[best]);
            if (v < vb || (v == vb && lagrangian.Errors[k] < lagrangian.Errors[best])) best = k;
        }
        return best;
    }

    internal static double MaxOf(double[] values)
    {
        var m = double.NegativeInfinity;
        foreach (var v in values) m = Math.Max(m, v);
        return m;
    }

    internal static ReductionResult BuildResult(
        string method, Lagrangian lagrangian, double[] weights, int deterministic,
        double bestGap = double.NaN, int bestIteration = 0, int lastIteration = 0, double nu = double.NaN) =>
        BuildResult(method, lagrangian.Constraint, lagrangian.Predictors, lagrangian.Errors, lagrangian.Gammas, weights, deterministic,
            lagrangian.OracleCalls, bestGap, bestIteration, lastIteration, nu);

    internal static ReductionResult BuildResult(
        string method, ParityConstraint constraint, IReadOnlyList<IBinaryPredictor> predictors, IReadOnlyList<double> errors,
        IReadOnlyList<double[]> gammas, double[] weights, int deterministic, int oracleCalls,
        double bestGap = double.NaN, int bestIteration = 0, int lastIteration = 0, double nu = double.NaN)
    {
        var count = constraint.Count;
        var summaries = new List<ReductionPredictor>();
        var gamma = new double[count];
        double error = 0;
        for (var k = 0; k < predictors.Count; k++)
        {
            summaries.Add(new ReductionPredictor(k, weights[k], errors[k], MaxOf(gammas[k])));
            if (weights[k] == 0) continue;
            error += weights[k] * errors[k];
            for (var j = 0; j < count; j++) gamma[j] += weights[k] * gammas[k][j];
        }
        var labelled = new List<(string, double)>();
        for (var k = 0; k < count; k++) labelled.Add((constraint.Labels[k], gamma[k]));
        return new ReductionResult(method, constraint.Kind, constraint.Bound, predictors, weights, summaries, deterministic)
        {
            TrainingError = error,
            TrainingDisparity = MaxOf(gamma),
            TrainingGamma = labelled,
            OracleCalls = oracleCalls,
            BestGap = bestGap,
            BestIteration = bestIteration,
            LastIteration = lastIteration,
            Nu = nu,
        };
    }
}
