using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Clinician override rate per group (every level of every attribute, and all patients):
/// overridden / (accepted + overridden + ignored) over the period's recorded actions; an alert when its Wilson interval
/// lies entirely above OverrideRateMax (clinicians no longer trust the alert for that group). Judged from MinRows actions.
/// </summary>
public static class OverrideRateMonitor
{
    public static void Evaluate(ModelRegistration registration, WindowSummary summary, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(findings);
        if (registration.Monitors.OverrideRateMax is not { } max) return;
        Check(registration, max, summary.Overall, findings);
        foreach (var g in summary.Groups) Check(registration, max, g, findings);
    }

    private static void Check(ModelRegistration r, double max, GroupTotals g, List<AlertFinding> findings)
    {
        var t = g.Totals;
        if (t.Actions < r.Monitors.MinRows) return;
        var rate = (double)t.Overridden / t.Actions;
        var ci = Intervals.Wilson(t.Overridden, t.Actions, r.Monitors.Confidence)!;
        if (!(ci[0] > max)) return;
        var level = g.IsOverall ? null : g.Level;
        var message = $"Clinicians overrode {Findings.Percent(rate)} of the model's alerts for {Findings.Who(g.Attribute, level)} "
            + $"({t.Overridden} of {t.Actions}; {Findings.Level(r.Monitors.Confidence)} CI {Findings.Percent(ci[0])} to {Findings.Percent(ci[1])}), above {Findings.Percent(max)}.";
        findings.Add(Findings.Create(r, AlertKind.OverrideRate, g.Attribute, level, "override_rate", rate, ci, max, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["overridden"] = t.Overridden,
                ["accepted"] = t.Accepted,
                ["ignored"] = t.Ignored,
                ["actions"] = t.Actions,
                ["rate"] = rate,
                ["ci_low"] = ci[0],
                ["ci_high"] = ci[1],
                ["bound"] = max,
            }));
    }
}
