namespace Vigil.Reporting.Risk;

/// <summary>
/// Severity of a risk row = clinical impact (1–3) × likelihood (1–3), 1–9, banded low (1–2), moderate (3–4),
/// high (6–9). docs/report.md states the same scale. A row can only be high when the statistics support it:
/// impact 3 needs likelihood 2 or 3, impact 2 needs likelihood 3.
/// <list type="bullet">
/// <item>Likelihood of a rate gap, from the statistics alone: 3 "almost certain" when the gap is significant after
/// Holm's adjustment (p_adjusted &lt; 1 − confidence); 2 "likely" when its interval excludes no gap (lower end above
/// 0) but Holm's test does not reject; 1 "possible" otherwise (the gap may be chance).</item>
/// <item>Likelihood of any other finding: 2 "likely" when its interval lies wholly on the wrong side of the
/// threshold (ECE above 0.10, external AUROC below the internal value, separated sensitivity intervals, O/E
/// outside the range), else 1 "possible"; small cells, undefined metrics and levelling down are 1.</item>
/// <item>Impact of an FNR gap, from the clinical translation: 3 "serious" when at least <see cref="SeriousPerThousand"/>
/// additional missed per 1,000 positive patients, 2 "moderate" from <see cref="ModeratePerThousand"/>, 1 "minor"
/// below. An FPR gap: 2 from 50 additional false alarms per 1,000 negatives, else 1.</item>
/// </list>
/// </summary>
public static class SeverityScale
{
    /// <summary>A rate gap of at least 5 percentage points (50 per 1,000) counts as material.</summary>
    public const double MaterialGap = 0.05;

    /// <summary>Expected calibration error above this is reported as poor calibration.</summary>
    public const double CalibrationThreshold = 0.10;

    /// <summary>Additional missed cases per 1,000 positives from which an FNR gap's impact is serious.</summary>
    public const double SeriousPerThousand = 50;

    /// <summary>Additional missed cases per 1,000 positives from which an FNR gap's impact is moderate.</summary>
    public const double ModeratePerThousand = 20;

    /// <summary>Clinical impact of missed disease.</summary>
    public const int SeriousImpact = 3;

    /// <summary>Clinical impact of false alarms, unreliable probabilities or unassessed performance.</summary>
    public const int ModerateImpact = 2;

    /// <summary>Clinical impact of a small gap.</summary>
    public const int MinorImpact = 1;

    /// <summary>Likelihood: significant after Holm's adjustment.</summary>
    public const int AlmostCertain = 3;

    /// <summary>Likelihood: the interval excludes no gap (or lies wholly past the threshold).</summary>
    public const int Likely = 2;

    /// <summary>Likelihood: neither; the finding may be chance or cannot be assessed.</summary>
    public const int Possible = 1;

    /// <summary>The likelihood of a rate gap from its interval's lower end and Holm's test.</summary>
    public static int GapLikelihood(double intervalLower, bool significantAfterHolm) =>
        significantAfterHolm ? AlmostCertain : intervalLower > 0 ? Likely : Possible;

    /// <summary>The likelihood of a non-gap finding: likely when its interval lies wholly past the threshold.</summary>
    public static int EvidenceLikelihood(bool intervalWhollyPast) => intervalWhollyPast ? Likely : Possible;

    /// <summary>The impact of an FNR gap from its additional missed cases per 1,000 positive patients (point estimate).</summary>
    public static int MissedCaseImpact(double perThousandPositives) =>
        perThousandPositives >= SeriousPerThousand ? SeriousImpact : perThousandPositives >= ModeratePerThousand ? ModerateImpact : MinorImpact;

    /// <summary>The impact of an FPR gap from its additional false alarms per 1,000 negative patients.</summary>
    public static int FalseAlarmImpact(double perThousandNegatives) =>
        perThousandNegatives >= SeriousPerThousand ? ModerateImpact : MinorImpact;

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
    public static string LikelihoodWord(int likelihood) => likelihood switch { 3 => "almost certain", 2 => "likely", _ => "possible" };
}
