namespace Vigil.Core.Drift.Binned;

/// <summary>Distances between two vectors of bin shares (Evidently's binned tests).</summary>
public static class ShareDistances
{
    /// <summary>
    /// Evidently's "psi": Σ(r − c)·ln(r/c) over zero-filled shares (<see cref="BinnedShares.FillZeroes"/>).
    /// </summary>
    public static double PopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = BinnedShares.FillZeroes(reference);
        var c = BinnedShares.FillZeroes(current);
        var sum = 0.0;
        for (var i = 0; i < r.Length; i++) sum += (r[i] - c[i]) * Math.Log(r[i] / c[i]);
        return sum;
    }

    /// <summary>
    /// Evidently's "kl_div": scipy.stats.entropy(r, c) = Σ r̂·ln(r̂/ĉ) on zero-filled shares renormalised to sum 1.
    /// </summary>
    public static double KullbackLeibler(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var r = BinnedShares.FillZeroes(reference);
        var c = BinnedShares.FillZeroes(current);
        double sr = 0, sc = 0;
        for (var i = 0; i < r.Length; i++)
        {
            sr += r[i];
            sc += c[i];
        }
        var sum = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            var p = r[i] / sr;
            var q = c[i] / sc;
            sum += p * Math.Log(p / q);
        }
        return sum;
    }

    /// <summary>
    /// Evidently's "jensenshannon": scipy.spatial.distance.jensenshannon(r, c) (natural log) on shares without zero
    /// filling: √(½(KL(r̂‖m) + KL(ĉ‖m))), m = (r̂ + ĉ)/2, vectors renormalised to sum 1. NaN when a vector sums to 0.
    /// </summary>
    public static double JensenShannon(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        double sr = 0, sc = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            sr += reference[i];
            sc += current[i];
        }
        var js = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var p = reference[i] / sr;
            var q = current[i] / sc;
            var m = (p + q) / 2;
            if (p > 0) js += p * Math.Log(p / m);
            if (q > 0) js += q * Math.Log(q / m);
        }
        return Math.Sqrt(js / 2);
    }

    /// <summary>
    /// Evidently's "hellinger" for a categorical column: √(1 − clip(Σ√(r·c), 0, 1)) over the category shares.
    /// </summary>
    public static double Hellinger(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var bc = 0.0;
        for (var i = 0; i < reference.Count; i++) bc += Math.Sqrt(reference[i] * current[i]);
        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }
}
