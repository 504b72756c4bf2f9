using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Feed health, from the hourly windows and the time of the newest prediction:
/// <list type="bullet">
/// <item>Silence: no prediction for more than MaxSilentHours (now − newest prediction); a model that never received a
/// prediction is not judged.</item>
/// <item>Volume drop: the last complete hour (the hour before now's) received fewer than MinVolumeRatio × the median
/// volume of the hours with predictions among the 24 before it; judged with at least <see cref="MinTrailingHours"/>
/// such hours. Only the last complete hour is judged, so a resolved drop is not raised again.</item>
/// <item>Missing data: over the last <see cref="FeedWindowHours"/> hours, a watched feature's missing share m (bin −1 of
/// its HourBin counts) with its Wilson interval entirely above the reference's missing share + MissingShareIncreaseMax;
/// judged from MinRows predictions.</item>
/// </list>
/// </summary>
public static class FeedHealthMonitor
{
    public const long HourMs = 3_600_000;

    /// <summary>Hours of recent data the volume median and missing shares look at.</summary>
    public const int FeedWindowHours = 24;

    /// <summary>Hours with predictions a trailing median needs.</summary>
    public const int MinTrailingHours = 6;

    public static void Evaluate(ModelRegistration registration, WindowSummary summary, IReadOnlyList<HourBin> bins, long? lastPredictionMs,
        long nowMs, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(findings);
        if (registration.Monitors.Volume is not { } v) return;
        Silence(registration, v, lastPredictionMs, nowMs, findings);
        Volume(registration, v, summary, nowMs, findings);
        Missing(registration, v, bins, nowMs, findings);
    }

    private static void Silence(ModelRegistration r, VolumeMonitor v, long? last, long nowMs, List<AlertFinding> findings)
    {
        if (last is not { } l) return;
        var hours = (nowMs - l) / (double)HourMs;
        if (!(hours > v.MaxSilentHours)) return;
        var message = $"No predictions have arrived for {Findings.Number(hours, 1)} hours (more than {Findings.Number(v.MaxSilentHours, 1)}): the feed from the clinical system may be broken, and patients are not being screened by the model.";
        findings.Add(Findings.Create(r, AlertKind.FeedSilence, null, null, "silence", hours, null, v.MaxSilentHours, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["hours_silent"] = hours,
                ["last_prediction_ms"] = l,
                ["now_ms"] = nowMs,
                ["bound"] = v.MaxSilentHours,
            }));
    }

    private static void Volume(ModelRegistration r, VolumeMonitor v, WindowSummary summary, long nowMs, List<AlertFinding> findings)
    {
        var hour = Math.DivRem(nowMs, HourMs).Quotient * HourMs - HourMs;
        long volume = 0;
        var trailing = new List<long>(FeedWindowHours);
        foreach (var h in summary.Hours)
        {
            if (h.HourMs == hour) volume = h.Totals.Predictions;
            else if (h.HourMs >= hour - FeedWindowHours * HourMs && h.HourMs < hour && h.Totals.Predictions > 0) trailing.Add(h.Totals.Predictions);
        }
        if (trailing.Count < MinTrailingHours) return;
        trailing.Sort();
        var median = trailing.Count % 2 == 1 ? trailing[trailing.Count / 2] : (trailing[trailing.Count / 2 - 1] + trailing[trailing.Count / 2]) / 2.0;
        if (!(volume < v.MinVolumeRatio * median)) return;
        var ratio = volume / median;
        var message = $"Only {volume} predictions arrived in the last complete hour against a median of {Findings.Number(median, 1)} per hour over the day before "
            + $"({Findings.Percent(ratio)}, below {Findings.Percent(v.MinVolumeRatio)}): part of the feed may be missing.";
        findings.Add(Findings.Create(r, AlertKind.VolumeDrop, null, null, "volume", ratio, null, v.MinVolumeRatio, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["hour_ms"] = hour,
                ["volume"] = volume,
                ["trailing_median"] = median,
                ["trailing_hours"] = trailing.Count,
                ["ratio"] = ratio,
                ["bound"] = v.MinVolumeRatio,
            }));
    }

    private static void Missing(ModelRegistration r, VolumeMonitor v, IReadOnlyList<HourBin> bins, long nowMs, List<AlertFinding> findings)
    {
        if (r.Reference is not { } reference) return;
        var from = nowMs - FeedWindowHours * HourMs;
        var features = Math.Min(r.WatchedFeatures.Count, reference.Features.Count);
        var missing = new long[features];
        var total = new long[features];
        foreach (var b in bins)
        {
            if (b.Feature < 0 || b.Feature >= features || b.HourMs < Math.DivRem(from, HourMs).Quotient * HourMs) continue;
            total[b.Feature] += b.Count;
            if (b.Bin < 0) missing[b.Feature] += b.Count;
        }
        for (var i = 0; i < features; i++)
        {
            if (total[i] < r.Monitors.MinRows) continue;
            var share = (double)missing[i] / total[i];
            var ci = Intervals.Wilson(missing[i], total[i], r.Monitors.Confidence)!;
            var referenceShare = reference.Features[i].MissingShare;
            var bound = referenceShare + v.MissingShareIncreaseMax;
            if (!(ci[0] > bound)) continue;
            var name = r.WatchedFeatures[i];
            var message = $"'{name}' was missing in {Findings.Percent(share)} of the last {FeedWindowHours} hours' predictions "
                + $"({missing[i]} of {total[i]}) against {Findings.Percent(referenceShare)} in the reference: the model is scoring without it.";
            findings.Add(Findings.Create(r, AlertKind.MissingData, null, null, "missing:" + name, share, ci, bound, message, null,
                new Dictionary<string, double?>(StringComparer.Ordinal)
                {
                    ["missing"] = missing[i],
                    ["rows"] = total[i],
                    ["share"] = share,
                    ["reference_share"] = referenceShare,
                    ["increase"] = share - referenceShare,
                    ["bound"] = bound,
                    ["ci_low"] = ci[0],
                    ["ci_high"] = ci[1],
                }));
        }
    }
}
