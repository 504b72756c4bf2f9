using System.Globalization;

namespace Vigil.Contracts.Monitoring;

/// <summary>
/// The clinical translation of a miss-rate alert in one sentence, the same wherever it is shown (the alert's
/// clinical_translation in the API and the dashboard's alert detail, the demo's summary): "about N additional missed
/// sepsis cases per 1,000 septic patients aged 65+ in the last 14 days". N = the alert's AdditionalMissedPer1000 rounded
/// ((recent FNR − reference FNR) × 1000); the period is the alert's own window from its evidence (window_from_ms to
/// window_to_ms: for a CUSUM from its change-point estimate to the latest matured positive, for an EWMA over its
/// effective memory, for a bound or gap the monitored period's data), written in hours below 2 days, to a tenth of a
/// day below 10 days, else in whole days; "in the monitored period" when an alert has no window (raised before windows
/// were recorded).
/// </summary>
public static class AlertTranslation
{
    /// <summary>Evidence key of the start of the alert's window (Unix ms).</summary>
    public const string WindowFrom = "window_from_ms";

    /// <summary>Evidence key of the end of the alert's window (Unix ms).</summary>
    public const string WindowTo = "window_to_ms";

    /// <summary>The sentence (without a capital or a full stop), or null when the alert has no count of additional missed cases.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="positiveKind">The registration's outcome.positive_kind (e.g. "sepsis_onset"; null: "the outcome").</param>
    public static string? Text(MonitorAlert alert, string? positiveKind)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.AdditionalMissedPer1000 is not { } extra) return null;
        var condition = Condition(positiveKind);
        var patients = condition is null ? "patients with the outcome" : condition == "sepsis" ? "septic patients" : $"patients with {condition}";
        var cases = condition is null ? "cases" : $"{condition} cases";
        return string.Create(CultureInfo.InvariantCulture,
            $"about {Math.Round(extra):0} additional missed {cases} per 1,000 {patients}{Who(alert.Attribute, alert.Level)} {Period(alert)}");
    }

    /// <summary>The alert's window [from, to) from its evidence, when it has one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? Window(MonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Evidence.TryGetValue(WindowFrom, out var f) && f is { } from && alert.Evidence.TryGetValue(WindowTo, out var t) && t is { } to && to > from
            ? (DateTimeOffset.FromUnixTimeMilliseconds((long)from), DateTimeOffset.FromUnixTimeMilliseconds((long)to))
            : null;
    }

    /// <summary>"in the last 14 days" (the window's length), or "in the monitored period".</summary>
    public static string Period(MonitorAlert alert)
    {
        if (Window(alert) is not { } w) return "in the monitored period";
        var hours = (w.To - w.From).TotalHours;
        if (hours < 48) return string.Create(CultureInfo.InvariantCulture, $"in the last {Math.Max(1, Math.Round(hours)):0} hour{(Math.Round(hours) <= 1 ? "" : "s")}");
        var days = hours / 24;
        return days < 10
            ? string.Create(CultureInfo.InvariantCulture, $"in the last {days:0.#} days")
            : string.Create(CultureInfo.InvariantCulture, $"in the last {Math.Round(days):0} days");
    }

    /// <summary>"sepsis" from "sepsis_onset" (the condition whose onset is the positive event), words from snake_case.</summary>
    private static string? Condition(string? positiveKind)
    {
        if (string.IsNullOrWhiteSpace(positiveKind)) return null;
        var k = positiveKind.Trim();
        if (k.EndsWith("_onset", StringComparison.Ordinal)) k = k[..^"_onset".Length];
        return k.Replace('_', ' ');
    }

    /// <summary>" aged 65+" for age bands (">=65" → 65+, "&lt;18" → under 18), " with attribute = level" otherwise, "" for all patients.</summary>
    private static string Who(string? attribute, string? level)
    {
        if (attribute is null || level is null) return "";
        if (!attribute.Equals("age", StringComparison.OrdinalIgnoreCase)) return $" with {attribute} = {level}";
        if (level.StartsWith(">=", StringComparison.Ordinal)) return $" aged {level[2..]}+";
        if (level.StartsWith('<')) return $" aged under {level[1..]}";
        return $" aged {level}";
    }
}
