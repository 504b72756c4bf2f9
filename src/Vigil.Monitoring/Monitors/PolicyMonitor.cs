using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Safeguards;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// The model's governance policy (<see cref="ModelRegistration.Policy"/>) checked on every evaluation window by the same
/// rule code as `vigil gate` (<see cref="GateEvaluator"/>), on the window's evidence: the audit of the period's matured
/// predictions (<see cref="PeriodAudit"/>, the batch audit's engine) for breakdown, min_group_size and max_gap rules (the
/// upper end of the Newcombe interval of the gap, as the gate), and the window's label completeness for
/// label_completeness rules. A failing check raises an alert of kind <see cref="AlertKind.Policy"/> with the check's
/// numbers as evidence; when its rule names a safeguard, <see cref="ActivateSafeguardAsync"/> puts it in force for the group.
/// <para>
/// Label completeness per window: labelled = matured predictions, total = every prediction of the settled hours
/// (hour start + 1 h + outcome window + label delay ≤ now), overall ("all rows") and per group: a censored prediction
/// (follow-up ended without the outcome) has no label. Calibration, drift and documents rules need evidence the
/// window does not hold in their contracts (a validation, a drift result, a card): the monitor leaves them to the gate
/// (calibration and drift are watched by their own monitors). A window with fewer matured predictions than MinRows is
/// not judged (no audit of a handful of rows).
/// </para>
/// </summary>
public static class PolicyMonitor
{
    /// <summary>The rule kinds the monitor checks per window.</summary>
    public static readonly IReadOnlyList<string> MonitoredKinds =
        [PolicyKinds.Breakdown, PolicyKinds.MinGroupSize, PolicyKinds.MaxGap, PolicyKinds.LabelCompleteness];

    private const string MetricPrefix = "policy:";

    /// <summary>Adds a finding per failing check of the registration's policy on the window (nothing without a policy).</summary>
    public static void Evaluate(ModelRegistration registration, WindowSummary settled, IReadOnlyList<MaturedRow> maturedRows, long nowMs, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(maturedRows);
        ArgumentNullException.ThrowIfNull(findings);
        if (registration.Policy is not { } registered || maturedRows.Count < Math.Max(1, registration.Monitors.MinRows)) return;
        var name = $"{registration.Id}@{registration.Version}";
        var policy = Monitored(PolicyRegistration.Policy(registered, name));
        if (policy.Rules.Count == 0) return;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var source = $"monitor:{name} window to {now:yyyy-MM-ddTHH:mmZ}";
        var audit = PeriodAudit.Run(registration, maturedRows, source).Document;
        var evidence = new GateEvidence(audit, source) { Labels = Labels(settled), LabelsSource = source + " (settled hours)" };
        var evaluation = GateEvaluator.Evaluate(policy, evidence, now);
        foreach (var check in evaluation.Checks)
            if (check.Status == GateStatus.Fail) findings.Add(Finding(registration, policy, check));
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

    private static AlertFinding Finding(ModelRegistration r, GatePolicy policy, GateCheck check)
    {
        var (attribute, level) = SafeguardActivations.GroupOf(check.Subject);
        var metric = attribute is null ? $"{MetricPrefix}{check.Rule}:{check.Subject}" : MetricPrefix + check.Rule;
        var v = check.Values;
        double? Get(string key) => v.TryGetValue(key, out var x) ? x : null;
        var value = Get("gap_upper") ?? Get("gap") ?? Get("share") ?? Get("value") ?? Get("n");
        double[]? interval = Get("gap_lower") is { } lo && Get("gap_upper") is { } hi ? [lo, hi]
            : Get("ci_low") is { } cl && Get("ci_high") is { } ch ? [cl, ch] : null;
        var rule = policy.Rules.First(x => x.Id == check.Rule);
        double? missed = rule is MaxGapRule { Metric: "fnr" } && Get("gap") is { } gap ? gap * 1000 : null;
        var message = $"Policy {policy.Name}, rule {check.Rule} ({check.Kind}) fails for {check.Subject}: {check.Evidence}"
            + (rule.Safeguard is { } s ? $". Safeguard in force: {s.Action}" : "");
        return Findings.Create(r, AlertKind.Policy, attribute, level, metric, value, interval, Get("bound") ?? Get("min_n"), message, missed,
            new Dictionary<string, double?>(v, StringComparer.Ordinal));
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
