using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Monitors;

/// <summary>Builds <see cref="AlertFinding"/>s with their dedupe key and the shared wording of messages.</summary>
public static class Findings
{
    /// <summary>The snake_case name of a kind in dedupe keys ("rate_gap").</summary>
    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.RateBound => "rate_bound",
        AlertKind.RateGap => "rate_gap",
        AlertKind.Sequential => "sequential",
        AlertKind.FeatureDrift => "feature_drift",
        AlertKind.ScoreDrift => "score_drift",
        AlertKind.LabelDrift => "label_drift",
        AlertKind.Calibration => "calibration",
        AlertKind.FeedSilence => "feed_silence",
        AlertKind.VolumeDrop => "volume_drop",
        AlertKind.MissingData => "missing_data",
        AlertKind.OverrideRate => "override_rate",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>"model|version|kind|attribute|level|metric" (attribute and level empty when null): one open alert per key.</summary>
    public static string DedupeKey(string model, string version, AlertKind kind, string? attribute, string? level, string metric) =>
        string.Join('|', model, version, KindName(kind), attribute ?? "", level ?? "", metric);

    /// <summary>A finding of <paramref name="registration"/> with its key.</summary>
    public static AlertFinding Create(ModelRegistration registration, AlertKind kind, string? attribute, string? level, string metric,
        double? value, double[]? interval, double? bound, string message, double? additionalMissedPer1000, IReadOnlyDictionary<string, double?> evidence)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new AlertFinding(DedupeKey(registration.Id, registration.Version, kind, attribute, level, metric),
            registration.Id, registration.Version, kind, attribute, level, metric, value, interval, bound, message, additionalMissedPer1000, evidence);
    }

    /// <summary>"race = B", or "all patients" for the overall group.</summary>
    public static string Who(string? attribute, string? level) => attribute is null ? "all patients" : $"{attribute} = {level}";

    /// <summary>A rate as a percentage with one decimal ("12.5%").</summary>
    public static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 2) =>
        Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>The confidence level as a percentage ("95%").</summary>
    public static string Level(double confidence) => (confidence * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
