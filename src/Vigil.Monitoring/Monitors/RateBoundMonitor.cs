using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Rate bounds per group (FNR, FPR, PPV), over the period's matured predictions.
/// <para>
/// Absolute: the group's rate r = x/n with its Wilson interval [l, u] at the registration's confidence; an alert when
/// the whole interval is past the bound (l &gt; bound for FNR and FPR, u &lt; bound for PPV). Checked for every group
/// of every attribute and for all patients.
/// </para>
/// <para>
/// Gap: d = r_group − r_reference, where the reference group is the attribute's <see cref="ProtectedSpec.ReferenceGroup"/>,
/// else its largest group by matured rows; an alert when Newcombe's hybrid-score interval of d lies entirely past the
/// bound (lower &gt; bound for FNR and FPR, upper &lt; −bound for PPV).
/// </para>
/// A group (and the reference) is judged only with at least <see cref="MonitorSettings.MinRows"/> matured rows and a
/// non-empty denominator; otherwise nothing is said (never a 0). FNR findings carry the clinical translation
/// AdditionalMissedPer1000 = (group FNR − reference FNR) × 1000: the reference group's FNR for gaps, the reference
/// profile's overall FNR for absolute bounds (null without a reference profile). Every finding's evidence carries the
/// window its counts come from (window_from_ms, window_to_ms: the first and the end of the last hour of the period that
/// holds predictions), which the translation's "in the last N days" is (<see cref="AlertTranslation"/>).
/// </summary>
public static class RateBoundMonitor
{
    public static void Evaluate(ModelRegistration registration, WindowSummary summary, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(findings);
        var m = registration.Monitors;
        var window = Window.Of(summary);
        foreach (var bound in m.Bounds)
        {
            if (bound.Kind == RateBoundKind.Absolute)
            {
                Absolute(registration, bound, summary.Overall, window, findings);
                foreach (var g in summary.Groups) Absolute(registration, bound, g, window, findings);
            }
            else
            {
                foreach (var spec in registration.Protected)
                {
                    var groups = summary.GroupsOf(spec.Name);
                    var reference = ReferenceGroupOf(spec, groups);
                    if (reference is null || reference.Totals.Matured < m.MinRows) continue;
                    foreach (var g in groups)
                        if (!ReferenceEquals(g, reference)) Gap(registration, bound, g, reference, window, findings);
                }
            }
        }
    }

    /// <summary>The attribute's reference group in the period: the registered one, else the largest by matured rows (ties: level order).</summary>
    public static GroupTotals? ReferenceGroupOf(ProtectedSpec spec, IReadOnlyList<GroupTotals> groups)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(groups);
        if (spec.ReferenceGroup is { } named) return groups.FirstOrDefault(g => g.Level == named);
        GroupTotals? best = null;
        foreach (var g in groups)
            if (best is null || g.Totals.Matured > best.Totals.Matured) best = g;
        return best;
    }

    /// <summary>The span of the period's hours with predictions, [first hour, last hour + 1 h) in Unix ms (null bounds: no hours).</summary>
    private readonly record struct Window(double? FromMs, double? ToMs)
    {
        public static Window Of(WindowSummary summary)
        {
            long from = long.MaxValue, to = long.MinValue;
            foreach (var h in summary.Hours)
            {
                if (h.Totals.Predictions <= 0) continue;
                from = Math.Min(from, h.HourMs);
                to = Math.Max(to, h.HourMs + FeedHealthMonitor.HourMs);
            }
            return from == long.MaxValue ? new Window(null, null) : new Window(from, to);
        }
    }

    private static void Absolute(ModelRegistration r, RateBound bound, GroupTotals g, Window window, List<AlertFinding> findings)
    {
        var m = r.Monitors;
        if (g.Totals.Matured < m.MinRows) return;
        var (x, n) = RateCounts.Of(g.Totals, bound.Rate);
        if (n == 0) return;
        var rate = (double)x / n;
        var ci = Intervals.Wilson(x, n, m.Confidence)!;
        var worse = RateCounts.HigherIsWorse(bound.Rate);
        if (worse ? !(ci[0] > bound.Bound) : !(ci[1] < bound.Bound)) return;
        var level = g.IsOverall ? null : g.Level;
        double? referenceFnr = null;
        double? additional = null;
        if (bound.Rate == MonitoredRate.Fnr)
        {
            referenceFnr = Registration.RegistrationDefaults.ReferenceFnr(r.Reference);
            if (referenceFnr is { } f) additional = (rate - f) * 1000;
        }
        var key = RateCounts.Key(bound.Rate);
        var message = $"For {Findings.Who(g.Attribute, level)}, the model {RateCounts.Meaning(bound.Rate)} {Findings.Percent(rate)} "
            + $"{RateCounts.Of(bound.Rate)} ({Findings.Level(m.Confidence)} CI {Findings.Percent(ci[0])} to {Findings.Percent(ci[1])}), "
            + $"{(worse ? "above" : "below")} the bound of {Findings.Percent(bound.Bound)}"
            + (additional is { } a ? $": about {Findings.Number(a, 0)} more missed cases per 1,000 positives than the reference ({Findings.Percent(referenceFnr!.Value)})." : ".");
        findings.Add(Findings.Create(r, AlertKind.RateBound, g.Attribute, level, key, rate, ci, bound.Bound, message, additional,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["numerator"] = x,
                ["denominator"] = n,
                ["matured"] = g.Totals.Matured,
                ["rate"] = rate,
                ["ci_low"] = ci[0],
                ["ci_high"] = ci[1],
                ["bound"] = bound.Bound,
                ["reference_fnr"] = referenceFnr,
                ["confidence"] = m.Confidence,
                [AlertTranslation.WindowFrom] = window.FromMs,
                [AlertTranslation.WindowTo] = window.ToMs,
            }));
    }

    private static void Gap(ModelRegistration r, RateBound bound, GroupTotals g, GroupTotals reference, Window window, List<AlertFinding> findings)
    {
        var m = r.Monitors;
        if (g.Totals.Matured < m.MinRows) return;
        var (x1, n1) = RateCounts.Of(g.Totals, bound.Rate);
        var (x2, n2) = RateCounts.Of(reference.Totals, bound.Rate);
        if (n1 == 0 || n2 == 0) return;
        double r1 = (double)x1 / n1, r2 = (double)x2 / n2, d = r1 - r2;
        var ci = Intervals.NewcombeDifference(x1, n1, x2, n2, m.Confidence)!;
        var worse = RateCounts.HigherIsWorse(bound.Rate);
        if (worse ? !(ci[0] > bound.Bound) : !(ci[1] < -bound.Bound)) return;
        double? additional = bound.Rate == MonitoredRate.Fnr ? d * 1000 : null;
        var key = RateCounts.Key(bound.Rate);
        var message = $"For {Findings.Who(g.Attribute, g.Level)}, the model {RateCounts.Meaning(bound.Rate)} {Findings.Percent(r1)} "
            + $"{RateCounts.Of(bound.Rate)} against {Findings.Percent(r2)} for {g.Attribute} = {reference.Level}: a gap of "
            + $"{Findings.Number(d * 100, 1)} points ({Findings.Level(m.Confidence)} CI {Findings.Number(ci[0] * 100, 1)} to {Findings.Number(ci[1] * 100, 1)}), "
            + $"past the bound of {Findings.Number(bound.Bound * 100, 1)}"
            + (additional is { } a ? $": about {Findings.Number(a, 0)} more missed cases per 1,000 positives." : ".");
        findings.Add(Findings.Create(r, AlertKind.RateGap, g.Attribute, g.Level, key, d, ci, bound.Bound, message, additional,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["numerator"] = x1,
                ["denominator"] = n1,
                ["rate"] = r1,
                ["reference_numerator"] = x2,
                ["reference_denominator"] = n2,
                ["reference_rate"] = r2,
                ["difference"] = d,
                ["ci_low"] = ci[0],
                ["ci_high"] = ci[1],
                ["bound"] = bound.Bound,
                ["confidence"] = m.Confidence,
                [AlertTranslation.WindowFrom] = window.FromMs,
                [AlertTranslation.WindowTo] = window.ToMs,
            }));
    }
}
