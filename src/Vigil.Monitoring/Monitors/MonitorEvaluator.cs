using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Runs every monitor of a registration over one period (docs/monitoring.md): rate bounds and gaps
/// (<see cref="RateBoundMonitor"/>), CUSUM/EWMA on each group's FNR (<see cref="SequentialFnrMonitor"/>), feature, score
/// and label drift (<see cref="DriftMonitorEvaluator"/>), O/E calibration (<see cref="CalibrationMonitorEvaluator"/>),
/// feed health (<see cref="FeedHealthMonitor"/>), override rates (<see cref="OverrideRateMonitor"/>) and the governance policy (<see cref="PolicyMonitor"/>).
/// <para>
/// Deterministic and stateless: the findings are a function of the arguments only (recomputed from the period every
/// time; the sequential thresholds are seeded and cached), so several replicas evaluating the same period find the same
/// alerts, and the store dedupes them by <see cref="AlertFinding.DedupeKey"/>. One finding per key, in a fixed order.
/// </para>
/// <para>
/// Settled hours: the rates whose denominators include matured negatives (FPR, PPV), calibration and label drift count
/// only the hours whose predictions have all passed their outcome window and label delay (hour start + 1 h + window +
/// delay ≤ now), because positives mature as soon as their outcome arrives and negatives only when the window closes, so
/// recent hours over-represent positives. FNR bounds and detectors use every matured positive (their denominator is
/// positives only), to stay timely.
/// </para>
/// <para>
/// A per-model false-alarm budget: every group is tested at each evaluation, so the interval monitors (rate bounds and
/// gaps, calibration, override rates) judge each group at the family-wise level c' = 1 − (1 − c)/k, Bonferroni over the
/// k groups the period holds (every level of every attribute, and all patients), c the registration's confidence: the
/// chance that some unchanged group is flagged by one monitor at one evaluation is at most 1 − c, instead of about
/// k·(1 − c). The sequential detectors split their run length the same way (<see cref="SequentialFnrMonitor"/>).
/// </para>
/// </summary>
public static class MonitorEvaluator
{
    /// <summary>The findings of every monitor over the period (cells, bins and matured rows of the look-back).</summary>
    /// <param name="registration">The model version and its monitors.</param>
    /// <param name="cells">The hourly windows of the period.</param>
    /// <param name="bins">The hourly feature and score bins of the period.</param>
    /// <param name="maturedRows">The matured predictions of the period (any order).</param>
    /// <param name="lastPredictionMs">Time of the newest prediction (null: none yet).</param>
    /// <param name="nowMs">The evaluation time (Unix ms).</param>
    public static IReadOnlyList<AlertFinding> Evaluate(ModelRegistration registration, IReadOnlyList<HourCell> cells, IReadOnlyList<HourBin> bins,
        IReadOnlyList<MaturedRow> maturedRows, long? lastPredictionMs, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(maturedRows);
        var summary = WindowSummary.Build(registration, cells);
        var settled = WindowSummary.Build(registration, SettledCells(registration, cells, nowMs));
        var findings = new List<AlertFinding>();
        var family = registration with { Monitors = registration.Monitors with { Confidence = FamilyConfidence(registration.Monitors.Confidence, summary.Groups.Count + 1) } };
        var fnrBounds = family with { Monitors = family.Monitors with { Bounds = [.. registration.Monitors.Bounds.Where(b => b.Rate == MonitoredRate.Fnr)] } };
        var otherBounds = family with { Monitors = family.Monitors with { Bounds = [.. registration.Monitors.Bounds.Where(b => b.Rate != MonitoredRate.Fnr)] } };
        RateBoundMonitor.Evaluate(fnrBounds, summary, findings);
        RateBoundMonitor.Evaluate(otherBounds, settled, findings);
        SequentialFnrMonitor.Evaluate(registration, summary, maturedRows, findings);
        DriftMonitorEvaluator.Evaluate(registration, bins, settled, findings);
        CalibrationMonitorEvaluator.Evaluate(family, settled, findings);
        FeedHealthMonitor.Evaluate(registration, summary, bins, lastPredictionMs, nowMs, findings);
        OverrideRateMonitor.Evaluate(family, summary, findings);
        PolicyMonitor.Evaluate(registration, settled, bins, maturedRows, nowMs, findings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. findings.Where(f => seen.Add(f.DedupeKey))];
    }

    /// <summary>The Bonferroni level of each of <paramref name="tests"/> tests for a family-wise level <paramref name="confidence"/>: 1 − (1 − c)/k.</summary>
    public static double FamilyConfidence(double confidence, int tests) => 1 - (1 - confidence) / Math.Max(1, tests);

    /// <summary>
    /// The period the monitors look at, [from, to) in Unix ms: the registration's look-back ending with now's hour
    /// (from = start of now's hour − look-back, to = end of now's hour), for the store's reads.
    /// </summary>
    public static (long FromMs, long ToMs) Period(ModelRegistration registration, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var hour = Math.DivRem(nowMs, FeedHealthMonitor.HourMs).Quotient * FeedHealthMonitor.HourMs;
        return (hour - (long)Math.Ceiling(registration.Monitors.LookbackHours) * FeedHealthMonitor.HourMs, hour + FeedHealthMonitor.HourMs);
    }

    /// <summary>The cells whose hour has fully matured: hour start + 1 h + window + label delay ≤ now.</summary>
    public static IReadOnlyList<HourCell> SettledCells(ModelRegistration registration, IReadOnlyList<HourCell> cells, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(cells);
        var settle = (long)Math.Ceiling((registration.Outcome.WindowHours + registration.Outcome.LabelDelayHours) * FeedHealthMonitor.HourMs) + FeedHealthMonitor.HourMs;
        var result = new List<HourCell>(cells.Count);
        foreach (var c in cells)
            if (c.HourMs + settle <= nowMs) result.Add(c);
        return result;
    }
}
