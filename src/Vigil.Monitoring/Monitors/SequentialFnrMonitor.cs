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
/// <para>
/// The clinical translation uses the recent FNR, not the period's: for the CUSUM the FNR since its change-point estimate
/// (the first positive after the statistic last stood at 0), for the EWMA its smoothed rate;
/// AdditionalMissedPer1000 = (recent FNR − p₀) × 1000.
/// </para>
/// <para>
/// The in-control run length is a false-alarm budget per group: at ARL₀ = 500 and 100 matured positives a day in a group,
/// that group raises a false alarm about every 5 days. Choose it long against a group's positives per review period.
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
        // Matured positives in time order (ties by prediction and score, so the input order never matters).
        var positives = rows.Where(r => r.Label == 1).OrderBy(r => r.TimeMs).ThenBy(r => r.Prediction).ThenBy(r => r.Score).ToArray();
        for (var a = 0; a < registration.Protected.Count; a++)
        {
            var spec = registration.Protected[a];
            foreach (var g in summary.GroupsOf(spec.Name))
            {
                if (g.Totals.Matured < m.MinRows) continue;
                var p0 = GroupP0(reference, spec.Name, g.Level, m.MinRows) ?? overallP0.Value;
                var misses = new List<bool>();
                var times = new List<long>();
                foreach (var row in positives)
                {
                    if (a >= row.Levels.Count || row.Levels[a] != g.Level) continue;
                    misses.Add(row.Prediction == 0);
                    times.Add(row.TimeMs);
                }
                if (misses.Count == 0) continue;
                foreach (var monitor in m.Sequential)
                {
                    if (monitor.Rate != MonitoredRate.Fnr) continue;
                    var p1 = Math.Max(monitor.TargetRate, p0 + MinimumShift);
                    var threshold = SequentialThresholds.For(monitor.Detector, p0, p1, monitor.InControlRunLength);
                    var detector = new BernoulliDetector(monitor.Detector, p0, p1);
                    var statistic = 0.0;
                    var missed = 0;
                    var since = 0; // CUSUM: the first positive after the statistic last stood at 0 (the change-point estimate)
                    for (var i = 0; i < misses.Count; i++)
                    {
                        statistic = detector.Update(misses[i]);
                        if (misses[i]) missed++;
                        if (monitor.Detector == SequentialDetector.Cusum && statistic <= 0) since = i + 1;
                    }
                    if (!(statistic > threshold)) continue;
                    findings.Add(Finding(registration, spec.Name, g.Level, monitor, p0, p1, threshold, statistic, detector, misses, times, missed, since));
                }
            }
        }
    }

    private static AlertFinding Finding(ModelRegistration registration, string attribute, string level, SequentialMonitor monitor, double p0, double p1,
        double threshold, double statistic, BernoulliDetector detector, List<bool> misses, List<long> times, int missed, int since)
    {
        var cusum = monitor.Detector == SequentialDetector.Cusum;
        var name = cusum ? "cusum" : "ewma";
        var fnr = (double)missed / misses.Count;
        // The recent rate: since the change-point estimate for the CUSUM, the smoothed rate for the EWMA.
        double recent;
        int recentCount;
        if (cusum)
        {
            var recentMissed = 0;
            for (var i = since; i < misses.Count; i++)
                if (misses[i]) recentMissed++;
            recentCount = misses.Count - since;
            recent = recentCount > 0 ? (double)recentMissed / recentCount : fnr;
        }
        else
        {
            recent = detector.State;
            recentCount = Math.Min(misses.Count, (int)Math.Round(2 / BernoulliDetector.EwmaLambda - 1));
        }
        var sinceMs = times[Math.Min(since, times.Count - 1)];
        var sinceText = DateTimeOffset.FromUnixTimeMilliseconds(sinceMs).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var additional = (recent - p0) * 1000;
        var message = cusum
            ? $"Missed cases are rising for {Findings.Who(attribute, level)}: since {sinceText} the model missed {Findings.Percent(recent)} of {recentCount} patients with the outcome "
              + $"against {Findings.Percent(p0)} in the reference, about {Findings.Number(additional, 0)} more missed cases per 1,000 positives (CUSUM {Findings.Number(statistic)} above {Findings.Number(threshold)})."
            : $"Missed cases are rising for {Findings.Who(attribute, level)}: over about the last {recentCount} patients with the outcome the model missed {Findings.Percent(recent)} "
              + $"against {Findings.Percent(p0)} in the reference, about {Findings.Number(additional, 0)} more missed cases per 1,000 positives (EWMA signal {Findings.Number(statistic)} above {Findings.Number(threshold)}).";
        return Findings.Create(registration, AlertKind.Sequential, attribute, level, "fnr:" + name, statistic, null, threshold,
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
                ["recent_fnr"] = recent,
                ["recent_positives"] = recentCount,
                ["change_since_ms"] = cusum ? sinceMs : null,
                ["ewma_lambda"] = cusum ? null : BernoulliDetector.EwmaLambda,
            });
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
