using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Registration;

/// <summary>
/// The default monitors of a registered model (docs/monitoring.md, "Defaults"). They are chosen for a screening model
/// such as sepsis early warning, where a missed case is the harm:
/// <list type="bullet">
/// <item>FNR gap to the reference group above <see cref="FnrGapBound"/> (0.10: ten more missed cases per 100 positives),
/// and an absolute FNR bound (<see cref="AbsoluteFnrBound"/>: the reference FNR + 0.15, or 0.5 without a reference).</item>
/// <item>A Bernoulli CUSUM on each group's FNR, tuned to the reference FNR's odds of a miss multiplied by
/// <see cref="SequentialOddsRatio"/> (2: "doubled odds", the convention of Steiner et al. 2000's risk-adjusted CUSUM),
/// with an in-control run length of <see cref="InControlRunLength"/> matured positives of the model between false alarms
/// of any group's detector (the budget is split over the groups: docs/monitoring.md; about one false alarm a year at
/// 28 matured positives a day).</item>
/// <item>Drift: PSI above 0.2 (the usual "major shift"), the matured label rate moving by more than 0.05, judged from
/// 500 rows (the expected PSI of an unchanged population over 10 bins is about 9/n: 0.018 at 500 rows).</item>
/// <item>Calibration O/E outside [0.8, 1.25] (a fifth too few or a quarter too many observed cases).</item>
/// <item>Feed health: 2 hours without predictions, an hour below 0.3 of the trailing median, a feature's missing share
/// up by 0.10 over the reference.</item>
/// <item>Override rate above 0.5; 95% intervals; groups judged from 30 matured rows; a 720-hour (30-day) look-back.</item>
/// </list>
/// </summary>
public static class RegistrationDefaults
{
    public const double FnrGapBound = 0.10;
    public const double AbsoluteFnrBoundWithoutReference = 0.5;
    public const double AbsoluteFnrMargin = 0.15;
    public const double SequentialOddsRatio = 2;
    public const double InControlRunLength = 10_000;
    public const double PsiMax = 0.2;
    public const double PrevalenceChangeMax = 0.05;
    public const int DriftMinRows = 500;
    public const double OeLow = 0.8;
    public const double OeHigh = 1.25;
    public const double MaxSilentHours = 2;
    public const double MinVolumeRatio = 0.3;
    public const double MissingShareIncreaseMax = 0.10;
    public const double OverrideRateMax = 0.5;
    public const double Confidence = 0.95;
    public const int MinRows = 30;
    public const double LookbackHours = 720;
    public const int MinCell = 11;

    /// <summary>The rate whose odds are <paramref name="ratio"/> times those of <paramref name="rate"/>: r·o/(1 + r·o), o = p/(1 − p).</summary>
    public static double OddsTimes(double rate, double ratio)
    {
        var odds = ratio * rate / (1 - rate);
        return odds / (1 + odds);
    }

    /// <summary>The absolute FNR bound: the reference's overall FNR + 0.15 (at most 0.95), or 0.5 without a reference.</summary>
    public static double AbsoluteFnrBound(ReferenceProfile? reference)
    {
        var fnr = ReferenceFnr(reference);
        return fnr is { } f ? Math.Min(0.95, Math.Round(f + AbsoluteFnrMargin, 2)) : AbsoluteFnrBoundWithoutReference;
    }

    /// <summary>The overall FNR of a reference profile (null without one, or without positives).</summary>
    public static double? ReferenceFnr(ReferenceProfile? reference)
    {
        var overall = reference?.Groups.FirstOrDefault(g => g.Attribute is null);
        if (overall is null || overall.Fn + overall.Tp == 0) return null;
        return (double)overall.Fn / (overall.Fn + overall.Tp);
    }

    /// <summary>
    /// The default monitors. The sequential detector's target is the reference FNR with its odds doubled,
    /// p₁ = 2o/(1 + 2o) with o = f/(1 − f) (0.5 when there is no reference; the detector then runs only for groups the
    /// reference describes, so without one it is inert).
    /// </summary>
    public static MonitorSettings Settings(ReferenceProfile? reference)
    {
        var target = ReferenceFnr(reference) is { } f ? Math.Min(0.99, Math.Round(OddsTimes(f, SequentialOddsRatio), 3)) : 0.5;
        return new MonitorSettings(
            [new RateBound(MonitoredRate.Fnr, RateBoundKind.Gap, FnrGapBound),
             new RateBound(MonitoredRate.Fnr, RateBoundKind.Absolute, AbsoluteFnrBound(reference))],
            [new SequentialMonitor(SequentialDetector.Cusum, MonitoredRate.Fnr, target, InControlRunLength)],
            new DriftMonitor(PsiMax, PrevalenceChangeMax, DriftMinRows),
            new CalibrationMonitor(OeLow, OeHigh),
            new VolumeMonitor(MaxSilentHours, MinVolumeRatio, MissingShareIncreaseMax),
            OverrideRateMax,
            Confidence,
            MinRows,
            LookbackHours,
            []);
    }
}
