using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Calibration-in-the-large per group (every level of every attribute, and all patients): O/E = observed positives /
/// expected positives, where O = FN + TP of the matured predictions and E = the sum of their scores (a calibrated
/// model has O/E ≈ 1; above 1 it under-predicts risk). The interval is Byar's Poisson interval of O divided by E
/// (<see cref="Intervals.ObservedToExpected"/>); an alert when it lies entirely outside [OeLow, OeHigh]. Counted over
/// settled hours only (every window and label delay closed: recent positives mature before recent negatives and would
/// inflate O/E), and judged from MinRows matured rows with E &gt; 0.
/// </summary>
public static class CalibrationMonitorEvaluator
{
    public static void Evaluate(ModelRegistration registration, WindowSummary settled, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(findings);
        if (registration.Monitors.Calibration is not { } c) return;
        Check(registration, c, settled.Overall, findings);
        foreach (var g in settled.Groups) Check(registration, c, g, findings);
    }

    private static void Check(ModelRegistration r, CalibrationMonitor c, GroupTotals g, List<AlertFinding> findings)
    {
        var t = g.Totals;
        if (t.Matured < r.Monitors.MinRows || !(t.MaturedScoreSum > 0)) return;
        var oe = t.Positives / t.MaturedScoreSum;
        var ci = Intervals.ObservedToExpected(t.Positives, t.MaturedScoreSum, r.Monitors.Confidence)!;
        var below = ci[1] < c.OeLow;
        var above = ci[0] > c.OeHigh;
        if (!below && !above) return;
        var level = g.IsOverall ? null : g.Level;
        var message = $"For {Findings.Who(g.Attribute, level)}, {t.Positives} patients had the outcome where the scores expected "
            + $"{Findings.Number(t.MaturedScoreSum, 1)} (O/E {Findings.Number(oe)}, {Findings.Level(r.Monitors.Confidence)} CI {Findings.Number(ci[0])} to {Findings.Number(ci[1])}): "
            + (above ? "the model under-estimates their risk." : "the model over-estimates their risk.");
        findings.Add(Findings.Create(r, AlertKind.Calibration, g.Attribute, level, "oe", oe, ci, above ? c.OeHigh : c.OeLow, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["observed"] = t.Positives,
                ["expected"] = t.MaturedScoreSum,
                ["matured"] = t.Matured,
                ["oe"] = oe,
                ["ci_low"] = ci[0],
                ["ci_high"] = ci[1],
                ["oe_low"] = c.OeLow,
                ["oe_high"] = c.OeHigh,
            }));
    }
}
