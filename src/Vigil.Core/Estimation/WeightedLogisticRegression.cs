namespace Vigil.Core.Estimation;

/// <summary>
/// A small dense logistic regression with real-valued row weights and an L2 penalty, fitted by Newton–Raphson with
/// step halving: maximise Σᵢ wᵢ[yᵢηᵢ − log(1 + e^ηᵢ)] − ½λ‖β‖² with ηᵢ = β₀ + Σⱼ βⱼxᵢⱼ (the intercept β₀ is not
/// penalised). It serves Platt scaling (one feature, the score's logit) and the density-ratio domain model (tens of
/// standardized features). <see cref="Calibration.LogisticRecalibration"/> fits the same model for calibration
/// reports but takes integer weights only; importance weights are real, hence this kernel. The penalty keeps the
/// fit finite under separation. Rows are a row-major matrix x[i·d + j].
/// </summary>
public static class WeightedLogisticRegression
{
    private const int MaxIterations = 50;

    /// <summary>Coefficients β (length d + 1, β[0] the intercept).</summary>
    /// <param name="x">Row-major n×d features.</param>
    /// <param name="d">Features per row.</param>
    /// <param name="y">Outcome per row.</param>
    /// <param name="weights">Weight per row (empty: 1); zero-weight rows are skipped.</param>
    /// <param name="l2">Penalty λ on the slopes (≥ 0).</param>
    public static double[] Fit(ReadOnlySpan<double> x, int d, ReadOnlySpan<bool> y, ReadOnlySpan<double> weights, double l2)
    {
        var n = y.Length;
        if (x.Length != (long)n * d) throw new ArgumentException("x is not n×d", nameof(x));
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException("weights and rows differ in length", nameof(weights));
        var p = d + 1;
        var beta = new double[p];
        // Start at the weighted log-odds of the outcome.
        double sw = 0, sy = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights.IsEmpty ? 1 : weights[i];
            sw += w;
            if (y[i]) sy += w;
        }
        if (sw > 0 && sy > 0 && sy < sw) beta[0] = Math.Log(sy / (sw - sy));
        var gradient = new double[p];
        var hessian = new double[p * p];
        var row = new double[p];
        var previous = double.NegativeInfinity;
        var step = new double[p];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            var ll = 0.0;
            for (var i = 0; i < n; i++)
            {
                var w = weights.IsEmpty ? 1 : weights[i];
                if (w == 0) continue;
                row[0] = 1;
                x.Slice(i * d, d).CopyTo(row.AsSpan(1));
                var eta = 0.0;
                for (var j = 0; j < p; j++) eta += beta[j] * row[j];
                var (mu, softplus) = Link(eta);
                var yi = y[i] ? 1.0 : 0.0;
                ll += w * (yi * eta - softplus);
                var r = w * (yi - mu);
                var v = w * mu * (1 - mu);
                for (var j = 0; j < p; j++)
                {
                    gradient[j] += r * row[j];
                    var vj = v * row[j];
                    for (var k = 0; k <= j; k++) hessian[j * p + k] += vj * row[k];
                }
            }
            for (var j = 1; j < p; j++)
            {
                ll -= 0.5 * l2 * beta[j] * beta[j];
                gradient[j] -= l2 * beta[j];
                hessian[j * p + j] += l2;
            }
            if (ll < previous - 1e-10 * Math.Abs(previous))
            {
                // The last step overshot: go back half of it and re-evaluate.
                for (var j = 0; j < p; j++)
                {
                    step[j] /= 2;
                    beta[j] -= step[j];
                }
                continue;
            }
            previous = ll;
            for (var j = 0; j < p; j++)
                for (var k = j + 1; k < p; k++) hessian[j * p + k] = hessian[k * p + j];
            for (var j = 0; j < p; j++) hessian[j * p + j] += 1e-12;
            if (!Cholesky.Solve(hessian, gradient, step, p)) break;
            var size = 0.0;
            var scale = 1.0;
            for (var j = 0; j < p; j++)
            {
                beta[j] += step[j];
                size += Math.Abs(step[j]);
                scale += Math.Abs(beta[j]);
            }
            if (size < 1e-8 * scale) break;
        }
        return beta;
    }

    /// <summary>P(y = 1 | x) for one row.</summary>
    public static double Predict(ReadOnlySpan<double> beta, ReadOnlySpan<double> row)
    {
        var eta = beta[0];
        for (var j = 0; j < row.Length; j++) eta += beta[j + 1] * row[j];
        return Link(eta).Mu;
    }

    /// <summary>The linear predictor η for one row.</summary>
    public static double LinearPredictor(ReadOnlySpan<double> beta, ReadOnlySpan<double> row)
    {
        var eta = beta[0];
        for (var j = 0; j < row.Length; j++) eta += beta[j + 1] * row[j];
        return eta;
    }

    /// <summary>σ(η) and log(1 + e^η), stable for large |η|.</summary>
    public static (double Mu, double Softplus) Link(double eta)
    {
        var e = Math.Exp(-Math.Abs(eta));
        var mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
        return (mu, Math.Max(eta, 0) + Math.Log(1 + e));
    }
}
