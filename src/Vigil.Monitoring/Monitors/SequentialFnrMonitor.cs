using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// CUSUM and EWMA on each group's FNR (<see cref="BernoulliDetector"/>), over the group's matured positives of the
/// period in time order (x = 1 when the alert did not fire: a missed case).
/// <para>
/// <b>Baseline with its uncertainty.</b> p̂₀ is the group's FNR in the registration's reference profile when the reference
/// has at least <see cref="MonitorSettings.MinRows"/> positives in that group, else the reference's overall FNR (without a
/// reference profile the detectors do not run). The detector is designed on p₀ = the upper limit of the one-sided
/// <see cref="BaselineGuardLevel"/> Wilson bound of p̂₀ (with the reference's positives as n), so that the in-control run
/// length is at least the budgeted one whenever the true in-control FNR is at most that bound: with probability about
/// 0.9 per group rather than about 0.5 with p̂₀ itself (the idea of Gandy &amp; Kvaløy 2013, "guaranteed conditional
/// performance" of charts with estimated parameters; Jones, Champ &amp; Rigdon 2004 show how far an estimated p₀
/// shortens the in-control run length). Out of control, p₁ = the monitor's TargetRate, or p₀ + 0.05 when the target is
/// not that far above the design p₀ (a detector always looks for a rise).
/// </para>
/// <para>
/// <b>A per-model false-alarm budget.</b> The registered in-control run length ARL₀ is the model's: matured positives (of
/// all patients) between false alarms of any FNR detector in any group. It is split Bonferroni-fashion over the k =
/// (reference groups × FNR detectors) detectors in proportion to each group's share s_g of the reference's positives:
/// group g's detector gets ARL_g = k · ARL₀ · s_g of its own positives. A detector then false-alarms at about
/// s_g / ARL_g = 1 / (k · ARL₀) per positive of the model, and the k of them at most 1 / ARL₀ together (the union bound),
/// whatever the number of groups. A group the reference does not hold gets the smallest share of those it does.
/// ARL_g is rounded to three significant digits (so the cached thresholds are shared) and is at least
/// <see cref="MinimumGroupRunLength"/>. The threshold gives ARL_g (<see cref="SequentialThresholds"/>).
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
/// AdditionalMissedPer1000 = (recent FNR − p̂₀) × 1000.
/// </para>
/// </summary>
public static class SequentialFnrMonitor
{
    /// <summary>The least rise over p₀ a detector looks for.</summary>
    public const double MinimumShift = 0.05;

    /// <summary>Two-sided level of the Wilson interval whose upper limit is the design p₀ (0.8: a one-sided 90% upper bound).</summary>
    public const double BaselineGuardLevel = 0.80;

    /// <summary>The shortest in-control run length a group's detector gets after the split.</summary>
    public const double MinimumGroupRunLength = 50;

    public static void Evaluate(ModelRegistration registration, WindowSummary summary, IReadOnlyList<MaturedRow> rows, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(findings);
        var m = registration.Monitors;
        var fnrMonitors = m.Sequential.Where(s => s.Rate == MonitoredRate.Fnr).ToArray();
        if (fnrMonitors.Length == 0 || registration.Reference is not { } reference) return;
        var overall = reference.Groups.FirstOrDefault(g => g.Attribute is null);
        if (overall is null || overall.Fn + overall.Tp == 0) return;
        var budget = new GroupBudget(registration, reference, fnrMonitors.Length);
        // Matured positives in time order (ties by prediction and score, so the input order never matters).
        var positives = rows.Where(r => r.Label == 1).OrderBy(r => r.TimeMs).ThenBy(r => r.Prediction).ThenBy(r => r.Score).ToArray();
        for (var a = 0; a < registration.Protected.Count; a++)
        {
            var spec = registration.Protected[a];
            foreach (var g in summary.GroupsOf(spec.Name))
            {
                if (g.Totals.Matured < m.MinRows) continue;
                var baseline = Baseline(reference, spec.Name, g.Level, m.MinRows) ?? (overall.Fn, overall.Fn + overall.Tp);
                var p0Estimate = (double)baseline.Missed / baseline.Positives;
                var p0 = DesignP0(baseline.Missed, baseline.Positives);
                var misses = new List<bool>();
                var times = new List<long>();
                foreach (var row in positives)
                {
                    if (a >= row.Levels.Count || row.Levels[a] != g.Level) continue;
                    misses.Add(row.Prediction == 0);
                    times.Add(row.TimeMs);
                }
                if (misses.Count == 0) continue;
                foreach (var monitor in fnrMonitors)
                {
                    var p1 = Math.Round(Math.Max(monitor.TargetRate, p0 + MinimumShift), 4);
                    var groupRunLength = budget.RunLength(spec.Name, g.Level, monitor.InControlRunLength);
                    var threshold = SequentialThresholds.For(monitor.Detector, p0, p1, groupRunLength);
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
                    var design = new Design(p0Estimate, p0, p1, threshold, groupRunLength, budget.Detectors);
                    findings.Add(Finding(registration, spec.Name, g.Level, monitor, design, statistic, detector, misses, times, missed, since));
                }
            }
        }
    }

    /// <summary>
    /// The design p₀: the upper limit of the Wilson interval at <see cref="BaselineGuardLevel"/> of missed / positives of
    /// the reference (rounded to 4 decimals so that cached thresholds are shared).
    /// </summary>
    public static double DesignP0(long missed, long positives)
    {
        var ci = Intervals.Wilson(missed, positives, BaselineGuardLevel);
        return ci is null ? 0.5 : Math.Round(ci[1], 4);
    }

    /// <summary>A detector's design: the reference FNR, the design p₀ and p₁, its threshold and its share of the budget.</summary>
    private readonly record struct Design(double P0Estimate, double P0, double P1, double Threshold, double GroupRunLength, int Detectors);

    /// <summary>The per-model budget split: k detectors and each group's share of the reference's positives.</summary>
    private sealed class GroupBudget
    {
        private readonly Dictionary<(string, string), double> _shares = new();
        private readonly double _smallest;

        public GroupBudget(ModelRegistration registration, ReferenceProfile reference, int fnrDetectors)
        {
            var overall = reference.Groups.First(g => g.Attribute is null);
            var total = (double)(overall.Fn + overall.Tp);
            foreach (var g in reference.Groups)
                if (g.Attribute is { } attribute && registration.Protected.Any(p => p.Name == attribute))
                    _shares[(attribute, g.Level)] = Math.Max(1, g.Fn + g.Tp) / total;
            _smallest = _shares.Count > 0 ? _shares.Values.Min() : 1;
            Detectors = Math.Max(1, _shares.Count) * fnrDetectors;
        }

        /// <summary>k: the detectors the model's budget is split over.</summary>
        public int Detectors { get; }

        /// <summary>ARL_g = k · ARL₀ · s_g, three significant digits, at least <see cref="MinimumGroupRunLength"/>.</summary>
        public double RunLength(string attribute, string level, double modelRunLength)
        {
            var share = _shares.TryGetValue((attribute, level), out var s) ? s : _smallest;
            var raw = Math.Max(MinimumGroupRunLength, Detectors * modelRunLength * share);
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)) - 2);
            return Math.Round(raw / magnitude) * magnitude;
        }
    }

    private static AlertFinding Finding(ModelRegistration registration, string attribute, string level, SequentialMonitor monitor, Design design,
        double statistic, BernoulliDetector detector, List<bool> misses, List<long> times, int missed, int since)
    {
        var (p0, threshold) = (design.P0Estimate, design.Threshold);
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
                ["p0_design"] = design.P0,
                ["p1"] = design.P1,
                ["in_control_run_length"] = monitor.InControlRunLength,
                ["group_run_length"] = design.GroupRunLength,
                ["detectors"] = design.Detectors,
                ["positives"] = misses.Count,
                ["missed"] = missed,
                ["fnr"] = fnr,
                ["recent_fnr"] = recent,
                ["recent_positives"] = recentCount,
                ["change_since_ms"] = cusum ? sinceMs : null,
                ["ewma_lambda"] = cusum ? null : BernoulliDetector.EwmaLambda,
                // the window of the recent rate the translation counts over (AlertTranslation): its first and last positive
                [AlertTranslation.WindowFrom] = times[Math.Clamp(times.Count - recentCount, 0, times.Count - 1)],
                [AlertTranslation.WindowTo] = times[^1],
            });
    }

    /// <summary>The reference FNR of one group when the reference has at least <paramref name="minPositives"/> positives in it.</summary>
    public static double? GroupP0(ReferenceProfile reference, string attribute, string level, int minPositives) =>
        Baseline(reference, attribute, level, minPositives) is { } b ? (double)b.Missed / b.Positives : null;

    /// <summary>The reference's missed cases and positives of one group when it has at least <paramref name="minPositives"/> positives.</summary>
    public static (long Missed, long Positives)? Baseline(ReferenceProfile reference, string attribute, string level, int minPositives)
    {
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var g in reference.Groups)
            if (g.Attribute == attribute && g.Level == level && g.Fn + g.Tp >= Math.Max(1, minPositives))
                return (g.Fn, g.Fn + g.Tp);
        return null;
    }
}
