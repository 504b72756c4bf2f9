using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Safeguards;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// The model's governance policy (<see cref="ModelRegistration.Policy"/>) checked on every evaluation window by the same
/// rule code as `vigil gate` (<see cref="GateEvaluator"/>), on the window's evidence (<see cref="Evidence"/>): the audit of
/// the period's matured predictions (<see cref="PeriodAudit"/>, the batch audit's engine) for breakdown, min_group_size and
/// max_gap rules (the upper end of the Newcombe interval of the gap, as the gate); the window's label completeness for
/// label_completeness rules; O/E per group for calibration rules; the watched features' PSI for drift rules. A failing
/// check raises an alert of kind <see cref="AlertKind.Policy"/> with the check's numbers as evidence; when its rule names
/// a safeguard, <see cref="ActivateSafeguardAsync"/> puts it in force for the group.
/// <para>
/// Label completeness per window: labelled = matured predictions, total = every prediction of the settled hours
/// (hour start + 1 h + outcome window + label delay ≤ now), overall ("all rows") and per group: a censored prediction
/// (follow-up ended without the outcome) has no label.
/// </para>
/// <para>
/// Calibration per window, for all patients and every group of the settled hours (the same hours as
/// <see cref="CalibrationMonitorEvaluator"/>): O/E = (FN + TP) / Σ score of the matured predictions, Byar's interval of O
/// divided by E at the registration's confidence; the rule's [min, max] must hold for the whole interval (or the point
/// estimate with test: point). A group with fewer than MinRows matured predictions is not judged (a skipped check).
/// The rule's sites select validation sites in the batch gate and do not apply to a window (one deployment).
/// </para>
/// <para>
/// Drift per window: each watched feature's PSI against the registration's reference profile over the window's bins
/// (as <see cref="DriftMonitorEvaluator"/>), judged with at least the drift monitor's MinRows values; drifted = PSI above
/// its psi_max; the dataset drifts when at least half the judged features drift (`vigil drift`'s default share). Without a
/// reference profile or drift monitor the rule is skipped, saying so.
/// </para>
/// <para>
/// Documents rules cannot be judged from the store (the answers live in card.yaml): each window records them as a
/// skipped check "not evaluable per window", and every policy alert names the rules and subjects the window could not
/// judge (message, and the count in evidence not_evaluable), so nobody reads a quiet monitor as a passed document check.
/// A window with fewer matured predictions than MinRows is not judged at all (no audit of a handful of rows).
/// </para>
/// </summary>
public static class PolicyMonitor
{
    /// <summary>The rule kinds the monitor checks per window (documents as a skipped check that says why).</summary>
    public static readonly IReadOnlyList<string> MonitoredKinds = PolicyKinds.All;

    private const string MetricPrefix = "policy:";

    /// <summary>Adds a finding per failing check of the registration's policy on the window (nothing without a policy).</summary>
    public static void Evaluate(ModelRegistration registration, WindowSummary settled, IReadOnlyList<HourBin> bins, IReadOnlyList<MaturedRow> maturedRows, long nowMs,
        List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (Check(registration, settled, bins, maturedRows, nowMs) is not { } result) return;
        var (policy, evaluation) = result;
        var notEvaluable = evaluation.Checks.Where(c => c.Status == GateStatus.Skipped).ToList();
        foreach (var check in evaluation.Checks)
            if (check.Status == GateStatus.Fail) findings.Add(Finding(registration, policy, check, notEvaluable));
    }

    /// <summary>
    /// The registration's policy evaluated on the window (every check, passed and skipped ones included), or null without a
    /// policy or with fewer matured predictions than MinRows.
    /// </summary>
    public static (GatePolicy Policy, GateEvaluation Evaluation)? Check(ModelRegistration registration, WindowSummary settled, IReadOnlyList<HourBin> bins,
        IReadOnlyList<MaturedRow> maturedRows, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(maturedRows);
        if (registration.Policy is not { } registered || maturedRows.Count < Math.Max(1, registration.Monitors.MinRows)) return null;
        var name = $"{registration.Id}@{registration.Version}";
        var policy = Monitored(PolicyRegistration.Policy(registered, name));
        if (policy.Rules.Count == 0) return null;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var source = $"monitor:{name} window to {now:yyyy-MM-ddTHH:mmZ}";
        var audit = PeriodAudit.Run(registration, maturedRows, source).Document;
        var evidence = new GateEvidence(audit, source)
        {
            Labels = Labels(settled), LabelsSource = source + " (settled hours)", Window = Evidence(registration, settled, bins, source),
        };
        return (policy, GateEvaluator.Evaluate(policy, evidence, now));
    }

    /// <summary>The window's calibration per group (settled hours) and the watched features' drift (all the window's bins).</summary>
    public static WindowEvidence Evidence(ModelRegistration registration, WindowSummary settled, IReadOnlyList<HourBin> bins, string source)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(bins);
        var calibration = new List<WindowCalibration>();
        if (settled.Overall.Totals.Predictions > 0)
        {
            calibration.Add(Calibration(registration, "all patients", null, settled.Overall.Totals));
            foreach (var g in settled.Groups) calibration.Add(Calibration(registration, $"{g.Attribute} = {g.Level}", g.Level, g.Totals));
        }
        WindowDrift? drift = null;
        var noDrift = "the registration has no reference profile, so no watched feature is compared";
        if (registration.Monitors.Drift is not { } d) noDrift = "the registration has no drift monitor (psi_max), so no watched feature is judged";
        else if (registration.Reference is { } reference)
        {
            var columns = new List<WindowDriftColumn>();
            for (var i = 0; i < registration.WatchedFeatures.Count && i < reference.Features.Count; i++)
            {
                var bins0 = reference.Features[i];
                var counts = DriftMonitorEvaluator.Counts(bins, i, bins0.Shares.Count);
                long n = 0;
                foreach (var c in counts) n += c;
                columns.Add(new WindowDriftColumn(bins0.Name, n >= d.MinRows ? PopulationStability.Index(counts, bins0.Shares) : null, n));
            }
            drift = new WindowDrift(columns, d.PsiMax, Core.Drift.DatasetDrift.DefaultShareThreshold);
        }
        return new WindowEvidence(source, calibration, drift, noDrift);
    }

    private static WindowCalibration Calibration(ModelRegistration r, string subject, string? group, CellTotals t)
    {
        if (t.Matured < r.Monitors.MinRows)
            return new WindowCalibration(subject, group, null, null, null, t.Matured, $"{t.Matured} matured predictions in the settled hours, fewer than the monitor's minimum {r.Monitors.MinRows}");
        var ci = Intervals.ObservedToExpected(t.Positives, t.MaturedScoreSum, r.Monitors.Confidence);
        return new WindowCalibration(subject, group, ci is null ? null : t.Positives / t.MaturedScoreSum, ci?[0], ci?[1], t.Matured, null);
    }

    /// <summary>The policy reduced to the rules the monitor checks (and the exceptions of those rules).</summary>
    public static GatePolicy Monitored(GatePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var rules = policy.Rules.Where(r => MonitoredKinds.Contains(r.Kind)).ToList();
        return policy with { Rules = rules, Exceptions = [.. policy.Exceptions.Where(e => rules.Any(r => r.Id == e.Rule))] };
    }

    /// <summary>Labelled (matured) of all predictions in the settled hours, overall and per group, as the gate's label_completeness rule reads them.</summary>
    public static IReadOnlyList<LabelCounts> Labels(WindowSummary settled)
    {
        ArgumentNullException.ThrowIfNull(settled);
        var labels = new List<LabelCounts> { new("all rows", settled.Overall.Totals.Matured, settled.Overall.Totals.Predictions) };
        foreach (var g in settled.Groups)
            labels.Add(new LabelCounts($"{g.Attribute} = {g.Level}", g.Totals.Matured, g.Totals.Predictions));
        return labels;
    }

    private static AlertFinding Finding(ModelRegistration r, GatePolicy policy, GateCheck check, List<GateCheck> notEvaluable)
    {
        var (attribute, level) = SafeguardActivations.GroupOf(check.Subject);
        var metric = attribute is null ? $"{MetricPrefix}{check.Rule}:{check.Subject}" : MetricPrefix + check.Rule;
        var v = check.Values;
        double? Get(string key) => v.TryGetValue(key, out var x) ? x : null;
        var value = Get("gap_upper") ?? Get("gap") ?? Get("share") ?? Get("psi") ?? Get("value") ?? Get("n");
        double[]? interval = Get("gap_lower") is { } lo && Get("gap_upper") is { } hi ? [lo, hi]
            : Get("ci_low") is { } cl && Get("ci_high") is { } ch ? [cl, ch] : null;
        var rule = policy.Rules.First(x => x.Id == check.Rule);
        double? missed = rule is MaxGapRule { Metric: "fnr" } && Get("gap") is { } gap ? gap * 1000 : null;
        var message = $"Policy {policy.Name}, rule {check.Rule} ({check.Kind}) fails for {check.Subject}: {check.Evidence}"
            + (rule.Safeguard is { } s ? $". Safeguard in force: {s.Action}" : "")
            + (notEvaluable.Count == 0 ? "" : ". Not evaluable per window: " + string.Join("; ", notEvaluable.Select(c => $"{c.Rule} ({c.Kind}, {c.Subject})")));
        return Findings.Create(r, AlertKind.Policy, attribute, level, metric, value, interval, Get("bound") ?? Get("min_n"), message, missed,
            new Dictionary<string, double?>(v, StringComparer.Ordinal) { ["not_evaluable"] = notEvaluable.Count });
    }

    /// <summary>
    /// The safeguard a policy alert puts in force (its rule's safeguard, for the alert's group, until the safeguard's or the
    /// policy's re-validation date), or null when the alert is not a policy alert or its rule names none.
    /// </summary>
    public static SafeguardActivation? SafeguardOf(ModelRegistration registration, MonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Kind != AlertKind.Policy || registration.Policy is not { } registered || !alert.Metric.StartsWith(MetricPrefix, StringComparison.Ordinal)) return null;
        var policy = PolicyRegistration.Policy(registered, $"{registration.Id}@{registration.Version}");
        var tail = alert.Metric[MetricPrefix.Length..];
        var colon = tail.IndexOf(':', StringComparison.Ordinal);
        var ruleId = colon < 0 ? tail : tail[..colon];
        if (policy.Rules.FirstOrDefault(x => x.Id == ruleId) is not { Safeguard: { } s }) return null;
        var subject = alert.Attribute is null ? (colon < 0 ? "all patients" : tail[(colon + 1)..]) : $"{alert.Attribute} = {alert.Level}";
        var end = s.Until ?? policy.ReValidation;
        return new SafeguardActivation(registration.Id, registration.Version, alert.Attribute, alert.Level, subject, s.Action, ruleId,
            SafeguardActivations.AlertSource(alert.Id), end is { } d ? SafeguardActivations.EndOf(GateEvaluator.Date(d)) : null);
    }

    /// <summary>Puts the safeguard of a policy alert in force (once per alert); returns it when it is new, else null.</summary>
    public static async Task<ModelSafeguard?> ActivateSafeguardAsync(IMonitorStore store, ModelRegistration registration, MonitorAlert alert, DateTimeOffset at,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (SafeguardOf(registration, alert) is not { } activation) return null;
        var (safeguard, created) = (await store.ActivateSafeguardsAsync([activation], at, ct))[0];
        return created ? safeguard : null;
    }
}
