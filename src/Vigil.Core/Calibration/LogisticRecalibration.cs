using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// Both are maximum-likelihood fits by Newton–Raphson (= IRLS for the logistic model) from a = 0, b = 1 (over
/// more than 262,144 rows: from the fit on a systematic subsample of 65,536 rows of the score-sorted data),
/// with step halving whenever the log-likelihood decreases, until a step |Δa| + |Δb| &lt; 1e-7·(1 + |a| + |b|)
/// has been taken (Newton's quadratic convergence leaves an error of order 1e-14; at most 100 iterations). The maximum-likelihood estimate does not exist — and the value is null with a
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
    /// <summary>
    /// A Newton step below this (relative) size is the last one: near the optimum the error after a step is
    /// of the order of the step squared, so the returned estimate is within about 1e-14 of the maximum.
    /// </summary>
    private const double Tolerance = 1e-7;

    /// <summary>logit(clamp(p)).</summary>
    public static double Logit(double p)
    {
        var c = Math.Clamp(p, ClampLow, 1 - ClampLow);
        return Math.Log(c / (1 - c));
    }

    /// <summary>Rows per chunk of the parallel sums of large fits (fixed, so results do not depend on the thread count).</summary>
    private const int ChunkRows = 1 << 16;

    /// <summary>Fills <paramref name="logits"/> with <see cref="Logit"/> of every score (four at a time; equal to the scalar form within a few ulps).</summary>
    public static void Logits(ReadOnlySpan<double> scores, Span<double> logits)
    {
        var vectors = Vector256.IsHardwareAccelerated ? scores.Length / 4 : 0;
        var source = MemoryMarshal.Cast<double, Vector256<double>>(scores[..(vectors * 4)]);
        var target = MemoryMarshal.Cast<double, Vector256<double>>(logits[..(vectors * 4)]);
        var low = Vector256.Create(ClampLow);
        var high = Vector256.Create(1 - ClampLow);
        for (var v = 0; v < source.Length; v++)
        {
            var c = Vector256.Min(Vector256.Max(source[v], low), high);
            target[v] = Vector256.Log(c / (Vector256<double>.One - c));
        }
        for (var i = vectors * 4; i < scores.Length; i++) logits[i] = Logit(scores[i]);
    }

    /// <summary><see cref="Logits"/> over large arrays in parallel chunks.</summary>
    public static void LogitsParallel(double[] scores, double[] logits)
    {
        var chunks = (scores.Length + ChunkRows - 1) / ChunkRows;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ChunkRows;
            var length = Math.Min(ChunkRows, scores.Length - start);
            Logits(scores.AsSpan(start, length), logits.AsSpan(start, length));
        });
    }

    /// <summary>The CITL intercept a (offset x, slope 1), or null with a reason.</summary>
    public static (double? Value, string? Reason) InterceptWithOffset(ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels, ReadOnlyMemory<int> weights) =>
        InterceptWithOffset(logits, labels, weights, null);

    /// <summary>As the public form; <paramref name="start"/>, when given, is the first pass of a fit from a = 0 (<see cref="StartSums"/>).</summary>
    internal static (double? Value, string? Reason) InterceptWithOffset(ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels, ReadOnlyMemory<int> weights,
        StartSums? start)
    {
        var (n, positives) = Totals(labels.Span, weights.Span);
        if (n == 0) return (null, "empty group");
        if (positives == 0) return (null, "no positives in group");
        if (positives == n) return (null, "no negatives in group");
        double a = WarmStart(logits, labels, weights, out var sample) && InterceptWithOffset(sample.X, sample.Y, default) is { Value: { } a0 } ? a0 : 0;
        var first = a == 0 ? start : null;
        double step = 0, previous = double.NegativeInfinity;
        var halvings = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (ll, score, information) = first is { } s ? (s.LogLikelihood, s.Ua, s.Iaa) : Sums1(logits, labels, weights, a);
            first = null;
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
    public static (double Intercept, double Slope, string? Reason) SlopeAndIntercept(ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels,
        ReadOnlyMemory<int> weights) =>
        SlopeAndIntercept(logits, labels, weights, null);

    /// <summary>As the public form; <paramref name="start"/>, when given, is the first pass of a fit from a = 0, b = 1 (<see cref="StartSums"/>).</summary>
    internal static (double Intercept, double Slope, string? Reason) SlopeAndIntercept(ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels,
        ReadOnlyMemory<int> weights, StartSums? start)
    {
        var (n, positives) = Totals(labels.Span, weights.Span);
        if (n == 0) return (double.NaN, double.NaN, "empty group");
        if (positives == 0) return (double.NaN, double.NaN, "no positives in group");
        if (positives == n) return (double.NaN, double.NaN, "no negatives in group");
        double minPos = double.PositiveInfinity, maxPos = double.NegativeInfinity, minNeg = double.PositiveInfinity, maxNeg = double.NegativeInfinity;
        var xs = logits.Span;
        var ys = labels.Span;
        var ws = weights.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            if (!ws.IsEmpty && ws[i] == 0) continue;
            var x = xs[i];
            if (ys[i] != 0)
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

        double a = 0, b = 1;
        if (WarmStart(logits, labels, weights, out var sample) && SlopeAndIntercept(sample.X, sample.Y, default) is { Reason: null } fit)
            (a, b) = (fit.Intercept, fit.Slope);
        var first = a == 0 && b == 1 ? start : null;
        double stepA = 0, stepB = 0, previous = double.NegativeInfinity;
        var halvings = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (ll, ua, ub, iaa, iab, ibb) = first is { } s ? (s.LogLikelihood, s.Ua, s.Ub, s.Iaa, s.Iab, s.Ibb) : Sums2(logits, labels, weights, a, b);
            first = null;
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

    /// <summary>
    /// The terms of row i in the sums at the start point a = 0, b = 1 of both fits, which depend on the row only (not on
    /// its weight): y·η − log(1 + e^η), y − μ and μ at η = x. Computed once for rows that many bootstrap replicates
    /// reweight, they turn each replicate's first pass (shared by both fits) into sums without exp or log.
    /// </summary>
    internal static void StartTerms(ReadOnlySpan<double> x, ReadOnlySpan<byte> y, Span<double> logLikelihood, Span<double> residual, Span<double> mu)
    {
        const double a = 0, b = 1;
        for (var i = 0; i < x.Length; i++)
        {
            // The same expressions as Pass2 at (a, b), so the sums below equal its sums to the bit.
            var eta = a + b * x[i];
            var (m, softplus) = Link(eta);
            logLikelihood[i] = y[i] * eta - softplus;
            residual[i] = y[i] - m;
            mu[i] = m;
        }
    }

    /// <summary>
    /// The weighted sums at a = 0, b = 1 from the rows' <see cref="StartTerms"/>: the sums Pass2 adds (same terms, same
    /// order, same operations), so a fit started with them takes exactly the steps it would have taken.
    /// </summary>
    internal static StartSums StartPass(ReadOnlySpan<double> x, ReadOnlySpan<int> w, ReadOnlySpan<double> logLikelihood, ReadOnlySpan<double> residual,
        ReadOnlySpan<double> mu)
    {
        double ll = 0, ua = 0, ub = 0, iaa = 0, iab = 0, ibb = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double weight = w[i];
            if (weight == 0) continue;
            var xi = x[i];
            ll += weight * logLikelihood[i];
            var r = weight * residual[i];
            ua += r;
            ub += r * xi;
            var v = weight * mu[i] * (1 - mu[i]);
            iaa += v;
            iab += v * xi;
            ibb += v * xi * xi;
        }
        return new StartSums(ll, ua, ub, iaa, iab, ibb);
    }

    /// <summary>Rows of the systematic subsample that gives large unweighted fits their starting point.</summary>
    private const int WarmStartRows = 1 << 16;

    /// <summary>
    /// For more than 4·<see cref="WarmStartRows"/> unweighted rows: every k-th row (k = n / WarmStartRows), whose
    /// fit starts Newton–Raphson on all rows close to the optimum, so that two or three passes over all rows
    /// suffice. The starting point changes only the path, not the maximum-likelihood estimate the iteration converges to.
    /// </summary>
    private static bool WarmStart(ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels, ReadOnlyMemory<int> weights,
        out (double[] X, byte[] Y) sample)
    {
        sample = ([], []);
        if (!weights.IsEmpty || logits.Length <= 4 * WarmStartRows) return false;
        var k = logits.Length / WarmStartRows;
        var x = new double[WarmStartRows];
        var y = new byte[WarmStartRows];
        var xs = logits.Span;
        var ys = labels.Span;
        for (var i = 0; i < WarmStartRows; i++)
        {
            x[i] = xs[i * k];
            y[i] = ys[i * k];
        }
        sample = (x, y);
        return true;
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

    /// <summary>The sums of the offset model at a: large unweighted inputs in parallel fixed chunks, added in chunk order.</summary>
    private static (double, double, double) Sums1(ReadOnlyMemory<double> x, ReadOnlyMemory<byte> y, ReadOnlyMemory<int> w, double a)
    {
        if (!w.IsEmpty)
        {
            // Weighted (bootstrap replicates): one serial pass, without the chunk buffer.
            var (ll, ua, _, iaa, _, _) = Pass2(x.Span, y.Span, w.Span, a, 1);
            return (ll, ua, iaa);
        }
        var sums = new double[6];
        Accumulate(x, y, w, a, 1, sums);
        return (sums[0], sums[1], sums[3]);
    }

    private static (double, double, double, double, double, double) Sums2(ReadOnlyMemory<double> x, ReadOnlyMemory<byte> y, ReadOnlyMemory<int> w,
        double a, double b)
    {
        if (!w.IsEmpty) return Pass2(x.Span, y.Span, w.Span, a, b);
        var sums = new double[6];
        Accumulate(x, y, w, a, b, sums);
        return (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
    }

    /// <summary>
    /// sums = (log-likelihood, Σ(y−μ), Σ(y−μ)x, Σμ(1−μ), Σμ(1−μ)x, Σμ(1−μ)x²) at η = a + b·x.
    /// </summary>
    private static void Accumulate(ReadOnlyMemory<double> x, ReadOnlyMemory<byte> y, ReadOnlyMemory<int> w, double a, double b, double[] sums)
    {
        if (!w.IsEmpty)
        {
            var (ll, ua, ub, iaa, iab, ibb) = Pass2(x.Span, y.Span, w.Span, a, b);
            (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]) = (ll, ua, ub, iaa, iab, ibb);
            return;
        }
        if (x.Length < 2 * ChunkRows)
        {
            Kernel(x.Span, y.Span, a, b, sums);
            return;
        }
        var chunks = (x.Length + ChunkRows - 1) / ChunkRows;
        var parts = new double[chunks * 6];
        Parallel.For(0, chunks, c =>
        {
            var start = c * ChunkRows;
            var length = Math.Min(ChunkRows, x.Length - start);
            var part = new double[6];
            Kernel(x.Span.Slice(start, length), y.Span.Slice(start, length), a, b, part);
            part.CopyTo(parts, c * 6);
        });
        for (var c = 0; c < chunks; c++)
            for (var k = 0; k < 6; k++) sums[k] += parts[c * 6 + k];
    }

    /// <summary>The unweighted sums, four rows at a time (Vector256 exp and log), the tail scalar; added into <paramref name="sums"/>.</summary>
    private static void Kernel(ReadOnlySpan<double> x, ReadOnlySpan<byte> y, double a, double b, double[] sums)
    {
        var vectors = Vector256.IsHardwareAccelerated ? x.Length / 4 : 0;
        var xs = MemoryMarshal.Cast<double, Vector256<double>>(x[..(vectors * 4)]);
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var one = Vector256<double>.One;
        var zero = Vector256<double>.Zero;
        Vector256<double> ll = zero, ua = zero, ub = zero, iaa = zero, iab = zero, ibb = zero;
        for (var v = 0; v < xs.Length; v++)
        {
            var xv = xs[v];
            var i = v * 4;
            var yv = Vector256.Create((double)y[i], y[i + 1], y[i + 2], y[i + 3]);
            var eta = va + vb * xv;
            var e = Vector256.Exp(-Vector256.Abs(eta));
            var inverse = one / (one + e);
            var mu = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(eta, zero), inverse, e * inverse);
            ll += yv * eta - (Vector256.Max(eta, zero) + Vector256.Log(one + e));
            var r = yv - mu;
            ua += r;
            ub += r * xv;
            var variance = mu * (one - mu);
            iaa += variance;
            var vx = variance * xv;
            iab += vx;
            ibb += vx * xv;
        }
        var tail = Pass2(x[(vectors * 4)..], y[(vectors * 4)..], [], a, b);
        sums[0] += Vector256.Sum(ll) + tail.LogLikelihood;
        sums[1] += Vector256.Sum(ua) + tail.Ua;
        sums[2] += Vector256.Sum(ub) + tail.Ub;
        sums[3] += Vector256.Sum(iaa) + tail.Iaa;
        sums[4] += Vector256.Sum(iab) + tail.Iab;
        sums[5] += Vector256.Sum(ibb) + tail.Ibb;
    }
}

/// <summary>
/// The sums of a weighted fit's first pass, at a = 0, b = 1 where both fits start: log-likelihood, Σw(y−μ), Σw(y−μ)x,
/// Σwμ(1−μ), Σwμ(1−μ)x, Σwμ(1−μ)x² (<see cref="LogisticRecalibration.StartPass"/>).
/// </summary>
internal readonly record struct StartSums(double LogLikelihood, double Ua, double Ub, double Iaa, double Iab, double Ibb);
