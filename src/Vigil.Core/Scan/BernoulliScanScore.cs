namespace Vigil.Core.Scan;

/// <summary>
/// The expectation-based Bernoulli scan statistic of Zhang and Neill (2016, "Identifying significant predictive
/// bias in classifiers", the MDSS bias scan implemented in AIF360 aif360/detectors/mdss, BernoulliScoring).
/// Under H0 every record of the scanned population has event probability p0; under H1(S) the records in S have
/// their odds multiplied by q &gt; 1: p = q·p0 / (1 − p0 + q·p0). The log-likelihood ratio of C events among N
/// records in S is
/// <c>F(S) = max over q ≥ 1 of  C·ln q − N·ln(1 − p0 + q·p0)</c>.
/// Setting the derivative to zero gives q̂ = odds(r) / odds(p0) with r = C/N, and substituting it gives the
/// closed form <c>F = N·[r·ln(r/p0) + (1 − r)·ln((1 − r)/(1 − p0))]</c> (N times the Kullback–Leibler
/// divergence of Bernoulli(r) from Bernoulli(p0)) when r &gt; p0, and 0 when r ≤ p0 (q is held at 1).
/// </summary>
public static class BernoulliScanScore
{
    /// <summary>F(C, N; p0), 0 when there is no excess (r ≤ p0) or nothing to score.</summary>
    public static double Score(double events, double records, double p0)
    {
        if (!(records > 0) || !(p0 > 0 && p0 < 1)) return 0;
        var r = events / records;
        if (r <= p0) return 0;
        var score = events * Math.Log(r / p0);
        if (r < 1) score += (records - events) * Math.Log((1 - r) / (1 - p0));
        return score;
    }

    /// <summary>The maximizing odds multiplier q̂ = odds(C/N)/odds(p0), at least 1; null when C = N (q̂ is infinite).</summary>
    public static double? OddsMultiplier(double events, double records, double p0)
    {
        if (!(records > 0) || !(p0 > 0 && p0 < 1)) return null;
        var r = events / records;
        if (r <= p0) return 1;
        if (r >= 1) return null;
        return r * (1 - p0) / (p0 * (1 - r));
    }

    /// <summary>The log-likelihood ratio at a given q: C·ln q − N·ln(1 − p0 + q·p0) (for tests and documentation).</summary>
    public static double LogLikelihoodRatio(double events, double records, double p0, double q) =>
        events * Math.Log(q) - records * Math.Log(1 - p0 + q * p0);
}
