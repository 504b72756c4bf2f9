using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// CUSUM and EWMA on each group's FNR (<see cref="BernoulliDetector"/>), over the group's matured positives of the
/// period in time order (x = 1 when the alert did not fire: a missed case).
/// <para>
/// In control, p₀ is the group's FNR in the registration's reference profile when the reference has at least
/// <see cref="MonitorSettings.MinRows"/> positives in that group, else the reference's overall FNR; without a reference
/// profile the detectors do not run. Out of control, p₁ = the monitor's TargetRate, or p₀ + 0.05 when the target is not
/// that far above the group's p₀ (a detector always looks for a rise). The threshold gives the configured in-control run
/// length (<see cref="SequentialThresholds"/>).
/// </para>
/// <para>
/// Stateless: the detector is recomputed from the start of the period at every evaluation (so replicas agree and
/// nothing is kept between runs), and a finding is raised while the statistic after the group's latest matured positive
/// is above the threshold. A false alarm therefore stops being raised once the statistic falls back, while a persisting
/// rise keeps raising it (and re-opens it after it is resolved). Groups with fewer than MinRows matured rows in the
/// period are not judged. For all patients the detectors do not run (a rise in one group shows there first).
/// </para>
/// </summary>
public static class SequentialFnrMonitor
{
    /// <summary>The least rise over p₀ a detector looks for.</summary>
    public const double MinimumShift = 0.05;

    public static void Evaluate(ModelRegistration registration, WindowSummary summary, IReadOnlyList<MaturedRow> rows, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(findings);
        var m = registration.Monitors;
        if (m.Sequential.Count == 0 || registration.Reference is not { } reference) return;
        var overallP0 = Registration.RegistrationDefaults.ReferenceFnr(reference);
        if (overallP0 is null) return;
        // Matured positives in time order (stable: ties keep the store's order).
        var positives = rows.Where(r => r.Label == 1).OrderBy(r => r.TimeMs).ToArray();
        for (var a = 0; a < registration.Protected.Count; a++)
        {
            var spec = registration.Protected[a];
            foreach (var g in summary.GroupsOf(spec.Name))
            {
                if (g.Totals.Matured < m.MinRows) continue;
                var p0 = GroupP0(reference, spec.Name, g.Level, m.MinRows) ?? overallP0.Value;
                var misses = new List<bool>();
                foreach (var row in positives)
                    if (a < row.Levels.Count && row.Levels[a] == g.Level) misses.Add(row.Prediction == 0);
                if (misses.Count == 0) continue;
                foreach (var monitor in m.Sequential)
                {
                    if (monitor.Rate != MonitoredRate.Fnr) continue;
                    var p1 = Math.Max(monitor.TargetRate, p0 + MinimumShift);
                    var threshold = SequentialThresholds.For(monitor.Detector, p0, p1, monitor.InControlRunLength);
                    var detector = new BernoulliDetector(monitor.Detector, p0, p1);
                    var statistic = 0.0;
                    var missed = 0;
                    foreach (var miss in misses)
                    {
                        statistic = detector.Update(miss);
                        if (miss) missed++;
                    }
                    if (!(statistic > threshold)) continue;
                    var fnr = (double)missed / misses.Count;
                    var name = monitor.Detector == SequentialDetector.Cusum ? "cusum" : "ewma";
                    var additional = (fnr - p0) * 1000;
                    var message = $"The {name.ToUpperInvariant()} detector signals a rise in missed cases for {Findings.Who(spec.Name, g.Level)}: "
                        + $"the model missed {Findings.Percent(fnr)} of {misses.Count} patients with the outcome in the period against "
                        + $"{Findings.Percent(p0)} in the reference, about {Findings.Number(additional, 0)} more missed cases per 1,000 positives.";
                    findings.Add(Findings.Create(registration, AlertKind.Sequential, spec.Name, g.Level, "fnr:" + name, statistic, null, threshold,
                        message, additional, new Dictionary<string, double?>(StringComparer.Ordinal)
                        {
                            ["statistic"] = statistic,
                            ["threshold"] = threshold,
                            ["p0"] = p0,
                            ["p1"] = p1,
                            ["in_control_run_length"] = monitor.InControlRunLength,
                            ["positives"] = misses.Count,
                            ["missed"] = missed,
                            ["fnr"] = fnr,
                            ["ewma_lambda"] = monitor.Detector == SequentialDetector.Ewma ? BernoulliDetector.EwmaLambda : null,
                            ["ewma_rate"] = monitor.Detector == SequentialDetector.Ewma ? detector.State : null,
                        }));
                }
            }
        }
    }

    /// <summary>The reference FNR of one group when the reference has at least <paramref name="minPositives"/> positives in it.</summary>
    public static double? GroupP0(ReferenceProfile reference, string attribute, string level, int minPositives)
    {
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var g in reference.Groups)
            if (g.Attribute == attribute && g.Level == level && g.Fn + g.Tp >= Math.Max(1, minPositives))
                return (double)g.Fn / (g.Fn + g.Tp);
        return null;
    }
}
