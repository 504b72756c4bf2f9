namespace Vigil.Core.Estimation;

/// <summary>
/// Maximum-likelihood label-shift estimation (MLLS; Saerens, Latinne and Decaestecker 2002; Alexandari, Kundaje and
/// Shrikumar 2020) of the current prevalence from the reference-calibrated probabilities p̂ᵢ = P_ref(y = 1 | sᵢ) of the
/// current rows. Under label shift P(s | y) is unchanged, so the current density of a score is
/// p_cur(s) ∝ P_ref(s)·[w₁·p̂(s) + w₀·(1 − p̂(s))] with w₁ = π/π_ref, w₀ = (1 − π)/(1 − π_ref); π̂ maximises
/// L(π) = Σ cᵢ·ln(aᵢ·π + bᵢ), aᵢ = p̂ᵢ/π_ref − (1 − p̂ᵢ)/(1 − π_ref), bᵢ = (1 − p̂ᵢ)/(1 − π_ref) (the fixed point
/// of the EM update π ← mean of the re-weighted posteriors). L is concave in π, so a safeguarded Newton iteration on
/// [0, 1] finds the maximum (at a bound when the gradient points outward there; then clipped, and said).
/// Unlike BBSE it uses every current row's probability, not only the bin counts, and needs no inversion of a
/// confusion matrix; it needs the probabilities to be calibrated on the reference (CBPE's calibration).
/// </summary>
public static class LabelShiftLikelihood
{
    private const double Epsilon = 1e-12;

    /// <summary>Probabilities are pooled on a grid of this many steps (p̂ rounded to 0.001) so that bootstrap replicates cost O(n + grid).</summary>
    public const int Grid = 1000;

    /// <summary>
    /// π̂ from the current rows' reference-calibrated probabilities (row weights <paramref name="counts"/>; empty: 1).
    /// The rows are pooled by p̂ rounded to 1/<see cref="Grid"/> first (moving a p̂ by at most 0.0005 changes each
    /// row's likelihood term by a relative 0.0005/min(p̂, 1 − p̂) at most).
    /// </summary>
    public static BlackBoxShiftEstimate.Result Estimate(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> counts, double referencePrevalence)
    {
        if (!(referencePrevalence > 0 && referencePrevalence < 1))
            return new BlackBoxShiftEstimate.Result(double.NaN, false, "the reference group lacks positives or negatives");
        Span<double> pooled = stackalloc double[Grid + 1];
        pooled.Clear();
        double total = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var c = counts.IsEmpty ? 1 : counts[i];
            if (c == 0 || !double.IsFinite(probabilities[i])) continue;
            pooled[(int)Math.Round(Math.Clamp(probabilities[i], 0, 1) * Grid)] += c;
            total += c;
        }
        if (total <= 0) return new BlackBoxShiftEstimate.Result(double.NaN, false, "no current rows");
        Span<double> p = stackalloc double[Grid + 1];
        for (var k = 0; k <= Grid; k++) p[k] = (double)k / Grid;
        return Solve(p, pooled, referencePrevalence);
    }

    private static BlackBoxShiftEstimate.Result Solve(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> counts, double referencePrevalence)
    {
        var pi = referencePrevalence;
        var value = LogLikelihood(probabilities, counts, referencePrevalence, pi);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var (gradient, curvature) = Derivatives(probabilities, counts, referencePrevalence, pi);
            if (pi <= 0 && gradient <= 0) return Clipped(0);
            if (pi >= 1 && gradient >= 0) return Clipped(1);
            var step = curvature < 0 ? -gradient / curvature : Math.Sign(gradient) * 0.1;
            var next = Math.Clamp(pi + step, 0, 1);
            var nextValue = LogLikelihood(probabilities, counts, referencePrevalence, next);
            // Halve the step until the likelihood does not fall (concave: this always ends).
            for (var h = 0; h < 60 && !(nextValue >= value); h++)
            {
                next = pi + (next - pi) / 2;
                nextValue = LogLikelihood(probabilities, counts, referencePrevalence, next);
            }
            var converged = Math.Abs(next - pi) < 1e-10;
            pi = next;
            value = nextValue;
            if (converged) break;
        }
        if (pi <= 0) return Clipped(0);
        if (pi >= 1) return Clipped(1);
        return new BlackBoxShiftEstimate.Result(pi, false, null);
    }

    private static BlackBoxShiftEstimate.Result Clipped(double bound) =>
        new(bound, true, bound == 0
            ? "at 0: the current probabilities are better explained with no positives at all"
            : "at 1: the current probabilities are better explained with no negatives at all");

    private static double LogLikelihood(ReadOnlySpan<double> p, ReadOnlySpan<double> counts, double piRef, double pi)
    {
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = counts[i];
            if (c == 0) continue;
            var q = Math.Clamp(p[i], Epsilon, 1 - Epsilon);
            sum += c * Math.Log(pi * q / piRef + (1 - pi) * (1 - q) / (1 - piRef));
        }
        return sum;
    }

    private static (double Gradient, double Curvature) Derivatives(ReadOnlySpan<double> p, ReadOnlySpan<double> counts, double piRef, double pi)
    {
        double g = 0, h = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = counts[i];
            if (c == 0) continue;
            var q = Math.Clamp(p[i], Epsilon, 1 - Epsilon);
            var a = q / piRef - (1 - q) / (1 - piRef);
            var d = a * pi + (1 - q) / (1 - piRef);
            g += c * a / d;
            h -= c * a * a / (d * d);
        }
        return (g, h);
    }
}
