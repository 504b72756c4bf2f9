namespace Vigil.Core.Calibration;

/// <summary>
/// Logistic recalibration of predicted probabilities (Cox 1958; Steyerberg, Clinical Prediction Models,
/// 2nd ed. 2019, ch. 15; Van Calster et al. 2016, J Clin Epidemiol 74:167–176). With x = logit(p), p clamped
/// to [<see cref="ClampLow"/>, 1 − <see cref="ClampLow"/>] so that scores of exactly 0 or 1 have a finite logit
/// (|x| ≤ 34.54):
/// <list type="bullet">
/// <item><term>calibration-in-the-large (CITL)</term><description>a in logit P(y = 1) = a + x (x an offset, slope
/// fixed at 1): 0 when the mean risk is right, &gt; 0 when the model under-predicts.</description></item>
/// <item><term>calibration slope and intercept</term><description>(a, b) in logit P(y = 1) = a + b·x: b = 1 and
/// a = 0 for a perfectly calibrated model, b &lt; 1 when predictions are too extreme (overfitting).</description></item>
/// </list>
/// Both are maximum-likelihood fits by Newton–Raphson (= IRLS for the logistic model) from a = 0, b = 1,
/// with step halving whenever the log-likelihood decreases, until |Δa| + |Δb| &lt; 1e-10·(1 + |a| + |b|)
/// (at most 100 iterations). The maximum-likelihood estimate does not exist — and the value is null with a
/// reason — when the rows have one class only, when all logits are equal (slope not identifiable), or, for
/// the slope, when the score separates the classes (every negative's logit ≤ every positive's, or the
/// reverse: perfect or quasi-complete separation, Albert and Anderson 1984).
/// Rows may carry integer weights (bootstrap resampling counts); an empty weight span means weight 1.
/// </summary>
public static class LogisticRecalibration
{
    /// <summary>Scores are clamped to [1e-15, 1 − 1e-15] before the logit.</summary>
    public const double ClampLow = 1e-15;

    private const int MaxIterations = 100;
    private const double Tolerance = 1e-10;

    /// <summary>logit(clamp(p)).</summary>
    public static double Logit(double p)
    {
        var c = Math.Clamp(p, ClampLow, 1 - ClampLow);
        return Math.Log(c / (1 - c));
    }

    /// <summary>Fills <paramref name="logits"/> with <see cref="Logit"/> of every score.</summary>
    public static void Logits(ReadOnlySpan<double> scores, Span<double> logits)
    {
        for (var i = 0; i < scores.Length; i++) logits[i] = Logit(scores[i]);
    }

    /// <summary>The CITL intercept a (offset x, slope 1), or null with a reason.</summary>
    public static (double? Value, string? Reason) InterceptWithOffset(ReadOnlySpan<double> logits, ReadOnlySpan<byte> labels, ReadOnlySpan<int> weights)
    {
        var (n, positives) = Totals(labels, weights);
        if (n == 0) return (null, "empty group");
        if (positives == 0) return (null, "no positives in group");
        if (positives == n) return (null, "no negatives in group");
        double a = 0, step = 0, previous = double.NegativeInfinity;
        var halvings = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (ll, score, information) = Pass1(logits, labels, weights, a);
            if (ll < previous - 1e-12 * Math.Abs(previous) && halvings < 50)
            {
                step /= 2;
                a -= step;
                halvings++;
                iteration--;
                continue;
            }
            halvings = 0;
            previous = ll;
            if (!(information > 0)) return (null, "the logistic fit's information is zero");
            step = score / information;
            a += step;
            if (Math.Abs(step) < Tolerance * (1 + Math.Abs(a))) return double.IsFinite(a) ? (a, null) : (null, "the logistic fit diverged");
        }
        return (null, $"the logistic fit did not converge in {MaxIterations} iterations");
    }

    /// <summary>The calibration intercept a and slope b of logit P(y=1) = a + b·x, or a reason why they are undefined.</summary>
    public static (double Intercept, double Slope, string? Reason) SlopeAndIntercept(ReadOnlySpan<double> logits, ReadOnlySpan<byte> labels,
        ReadOnlySpan<int> weights)
    {
        var (n, positives) = Totals(labels, weights);
        if (n == 0) return (double.NaN, double.NaN, "empty group");
        if (positives == 0) return (double.NaN, double.NaN, "no positives in group");
        if (positives == n) return (double.NaN, double.NaN, "no negatives in group");
        double minPos = double.PositiveInfinity, maxPos = double.NegativeInfinity, minNeg = double.PositiveInfinity, maxNeg = double.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (!weights.IsEmpty && weights[i] == 0) continue;
            var x = logits[i];
            if (labels[i] != 0)
            {
                minPos = Math.Min(minPos, x);
                maxPos = Math.Max(maxPos, x);
            }
            else
            {
                minNeg = Math.Min(minNeg, x);
                maxNeg = Math.Max(maxNeg, x);
            }
        }
        if (Math.Min(minPos, minNeg) == Math.Max(maxPos, maxNeg))
            return (double.NaN, double.NaN, "all scores are equal, so the slope is not identifiable");
        if (maxNeg <= minPos || maxPos <= minNeg)
            return (double.NaN, double.NaN, "perfect separation: the score separates the classes, so the slope is infinite");

        double a = 0, b = 1, stepA = 0, stepB = 0, previous = double.NegativeInfinity;
        var halvings = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (ll, ua, ub, iaa, iab, ibb) = Pass2(logits, labels, weights, a, b);
            if (ll < previous - 1e-12 * Math.Abs(previous) && halvings < 50)
            {
                stepA /= 2;
                stepB /= 2;
                a -= stepA;
                b -= stepB;
                halvings++;
                iteration--;
                continue;
            }
            halvings = 0;
            previous = ll;
            var det = iaa * ibb - iab * iab;
            if (!(det > 0)) return (double.NaN, double.NaN, "the logistic fit's information matrix is singular");
            stepA = (ibb * ua - iab * ub) / det;
            stepB = (iaa * ub - iab * ua) / det;
            a += stepA;
            b += stepB;
            if (Math.Abs(stepA) + Math.Abs(stepB) < Tolerance * (1 + Math.Abs(a) + Math.Abs(b)))
                return double.IsFinite(a) && double.IsFinite(b) ? (a, b, null) : (double.NaN, double.NaN, "the logistic fit diverged");
        }
        return (double.NaN, double.NaN, $"the logistic fit did not converge in {MaxIterations} iterations");
    }

    private static (long N, long Positives) Totals(ReadOnlySpan<byte> labels, ReadOnlySpan<int> weights)
    {
        long n = 0, positives = 0;
        if (weights.IsEmpty)
        {
            for (var i = 0; i < labels.Length; i++) positives += labels[i];
            return (labels.Length, positives);
        }
        for (var i = 0; i < labels.Length; i++)
        {
            n += weights[i];
            positives += labels[i] * weights[i];
        }
        return (n, positives);
    }

    /// <summary>P(y=1) and log(1 + e^η) of a linear predictor, stable for large |η|.</summary>
    private static (double Mu, double Softplus) Link(double eta)
    {
        var e = Math.Exp(-Math.Abs(eta));
        var mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
        return (mu, Math.Max(eta, 0) + Math.Log(1 + e));
    }

    private static (double LogLikelihood, double Score, double Information) Pass1(ReadOnlySpan<double> x, ReadOnlySpan<byte> y, ReadOnlySpan<int> w, double a)
    {
        double ll = 0, u = 0, info = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double weight = w.IsEmpty ? 1 : w[i];
            if (weight == 0) continue;
            var eta = a + x[i];
            var (mu, softplus) = Link(eta);
            ll += weight * (y[i] * eta - softplus);
            u += weight * (y[i] - mu);
            info += weight * mu * (1 - mu);
        }
        return (ll, u, info);
    }

    private static (double LogLikelihood, double Ua, double Ub, double Iaa, double Iab, double Ibb) Pass2(ReadOnlySpan<double> x, ReadOnlySpan<byte> y,
        ReadOnlySpan<int> w, double a, double b)
    {
        double ll = 0, ua = 0, ub = 0, iaa = 0, iab = 0, ibb = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double weight = w.IsEmpty ? 1 : w[i];
            if (weight == 0) continue;
            var xi = x[i];
            var eta = a + b * xi;
            var (mu, softplus) = Link(eta);
            ll += weight * (y[i] * eta - softplus);
            var r = weight * (y[i] - mu);
            ua += r;
            ub += r * xi;
            var v = weight * mu * (1 - mu);
            iaa += v;
            iab += v * xi;
            ibb += v * xi * xi;
        }
        return (ll, ua, ub, iaa, iab, ibb);
    }
}
