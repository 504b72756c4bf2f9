using System.Globalization;
using Vigil.Application.Governance;
using Vigil.Application.StudyPlan;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Mitigation;
using Vigil.Core;

namespace Vigil.Application.Mitigation;

/// <summary>
/// The failing rule a recommendation addresses, in this order: the first failing max_gap check of a gate decision
/// (vigil.gate/v1; the rule's metric, reference and bound are read from the policy file the decision names, found as
/// given or next to the gate file), else the audit's affected group (<see cref="FocusGroups.Choose"/>: the group named
/// by --group, else the largest upper bound of the FNR gap's interval), else the group named by --group alone (metric
/// fnr, reference: the mitigation's).
/// </summary>
internal static class RecommendationRuleSource
{
    public static RecommendationRule Resolve(string? gateFile, string? auditFile, string? group)
    {
        if (gateFile is not null) return FromGate(gateFile);
        if (auditFile is not null)
        {
            var audit = AuditContract.Read(auditFile);
            var f = FocusGroups.Choose(audit, group)
                ?? throw VigilException.BadData($"{auditFile}: no group has a defined FNR gap with an interval and enough patients; name one with {Param.Ref("group")} attribute=group");
            var evidence = f.Gap is double g && f.GapUpper is double u
                ? $"{Path.GetFileName(auditFile)}: FNR gap of {f.Subject} to {f.Reference} {Signed(g)} (upper end of its interval {Signed(u)})"
                : $"{Path.GetFileName(auditFile)}: {f.Subject} against {f.Reference}";
            return new RecommendationRule("audit", null, f.Attribute, f.Group, f.Reference, "fnr", null, evidence);
        }
        if (group is null)
            throw VigilException.Option("recommend", $"needs the failing rule: give {Param.Ref("gate")} gate.json, {Param.Ref("audit")} audit.json or {Param.Ref("group")} attribute=group");
        var (attribute, label) = FocusGroups.Parse(group);
        return new RecommendationRule("group", null, attribute, label, "", "fnr", null, $"--group {group}");
    }

    private static RecommendationRule FromGate(string gateFile)
    {
        var gate = GateContract.Read(gateFile);
        var check = gate.Checks.FirstOrDefault(c => c.Kind == "max_gap" && c.Status == "fail")
            ?? throw VigilException.BadData($"{gateFile}: no failing max_gap check; nothing to recommend a mitigation for");
        var policyPath = File.Exists(gate.Policy.Path)
            ? gate.Policy.Path
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(gateFile)) ?? ".", Path.GetFileName(gate.Policy.Path));
        if (!File.Exists(policyPath))
            throw VigilException.BadData($"{gateFile}: the policy it names, {gate.Policy.Path}, is not there (nor next to the gate file); the rule's metric is read from it");
        var policy = PolicyReader.ReadFile(policyPath);
        var rule = policy.Rules.OfType<MaxGapRule>().FirstOrDefault(r => r.Id == check.Rule)
            ?? throw VigilException.BadData($"{policyPath}: no max_gap rule '{check.Rule}' (the gate file {gateFile} names it); was the policy edited?");
        var at = check.Subject.IndexOf(" = ", StringComparison.Ordinal);
        if (at <= 0) throw VigilException.BadData($"{gateFile}: check '{check.Rule}' has subject '{check.Subject}', expected 'attribute = group'");
        var group = check.Subject[(at + 3)..];
        var reference = rule.Reference ?? "";
        return new RecommendationRule("gate", rule.Id, rule.Attribute, group, reference, rule.Metric, rule.Max, check.Evidence);
    }

    private static string Signed(double d) => d.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
