using MathNet.Numerics.Distributions;

namespace Vigil.Core.Statistics;

/// <summary>
/// The bias-corrected percentile (BC) bootstrap interval (Efron 1981, Can J Stat 9:139; Efron and Tibshirani 1993,
/// §14.3 — BCa with acceleration 0). With θ̂ the point estimate and B sorted replicates θ*:
/// <list type="number">
/// <item>p₀ = (#{θ* &lt; θ̂} + ½·#{θ* = θ̂}) / B, the share of replicates below the estimate (ties count half);</item>
/// <item>z₀ = Φ⁻¹(p₀), the median bias of the replicates on the normal scale (0 when they are centred on θ̂);</item>
/// <item>the interval is the replicates' Φ(2z₀ − z)- and Φ(2z₀ + z)-quantiles, z = Φ⁻¹(1 − α/2), with the same linear
/// interpolation as the percentile interval (<see cref="Percentile.OfSorted"/>).</item>
/// </list>
/// With z₀ = 0 this is the percentile interval. A statistic that resampling biases upward (ECE and MCE: sampling noise alone
/// makes bins miss) has p₀ &lt; ½ and the interval moves down towards θ̂. The interval contains θ̂ exactly when
/// α/2 ≤ p₀ ≤ 1 − α/2 (the same condition as the percentile interval: BC corrects the centre, not that case); when p₀ is
/// 0 or 1 (every replicate on one side) z₀ is infinite and the method has no interval: <see cref="Compute"/> returns null.
/// </summary>
public static class BiasCorrectedPercentile
{
    /// <summary>The BC interval of <paramref name="estimate"/> from ascending-sorted replicates; null when p₀ is 0 or 1, or there are none.</summary>
    public static Interval? Compute(ReadOnlySpan<double> sorted, double estimate, double confidence)
    {
        if (sorted.IsEmpty || !double.IsFinite(estimate)) return null;
        double below = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] < estimate) below++;
            else if (sorted[i] == estimate) below += 0.5;
            else break;
        }
        var p0 = below / sorted.Length;
        if (p0 <= 0 || p0 >= 1) return null;
        var z0 = Normal.InvCDF(0, 1, p0);
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        var lower = Normal.CDF(0, 1, 2 * z0 - z);
        var upper = Normal.CDF(0, 1, 2 * z0 + z);
        return new Interval(Percentile.OfSorted(sorted, lower), Percentile.OfSorted(sorted, upper));
    }
}
