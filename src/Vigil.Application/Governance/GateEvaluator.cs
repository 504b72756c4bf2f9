using System.Globalization;
using Vigil.Contracts.Gate;

namespace Vigil.Application.Governance;

/// <summary>
/// Applies a policy to evidence: a pure function of (policy, evidence, time), so the gate runs it once per decision and the
/// monitoring service once per window. Each rule gives one check per subject (group, site, column, document set); then
/// active exceptions waive failures of their rule (and group), expired exceptions add a failing check, and every failing
/// or waived check whose rule names a safeguard puts it in force from the decision time to the safeguard's end.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Evaluates every rule of <paramref name="policy"/> on <paramref name="evidence"/> at <paramref name="now"/>.</summary>
    public static GateEvaluation Evaluate(GatePolicy policy, GateEvidence evidence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(evidence);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var checks = new List<GateCheck>();
        var uses = new List<GateExceptionUse>();
        var safeguards = new List<GateSafeguard>();
        var waivedBy = new Dictionary<ExceptionGrant, int>();

        foreach (var rule in policy.Rules)
        {
            var ruleChecks = Checks(rule, evidence);
            var exceptions = policy.Exceptions.Where(e => e.Rule == rule.Id).ToList();
            foreach (var (check, group) in ruleChecks)
            {
                var final = check;
                if (check.Status == GateStatus.Fail)
                {
                    var waiver = exceptions.FirstOrDefault(e => e.Until >= today && (e.Group is null || e.Group == group));
                    if (waiver is not null)
                    {
                        waivedBy[waiver] = waivedBy.GetValueOrDefault(waiver) + 1;
                        final = check with
                        {
                            Status = GateStatus.Waived,
                            Exception = $"granted by {waiver.GrantedBy} until {Date(waiver.Until)}: {waiver.Reason}",
                        };
                    }
                }
                if (rule.Safeguard is { } s && final.Status is GateStatus.Fail or GateStatus.Waived)
                {
                    var end = s.Until ?? policy.ReValidation;
                    final = final with { Safeguard = s.Action };
                    safeguards.Add(new GateSafeguard(rule.Id, final.Subject, s.Action, now, end is { } d ? Date(d) : "re-validation"));
                }
                checks.Add(final);
            }
        }

        foreach (var e in policy.Exceptions)
        {
            var active = e.Until >= today;
            uses.Add(new GateExceptionUse(e.Rule, e.Group, e.GrantedBy, e.Reason, Date(e.Until), active ? "active" : "expired", waivedBy.GetValueOrDefault(e)));
            if (!active)
            {
                var scope = e.Group is null ? e.Rule : $"{e.Rule} ({e.Group})";
                checks.Add(new GateCheck(e.Rule, PolicyKinds.Exception, $"exception for {scope}", GateStatus.Fail,
                    $"the exception granted by {e.GrantedBy} ({e.Reason}) expired on {Date(e.Until)} (decided {Date(today)}); it waives nothing: renew it or remove it from the policy (line {e.Line})",
                    null, new Dictionary<string, double?>()));
            }
        }
        return new GateEvaluation(checks, uses, safeguards, now);
    }

    private static IReadOnlyList<(GateCheck Check, string? Group)> Checks(PolicyRule rule, GateEvidence evidence) => rule switch
    {
        BreakdownRule r => AuditRuleChecks.Breakdown(r, evidence),
        MinGroupSizeRule r => AuditRuleChecks.MinGroupSize(r, evidence),
        MaxGapRule r => AuditRuleChecks.MaxGap(r, evidence),
        CalibrationRule r => EvidenceRuleChecks.Calibration(r, evidence),
        DriftRule r => EvidenceRuleChecks.Drift(r, evidence),
        LabelCompletenessRule r => EvidenceRuleChecks.LabelCompleteness(r, evidence),
        DocumentsRule r => EvidenceRuleChecks.Documents(r, evidence),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "unknown rule kind"),
    };

    /// <summary>A date as the policy and the decision record write it (yyyy-MM-dd).</summary>
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A number for evidence text: three decimals, or "undefined".</summary>
    internal static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";

    /// <summary>A bound as the policy wrote it.</summary>
    internal static string B(double v) => v.ToString(CultureInfo.InvariantCulture);
}
