using MathNet.Numerics.Distributions;

namespace Vigil.Core.StudyPlanning;

/// <summary>
/// A sample size: the exact (fractional) value of the formula and the whole number to recruit, the exact value
/// rounded up (with a 1e-9 tolerance, so that 35.0000000001 from floating point stays 35).
/// </summary>
public readonly record struct Count(double Exact)
{
    public long Whole => (long)Math.Ceiling(Exact - 1e-9);
}

/// <summary>
/// Sample size to estimate a proportion (sensitivity or specificity) within ±<see cref="HalfWidth"/>
/// (Buderer 1996, "Statistical methodology: I. Incorporating the prevalence of disease into the sample size
/// calculation for sensitivity and specificity", Acad Emerg Med 3:895–900):
/// cases n = z²·P(1 − P)/w² with z the two-sided normal quantile of the confidence level, and patients
/// N = n / prevalence for sensitivity (cases are the diseased) or n / (1 − prevalence) for specificity.
/// </summary>
public sealed record PrecisionPlan(string Measure, double Proportion, double HalfWidth, double Confidence, double Z, double Prevalence,
    Count Cases, Count Patients);

/// <summary>
/// Sample size to detect a difference between two proportions p1 and p2 (two-sided alpha, power 1 − β, group 2
/// r times as large as group 1), Fleiss, Levin and Paik (2003, Statistical Methods for Rates and Proportions,
/// 3rd ed., §4.2, eqs. 4.14 and 4.19; Fleiss, Tytun and Ury 1980 for the correction):
/// uncorrected n′ = [z_{α/2}·√((r + 1)·p̄·q̄) + z_β·√(r·p1·q1 + p2·q2)]² / (r·d²) with p̄ = (p1 + r·p2)/(r + 1),
/// q = 1 − p and d = p1 − p2; continuity-corrected n = n′/4·[1 + √(1 + 2(r + 1)/(n′·r·|d|))]².
/// n is for group 1, r·n for group 2; for sensitivity these are positives (cases), and patients are cases divided
/// by each group's prevalence.
/// </summary>
public sealed record GapPlan(double P1, double P2, double Alpha, double Power, double Ratio, double Prevalence1, double Prevalence2,
    double ZAlpha, double ZBeta, GapSizes Uncorrected, GapSizes Corrected);

/// <summary>Cases and patients per group for one variant (uncorrected or continuity-corrected) of the formula.</summary>
public sealed record GapSizes(Count Cases1, Count Cases2, Count Patients1, Count Patients2)
{
    public long TotalPatients => Patients1.Whole + Patients2.Whole;
}

/// <summary>Sample-size formulas for validation studies (docs/plan-study.md).</summary>
public static class SampleSize
{
    /// <summary>Two-sided standard normal quantile z with P(|Z| ≤ z) = <paramref name="confidence"/>.</summary>
    public static double TwoSidedZ(double confidence) => Normal.InvCDF(0, 1, 0.5 + confidence / 2);

    /// <summary>Buderer's sample size for sensitivity (cases = positives, patients = cases / prevalence).</summary>
    public static PrecisionPlan Sensitivity(double sensitivity, double halfWidth, double prevalence, double confidence = 0.95) =>
        Precision("sensitivity", sensitivity, halfWidth, prevalence, prevalence, confidence);

    /// <summary>Buderer's sample size for specificity (cases = negatives, patients = cases / (1 − prevalence)).</summary>
    public static PrecisionPlan Specificity(double specificity, double halfWidth, double prevalence, double confidence = 0.95) =>
        Precision("specificity", specificity, halfWidth, prevalence, 1 - prevalence, confidence);

    private static PrecisionPlan Precision(string measure, double p, double w, double prevalence, double share, double confidence)
    {
        CheckOpen(p, measure, measure);
        CheckOpen(prevalence, "prevalence", "prevalence");
        CheckOpen(confidence, "confidence", "confidence");
        if (!(w > 0 && w < 1)) throw VigilException.Option("width", $"{w}: expected a half-width in (0, 1), e.g. 0.05 for ±5 points");
        var z = TwoSidedZ(confidence);
        var cases = z * z * p * (1 - p) / (w * w);
        return new PrecisionPlan(measure, p, w, confidence, z, prevalence, Bounded(cases, "cases"), Bounded(cases / share, "patients"));
    }

    /// <summary>Fleiss's two-proportion sample size, with and without continuity correction.</summary>
    public static GapPlan TwoProportions(double p1, double p2, double alpha, double power, double ratio, double prevalence1, double prevalence2)
    {
        CheckOpen(p1, "proportion of group 1");
        CheckOpen(p2, "proportion of group 2");
        CheckOpen(alpha, "alpha", "alpha");
        CheckOpen(power, "power", "power");
        CheckOpen(prevalence1, "prevalence of group 1");
        CheckOpen(prevalence2, "prevalence of group 2");
        if (!(ratio > 0 && double.IsFinite(ratio))) throw VigilException.Option("ratio", $"{ratio}: expected a positive number (group 2 size / group 1 size)");
        var d = p1 - p2;
        if (d == 0) throw VigilException.Usage("the two proportions are equal: there is no gap to detect");
        var zAlpha = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var zBeta = Normal.InvCDF(0, 1, power);
        var pBar = (p1 + ratio * p2) / (ratio + 1);
        var root = zAlpha * Math.Sqrt((ratio + 1) * pBar * (1 - pBar)) + zBeta * Math.Sqrt(ratio * p1 * (1 - p1) + p2 * (1 - p2));
        var uncorrected = root * root / (ratio * d * d);
        var half = 1 + Math.Sqrt(1 + 2 * (ratio + 1) / (uncorrected * ratio * Math.Abs(d)));
        var corrected = uncorrected / 4 * half * half;
        GapSizes Sizes(double n1) => new(Bounded(n1, "cases"), Bounded(ratio * n1, "cases"), Bounded(n1 / prevalence1, "patients"), Bounded(ratio * n1 / prevalence2, "patients"));
        return new GapPlan(p1, p2, alpha, power, ratio, prevalence1, prevalence2, zAlpha, zBeta, Sizes(uncorrected), Sizes(corrected));
    }

    /// <summary>Largest number of cases or patients a plan may ask for (docs/limits.md): more is no study anyone can run.</summary>
    public const double MaxStudySize = 1e9;

    /// <summary>A count within <see cref="MaxStudySize"/>; beyond it (or not finite, from a width like 1e-300) a usage error.</summary>
    private static Count Bounded(double exact, string what)
    {
        if (!(exact <= MaxStudySize))
        {
            throw VigilException.Usage(
                $"the plan would need {exact.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} {what}, more than {MaxStudySize:N0}: " +
                "no study can reach that precision at that prevalence; ask for a wider interval or check the prevalence");
        }
        return new Count(exact);
    }

    private static void CheckOpen(double value, string what, string? key = null)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (value > 0 && value < 1) return;
        if (key is not null) throw VigilException.Option(key, $"{text}: expected a number strictly between 0 and 1");
        throw VigilException.Usage($"{what} {text}: expected a number strictly between 0 and 1");
    }
}
