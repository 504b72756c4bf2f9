using System.Globalization;
using System.Text;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Demo;

/// <summary>What `vigil demo sepsis-monitoring` prints when its simulation is done: where to look, and the alert in clinical words.</summary>
public static class SepsisDemoText
{
    /// <summary>
    /// The clinical translation of an FNR alert as the service gives it (its clinical_translation, <see cref="AlertTranslation"/>:
    /// "about N additional missed sepsis cases per 1,000 septic patients aged 65+ in the last D days", D the alert's
    /// window), or the same sentence from the alert when the service did not add it. Null when the alert has no translation.
    /// </summary>
    public static string? Translation(MonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.ClinicalTranslation ?? AlertTranslation.Text(alert, "sepsis_onset");
    }

    /// <summary>
    /// The closing text: what ran and what fired, then where to look, last: the dashboard, its key, the alert's own page,
    /// and the alert in clinical words (the service's log file is named when it has one).
    /// </summary>
    public static string WhereToLook(SepsisDemoResult result, string dashboardUrl, string apiUrl, string apiKey, string? logPath)
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
        var before = result.BeforeInjection.ToList();
        Line(before.Count == 0
            ? "Alerts before the injection: none."
            : $"Alerts before the injection (false alarms): {string.Join("; ", before.Select(b => Name(b)))}.");
        var others = result.Alerts.Where(x => x.Day > e.InjectionDay && !ReferenceEquals(x, result.Detection)).ToList();
        if (others.Count > 0) Line($"Other alerts after it: {string.Join("; ", others.Select(Name))}.");
        if (logPath is not null) Line($"Service log: {logPath}");
        Line();
        Line("Where to look:");
        Line($"  Dashboard  {dashboardUrl}");
        Line($"  API key    {apiKey}   (admin key of this demo's temporary store; paste it into the dashboard's sign-in)");
        Line($"  API        {apiUrl}   (e.g. curl -H \"X-Api-Key: $KEY\" {apiUrl}v1/alerts?model={s.ModelId})");
        Line();
        if (result.Detection is { } d)
        {
            var a = d.Alert;
            Line(string.Create(CultureInfo.InvariantCulture,
                $"The alert: #{a.Id} {a.Kind} {a.Attribute} = {a.Level} {a.Metric}, opened on simulated day {d.Day:0.##} ({d.Day - e.InjectionDay:0.##} days after the change)."));
            Line($"  Its page   {dashboardUrl}#/alerts/{a.Id}");
            Line("  " + a.Message);
            if (Translation(a) is { } t)
            {
                var window = AlertTranslation.Window(a) is { } w
                    ? string.Create(CultureInfo.InvariantCulture, $" ({w.From:yyyy-MM-dd HH:mm} to {w.To:yyyy-MM-dd HH:mm} UTC)")
                    : "";
                Line($"  In clinical terms: {t}{window}.");
            }
        }
        else Line("No alert on the 65+ group's FNR opened after the injection (see docs/simulation.md, \"Detection quality\").");
        return sb.ToString();
    }

    private static string Name(DemoAlert a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Alert.Kind} {a.Alert.Attribute ?? "all"}{(a.Alert.Level is { } l ? " = " + l : "")} {a.Alert.Metric} (day {a.Day:0.##})");
}
