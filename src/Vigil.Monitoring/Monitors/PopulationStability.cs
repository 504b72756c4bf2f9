namespace Vigil.Monitoring.Monitors;

/// <summary>
/// The population stability index of a binned distribution against a reference:
/// PSI = Σ_b (a_b − e_b)·ln(a_b / e_b), with a_b the period's share of non-missing rows in bin b and e_b the
/// reference's. Both shares are floored at <see cref="Epsilon"/> before the sum, so an empty bin on either side adds a
/// large but finite term instead of an infinite one (the usual smoothing; with ε = 10⁻⁴ a bin that held 10% of the
/// reference and none of the period adds 0.1·ln(1000) ≈ 0.69). Read: below 0.1 stable, 0.1-0.2 moderate, above 0.2 a
/// major shift. An effect size, not a test: it does not grow with n (see docs/monitoring.md for why not p-values).
/// </summary>
public static class PopulationStability
{
    /// <summary>Floor of a share in the PSI sum.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>PSI of <paramref name="counts"/> (per bin) against <paramref name="referenceShares"/>; null when there are no counts.</summary>
    public static double? Index(ReadOnlySpan<long> counts, IReadOnlyList<double> referenceShares)
    {
        ArgumentNullException.ThrowIfNull(referenceShares);
        if (counts.Length != referenceShares.Count) throw new ArgumentException("one count per reference bin", nameof(counts));
        long total = 0;
        foreach (var c in counts) total += c;
        if (total <= 0) return null;
        var psi = 0.0;
        for (var b = 0; b < counts.Length; b++)
        {
            var a = Math.Max(Epsilon, (double)counts[b] / total);
            var e = Math.Max(Epsilon, referenceShares[b]);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
