using System.Globalization;
using System.Text;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Demo;

/// <summary>What `vigil demo sepsis-monitoring` prints when its simulation is done: where to look, and the alert in clinical words.</summary>
public static class SepsisDemoText
{
    /// <summary>
    /// The clinical translation of an FNR alert: "about N additional missed sepsis cases per 1,000 septic patients aged
    /// 65+ since DATE (D days)", from its AdditionalMissedPer1000 (recent FNR − reference FNR, × 1000) and, for a CUSUM,
    /// its change-point estimate (evidence change_since_ms). Null when the alert has no translation.
    /// </summary>
    public static string? Translation(MonitorAlert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.AdditionalMissedPer1000 is not { } extra) return null;
        var who = alert.Attribute == SepsisExample.Attribute && alert.Level == SepsisExample.Level ? "septic patients aged 65+" : $"septic patients with {alert.Attribute} = {alert.Level}";
        var since = alert.Evidence.TryGetValue("change_since_ms", out var ms) && ms is { } m
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)m)
            : (DateTimeOffset?)null;
        var when = since is { } s
            ? string.Create(CultureInfo.InvariantCulture, $" since {s:yyyy-MM-dd HH:mm} UTC (the last {(now - s).TotalDays:0.#} days)")
            : " in the monitored period";
        return string.Create(CultureInfo.InvariantCulture, $"about {Math.Round(extra):0} additional missed sepsis cases per 1,000 {who}{when}, against the reference period");
    }

    /// <summary>The closing text: dashboard, key, the injected change and its alert, false alarms, what to try.</summary>
    public static string WhereToLook(SepsisDemoResult result, string dashboardUrl, string apiUrl, string apiKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Example;
        var s = result.Settings;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Simulated {e.Days} days × {e.EncountersPerDay:N0} encounters (seed {s.Seed}; reference period {e.ReferenceDays} days before it): alerts on {result.Metrics.AlertRate:P1}, AUROC {result.Metrics.Auroc:F3}, true sensitivity {result.Metrics.TrueSensitivity:P1}."));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Injected: from day {e.InjectionDay} ({s.Start.AddDays(e.InjectionDay):yyyy-MM-dd}) the model misses more septic patients aged 65+ (their untreated FNR × {e.Factor})."));
        Line();
        Line($"  Dashboard  {dashboardUrl}");
        Line($"  API key    {apiKey}   (admin key of this demo's temporary store; paste it into the dashboard's sign-in)");
        Line($"  API        {apiUrl}   (e.g. curl -H \"X-Api-Key: $KEY\" {apiUrl}v1/alerts?model={s.ModelId})");
        Line();
        if (result.Detection is { } d)
        {
            var a = d.Alert;
            Line(string.Create(CultureInfo.InvariantCulture,
                $"The alert: #{a.Id} {a.Kind} {a.Attribute} = {a.Level} {a.Metric}, opened on simulated day {d.Day:0.##} ({d.Day - e.InjectionDay:0.##} days after the change)."));
            Line("  " + a.Message);
            if (Translation(a, now) is { } t) Line("  In clinical terms: " + t + ".");
        }
        else Line("No alert on the 65+ group's FNR opened after the injection (see docs/simulation.md, \"Detection quality\").");
        var before = result.BeforeInjection.ToList();
        Line(before.Count == 0
            ? "Alerts before the injection: none."
            : $"Alerts before the injection (false alarms): {string.Join("; ", before.Select(b => Name(b)))}.");
        var others = result.Alerts.Where(x => x.Day > e.InjectionDay && !ReferenceEquals(x, result.Detection)).ToList();
        if (others.Count > 0) Line($"Other alerts after it: {string.Join("; ", others.Select(Name))}.");
        return sb.ToString();
    }

    private static string Name(DemoAlert a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Alert.Kind} {a.Alert.Attribute ?? "all"}{(a.Alert.Level is { } l ? " = " + l : "")} {a.Alert.Metric} (day {a.Day:0.##})");
}
