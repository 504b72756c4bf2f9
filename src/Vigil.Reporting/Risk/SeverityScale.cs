namespace Vigil.Reporting.Risk;

/// <summary>
/// Severity of a risk row = clinical impact (1–3) × likelihood (1–3), 1–9, banded low (1–2), moderate (3–4),
/// high (6–9). docs/report.md states the same scale.
/// <list type="bullet">
/// <item>Impact 3, "serious": missed disease (a false-negative-rate gap).</item>
/// <item>Impact 2, "moderate": unnecessary work-up or unreliable probabilities (false-positive-rate gap, poor
/// calibration), or performance that cannot be assessed (small cell, undefined metric).</item>
/// <item>Likelihood 3, "likely": the gap is significant after Holm's adjustment (p_adjusted &lt; 1 − confidence),
/// or the calibration error's interval lies wholly above the threshold.</item>
/// <item>Likelihood 2, "possible": not significant, but the point estimate of the gap is at least
/// <see cref="MaterialGap"/>, or the calibration error exceeds the threshold without that certainty; also every
/// small cell and undefined metric (the risk cannot be ruled out).</item>
/// <item>Likelihood 1, "unlikely": a gap smaller than <see cref="MaterialGap"/> and not significant.</item>
/// </list>
/// </summary>
public static class SeverityScale
{
    /// <summary>A rate gap of at least 5 percentage points (50 per 1,000) counts as material.</summary>
    public const double MaterialGap = 0.05;

    /// <summary>Expected calibration error above this is reported as poor calibration.</summary>
    public const double CalibrationThreshold = 0.10;

    /// <summary>Clinical impact of a missed positive.</summary>
    public const int SeriousImpact = 3;

    /// <summary>Clinical impact of a false alarm, unreliable probabilities or unassessed performance.</summary>
    public const int ModerateImpact = 2;

    /// <summary>The likelihood of a rate gap from its test and size.</summary>
    public static int GapLikelihood(double difference, bool significantAfterHolm) =>
        significantAfterHolm ? 3 : difference >= MaterialGap ? 2 : 1;

    /// <summary>The band of a severity score.</summary>
    public static string Band(int severity) => severity switch
    {
        >= 6 => "high",
        >= 3 => "moderate",
        _ => "low",
    };

    /// <summary>The word for an impact score.</summary>
    public static string ImpactWord(int impact) => impact switch { 3 => "serious", 2 => "moderate", _ => "minor" };

    /// <summary>The word for a likelihood score.</summary>
    public static string LikelihoodWord(int likelihood) => likelihood switch { 3 => "likely", 2 => "possible", _ => "unlikely" };
}
