using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Feed health, from the hourly windows and the time of the newest prediction:
/// <list type="bullet">
/// <item>Silence: no prediction for more than MaxSilentHours (now − newest prediction); a model that never received a
/// prediction is not judged.</item>
/// <item>Volume drop, hour-of-day aware (<see cref="ExpectedVolume"/>): clinical volume has a day/night cycle, so an hour
/// is compared with the median of the same hour of the day over the previous days, not with the day's median (a quiet
/// night is not a broken feed). The run of consecutive hours ending at the last complete hour (the hour before now's)
/// in which each hour received fewer than MinVolumeRatio × its expected volume is judged as a whole: a drop when its
/// count is improbably low for a Poisson count with the run's expected total (P below <see cref="ExpectedVolume.Alpha"/>).
/// One empty night hour expecting 2 is not a drop (P = 0.14); three empty hours expecting 3 each are (P = 1.2e-4).
/// Only runs ending at the last complete hour are judged, so a resolved drop is not raised again.</item>
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
        var volumes = new Dictionary<long, long>();
        var first = long.MaxValue;
        foreach (var h in summary.Hours)
        {
            if (h.Totals.Predictions <= 0) continue;
            volumes[h.HourMs] = h.Totals.Predictions;
            if (h.HourMs < first) first = h.HourMs;
        }
        if (first == long.MaxValue) return;
        var drop = ExpectedVolume.LowRun(volumes, first, hour, v.MinVolumeRatio);
        if (drop is not { } d || !(d.PValue < ExpectedVolume.Alpha)) return;
        var ratio = d.RunExpected > 0 ? d.RunVolume / d.RunExpected : 0;
        var hours = d.RunHours == 1 ? "the last complete hour" : $"the last {d.RunHours} hours";
        var message = $"Only {d.RunVolume} predictions arrived in {hours} against about {Findings.Number(d.RunExpected, 1)} expected at these hours of the day "
            + $"(the median of the same hours over the previous {d.Days} days; {Findings.Percent(ratio)}, each hour below {Findings.Percent(v.MinVolumeRatio)} of its expected volume, "
            + $"P = {d.PValue:0.#e0} under a Poisson count): part of the feed may be missing.";
        findings.Add(Findings.Create(r, AlertKind.VolumeDrop, null, null, "volume", ratio, null, v.MinVolumeRatio, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["hour_ms"] = hour,
                ["volume"] = d.Volume,
                ["expected"] = d.Expected,
                ["run_hours"] = d.RunHours,
                ["run_volume"] = d.RunVolume,
                ["run_expected"] = d.RunExpected,
                ["trailing_days"] = d.Days,
                ["p_value"] = d.PValue,
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
