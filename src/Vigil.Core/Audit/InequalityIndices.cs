namespace Vigil.Core.Audit;

/// <summary>
/// AIF360's inequality indices on the benefit b = prediction − label + 1 of each individual (2 for a false
/// positive, 1 when correct, 0 for a false negative), computed from counts: a vector of b is fully
/// described by how many rows take each value.
/// </summary>
public static class InequalityIndices
{
    /// <summary>
    /// Generalized entropy index GE(α) = 1/(n·α(α−1)) Σ_i [(b_i/μ)^α − 1] for α ∉ {0, 1};
    /// GE(1) = Theil = 1/n Σ (b_i/μ)·ln(b_i/μ) (with 0·ln 0 = 0); GE(0) = −1/n Σ ln(b_i/μ), infinite when
    /// some b_i = 0. μ is the mean of b. <paramref name="values"/>[k] occurs <paramref name="weights"/>[k] times.
    /// </summary>
    public static double GeneralizedEntropy(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double alpha)
    {
        double n = 0, total = 0;
        for (var k = 0; k < values.Length; k++)
        {
            n += weights[k];
            total += weights[k] * values[k];
        }
        if (!(n > 0) || !(total > 0)) return double.NaN;
        var mu = total / n;
        var sum = 0.0;
        for (var k = 0; k < values.Length; k++)
        {
            if (weights[k] == 0) continue;
            var r = values[k] / mu;
            if (alpha == 1) sum += weights[k] * (r > 0 ? r * Math.Log(r) : 0);
            else if (alpha == 0) sum += weights[k] * (r > 0 ? -Math.Log(r) : double.PositiveInfinity);
            else sum += weights[k] * (Math.Pow(r, alpha) - 1);
        }
        return alpha is 0 or 1 ? sum / n : sum / (n * alpha * (alpha - 1));
    }

    /// <summary>GE(α) of individual benefits, from the confusion counts.</summary>
    public static double OfCounts(long tp, long fp, long tn, long fn, double alpha) =>
        GeneralizedEntropy([0, 1, 2], [fn, tp + tn, fp], alpha);

    /// <summary>
    /// Between-group GE(α): every individual's benefit replaced by the mean benefit of its group
    /// (AIF360's between_group_generalized_entropy_index with the groups privileged / unprivileged).
    /// </summary>
    public static double BetweenGroups(ReadOnlySpan<long> tp, ReadOnlySpan<long> fp, ReadOnlySpan<long> tn, ReadOnlySpan<long> fn, double alpha)
    {
        Span<double> values = stackalloc double[tp.Length];
        Span<double> weights = stackalloc double[tp.Length];
        for (var g = 0; g < tp.Length; g++)
        {
            double n = tp[g] + fp[g] + tn[g] + fn[g];
            weights[g] = n;
            values[g] = n > 0 ? 1 + (fp[g] - fn[g]) / n : 0;
        }
        return GeneralizedEntropy(values, weights, alpha);
    }
}
