using Vigil.Models.Learners;

namespace Vigil.Mitigation.Reductions;

/// <summary>
/// The Lagrangian L(Q, λ) = err(Q) + Σₖ λₖ (γₖ(Q) − ε) of the fair classification game and its best-response oracle,
/// as Fairlearn 0.12's <c>_Lagrangian</c>: every oracle call fits the learner on the cost-sensitive reduction
/// (labels = sign of the signed weights, example weights = |signed weights| rescaled to sum to n) and keeps the new
/// classifier only when it lowers err + λ·γ by more than 1e-8 below every classifier kept so far.
/// </summary>
internal sealed class Lagrangian
{
    internal const double Precision = 1e-8;

    private readonly FeatureMatrix _x;
    private readonly IBinaryLearner _learner;
    private readonly double[] _signed;
    private readonly double[] _weights;
    private readonly bool[] _labels;
    private readonly double[] _scores;
    private (int Hs, double[] Q, double[] Lambda, GapResult Gap)? _lastLinprog;

    public Lagrangian(FeatureMatrix x, ParityConstraint constraint, IBinaryLearner learner, double b)
    {
        _x = x;
        Constraint = constraint;
        _learner = learner;
        B = b;
        _signed = new double[x.Rows];
        _weights = new double[x.Rows];
        _labels = new bool[x.Rows];
        _scores = new double[x.Rows];
    }

    public ParityConstraint Constraint { get; }

    public double B { get; }

    public List<IBinaryPredictor> Predictors { get; } = [];

    /// <summary>0/1 training predictions of each kept classifier.</summary>
    public List<byte[]> Predictions { get; } = [];

    public List<double> Errors { get; } = [];

    public List<double[]> Gammas { get; } = [];

    public int OracleCalls { get; private set; }

    public int ConstantOracleCalls { get; private set; }

    /// <summary>
    /// Fits the learner on the reduction for <paramref name="lambda"/> and returns the index of the best response among
    /// the kept classifiers (the new one when it improves the Lagrangian by more than 1e-8).
    /// </summary>
    public int BestH(ReadOnlySpan<double> lambda)
    {
        var n = _x.Rows;
        Constraint.SignedWeights(lambda, _signed);
        double total = 0;
        var anyPositive = false;
        var anyNegative = false;
        for (var i = 0; i < n; i++)
        {
            var s = _signed[i];
            _labels[i] = s > 0;
            if (s > 0) anyPositive = true;
            else anyNegative = true;
            total += Math.Abs(s);
        }
        for (var i = 0; i < n; i++) _weights[i] = total > 0 ? n * Math.Abs(_signed[i]) / total : 1.0;
        IBinaryPredictor predictor = anyPositive && anyNegative
            ? _learner.Fit(_x, _labels, _weights)
            : new ConstantPredictor(anyPositive);
        if (!(anyPositive && anyNegative)) ConstantOracleCalls++;
        OracleCalls++;

        var h = new byte[n];
        predictor.PredictProbability(_x, _scores);
        for (var i = 0; i < n; i++) h[i] = _scores[i] > 0.5 ? (byte)1 : (byte)0;
        var gamma = new double[Constraint.Count];
        var error = Constraint.Evaluate(h, gamma);
        var value = error + Dot(gamma, lambda);

        var bestIndex = -1;
        var bestValue = double.PositiveInfinity;
        for (var k = 0; k < Predictors.Count; k++)
        {
            var v = Errors[k] + Dot(Gammas[k], lambda);
            if (v < bestValue)
            {
                bestValue = v;
                bestIndex = k;
            }
        }
        if (value < bestValue - Precision)
        {
            Predictors.Add(predictor);
            Predictions.Add(h);
            Errors.Add(error);
            Gammas.Add(gamma);
            bestIndex = Predictors.Count - 1;
        }
        return bestIndex;
    }

    /// <summary>
    /// L(Q, λ) with λ projected (Fairlearn's <c>_eval</c>), L_high = err(Q) + B · max(0, maxₖ(γₖ(Q) − ε)), the mixture's
    /// error and constraint values. <paramref name="q"/> is indexed like <see cref="Predictors"/> (shorter = zeros).
    /// </summary>
    public (double L, double LHigh, double[] Gamma, double Error) Eval(ReadOnlySpan<double> q, ReadOnlySpan<double> lambda)
    {
        var count = Constraint.Count;
        var gamma = new double[count];
        double error = 0;
        for (var k = 0; k < q.Length; k++)
        {
            if (q[k] == 0) continue;
            error += q[k] * Errors[k];
            var g = Gammas[k];
            for (var j = 0; j < count; j++) gamma[j] += q[k] * g[j];
        }
        Span<double> projected = stackalloc double[count];
        Constraint.Project(lambda, projected);
        var l = error;
        var maxConstraint = double.NegativeInfinity;
        for (var j = 0; j < count; j++)
        {
            var slack = gamma[j] - Constraint.Bound;
            l += projected[j] * slack;
            maxConstraint = Math.Max(maxConstraint, slack);
        }
        var lHigh = maxConstraint <= 0 ? error : error + B * maxConstraint;
        return (l, lHigh, gamma, error);
    }

    /// <summary>
    /// The duality gap of (Q, λ̂): L_low is the smallest L(h, λ̂) over the best responses to m·λ̂, m = 1, 2, 5, 10
    /// (stopping as soon as the gap exceeds ν + 1e-8); gap = max(L − L_low, L_high − L).
    /// </summary>
    public GapResult EvalGap(double[] q, double[] lambdaHat, double nu)
    {
        var (l, lHigh, gamma, error) = Eval(q, lambdaHat);
        var result = new GapResult(l, l, lHigh, gamma, error);
        var scaled = new double[lambdaHat.Length];
        foreach (var mul in (ReadOnlySpan<double>)[1.0, 2.0, 5.0, 10.0])
        {
            for (var j = 0; j < scaled.Length; j++) scaled[j] = mul * lambdaHat[j];
            var index = BestH(scaled);
            var single = new double[index + 1];
            single[index] = 1;
            var lowMul = Eval(single, lambdaHat).L;
            if (lowMul < result.LLow) result = result with { LLow = lowMul };
            if (result.Gap > nu + Precision) break;
        }
        return result;
    }

    /// <summary>
    /// The saddle point over the convex hull of the classifiers kept so far (Fairlearn's <c>solve_linprog</c>):
    /// primal min_{Q, z ≥ 0} Σ Q_h err_h + B z s.t. Σ_h Q_h (γ_hk − ε) − z ≤ 0 ∀k, Σ Q_h = 1; dual
    /// max μ s.t. μ ≤ err_h + Σₖ λₖ (γ_hk − ε) ∀h, Σ λ ≤ B, λ ≥ 0. Cached until a new classifier is kept.
    /// </summary>
    public (double[] Q, double[] Lambda, GapResult Gap) SolveLinprog(double nu)
    {
        var hs = Predictors.Count;
        if (_lastLinprog is { } cached && cached.Hs == hs) return (cached.Q, cached.Lambda, cached.Gap);
        var count = Constraint.Count;
        var c = new double[hs + 1];
        for (var h = 0; h < hs; h++) c[h] = Errors[h];
        c[hs] = B;
        var aUb = new double[count][];
        for (var k = 0; k < count; k++)
        {
            aUb[k] = new double[hs + 1];
            for (var h = 0; h < hs; h++) aUb[k][h] = Gammas[h][k] - Constraint.Bound;
            aUb[k][hs] = -1;
        }
        var aEq = new double[1][];
        aEq[0] = new double[hs + 1];
        for (var h = 0; h < hs; h++) aEq[0][h] = 1;
        var primal = LinearProgram.Minimize(c, aUb, new double[count], aEq, [1.0])
            ?? throw new InvalidOperationException("the saddle-point linear program has no solution");
        var q = primal[..hs];

        // Dual variables: λ (count, ≥ 0) then μ (free); minimise −μ.
        var dualC = new double[count + 1];
        dualC[count] = -1;
        var dualA = new double[hs + 1][];
        var dualB = new double[hs + 1];
        for (var h = 0; h <= hs; h++)
        {
            dualA[h] = new double[count + 1];
            for (var k = 0; k < count; k++) dualA[h][k] = -aUb[k][h];
            dualA[h][count] = h < hs ? 1 : 0;
            dualB[h] = c[h];
        }
        var freeVars = new bool[count + 1];
        freeVars[count] = true;
        var dual = LinearProgram.Minimize(dualC, dualA, dualB, [], [], freeVars)
            ?? throw new InvalidOperationException("the dual saddle-point linear program has no solution");
        var lambda = dual[..count];
        var gap = EvalGap(q, lambda, nu);
        _lastLinprog = (hs, q, lambda, gap);
        return (q, lambda, gap);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

/// <summary>The duality gap of a (Q, λ) pair: max(L − L_low, L_high − L).</summary>
internal sealed record GapResult(double L, double LLow, double LHigh, double[] Gamma, double Error)
{
    public double Gap => Math.Max(L - LLow, LHigh - L);
}
