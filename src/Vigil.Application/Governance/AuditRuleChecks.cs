using System.Globalization;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Contracts.Gate;
using Vigil.Reporting.Risk;
using static Vigil.Application.Governance.GateEvaluator;

namespace Vigil.Application.Governance;

/// <summary>
/// The rules checked on the audit (vigil.audit/v2): breakdowns, group sizes and gaps. A group is selected by its label
/// ("&gt;=65") or, in an intersection, by any of its values ("&gt;=65" selects F*&gt;=65 and M*&gt;=65). Nothing is
/// suppressed here: a small group is checked like any other, and an undefined metric or a missing interval fails (the
/// evidence must show the bound holds).
/// </summary>
internal static class AuditRuleChecks
{
    public static IReadOnlyList<(GateCheck, string?)> Breakdown(BreakdownRule r, GateEvidence e)
    {
        var grouping = Grouping(e.Audit, r.Attribute);
        if (grouping is null) return [Missing(r, r.Attribute, e)];
        var checks = new List<(GateCheck, string?)>();
        var selectors = r.Groups.Count == 0 ? grouping.Groups.Select(g => g.Group).ToList() : r.Groups;
        foreach (var selector in selectors)
        {
            var groups = Select(grouping, selector);
            if (groups.Count == 0)
            {
                checks.Add((Check(r, $"{r.Attribute} = {selector}", GateStatus.Fail,
                    $"no group {selector} in the audit's {r.Attribute} breakdown (groups: {string.Join(", ", grouping.Groups.Select(g => g.Group))}); re-run vigil audit with the bands or values that form it",
                    e.AuditSource, []), selector));
                continue;
            }
            foreach (var g in groups)
            {
                var undefined = r.Metrics.Where(m => !g.Metrics.TryGetValue(m, out var v) || v.Value is null).ToList();
                var values = new Dictionary<string, double?> { ["n"] = g.N, ["positives"] = g.Positives };
                foreach (var m in r.Metrics) values[m] = g.Metrics.TryGetValue(m, out var v) ? v.Value : null;
                var shown = string.Join(", ", r.Metrics.Select(m => $"{m} {Shown(g.Metrics.GetValueOrDefault(m))}"));
                checks.Add(undefined.Count == 0
                    ? (Check(r, Subject(r.Attribute, g), GateStatus.Pass, $"broken down: {shown} (n {g.N}, {g.Positives} positive)", e.AuditSource, values), selector)
                    : (Check(r, Subject(r.Attribute, g), GateStatus.Fail,
                        $"undefined for this group: {string.Join(", ", undefined.Select(m => $"{m} ({g.Metrics.GetValueOrDefault(m)?.Reason ?? "not in the audit"})"))} (n {g.N}, {g.Positives} positive)",
                        e.AuditSource, values), selector));
            }
        }
        return checks;
    }

    public static IReadOnlyList<(GateCheck, string?)> MinGroupSize(MinGroupSizeRule r, GateEvidence e)
    {
        var grouping = Grouping(e.Audit, r.Attribute);
        if (grouping is null) return [Missing(r, r.Attribute, e)];
        var checks = new List<(GateCheck, string?)>();
        var selected = Selected(grouping, r.Groups, out var absent);
        foreach (var (selector, g) in selected)
        {
            var failures = new List<string>();
            if (r.MinN is { } n && g.N < n) failures.Add($"{g.N} rows < {n}");
            if (r.MinPositives is { } p && g.Positives < p) failures.Add($"{g.Positives} positives < {p}");
            var values = new Dictionary<string, double?> { ["n"] = g.N, ["positives"] = g.Positives, ["min_n"] = r.MinN, ["min_positives"] = r.MinPositives };
            var bound = string.Join(", ", new[] { r.MinN is { } a ? $"min_n {a}" : null, r.MinPositives is { } b ? $"min_positives {b}" : null }.OfType<string>());
            checks.Add(failures.Count == 0
                ? (Check(r, Subject(r.Attribute, g), GateStatus.Pass, $"{g.N} rows, {g.Positives} positive ({bound})", e.AuditSource, values), selector)
                : (Check(r, Subject(r.Attribute, g), GateStatus.Fail, $"too small: {string.Join(", ", failures)}", e.AuditSource, values), selector));
        }
        checks.AddRange(absent.Select(s => Absent(r, grouping, s, e)));
        return checks;
    }

    /// <summary>
    /// The harm gap of each selected group against the reference group: for a rate where higher harms (FNR)
    /// gap = group − reference, where lower harms (sensitivity) gap = reference − group, for selection rate |group − reference|.
    /// With the interval test the bound applies to the upper end of Newcombe's hybrid score interval of the difference,
    /// built from the two groups' Wilson intervals in the audit (at the audit's confidence level).
    /// </summary>
    public static IReadOnlyList<(GateCheck, string?)> MaxGap(MaxGapRule r, GateEvidence e)
    {
        var grouping = Grouping(e.Audit, r.Attribute);
        if (grouping is null) return [Missing(r, r.Attribute, e)];
        var referenceLabel = r.Reference ?? grouping.ReferenceGroup;
        var reference = grouping.Groups.FirstOrDefault(g => g.Group == referenceLabel);
        if (reference is null)
        {
            return [(Check(r, $"{r.Attribute} reference {referenceLabel}", GateStatus.Fail,
                $"the reference group {referenceLabel} is not in the audit's {r.Attribute} breakdown (groups: {string.Join(", ", grouping.Groups.Select(g => g.Group))})",
                e.AuditSource, []), null)];
        }
        var direction = GapMetrics.Directions[r.Metric];
        var level = e.Audit.Settings.Confidence.ToString("0.##%", CultureInfo.InvariantCulture);
        var checks = new List<(GateCheck, string?)>();
        var selected = Selected(grouping, r.Groups, out var absent);
        foreach (var (selector, g) in selected)
        {
            if (g.Group != reference.Group)
            {
                checks.Add((Gap(r, g, reference, direction, level, e), selector));
            }
            else if (r.Groups.Count > 0)
            {
                // A group the policy names is the reference itself: its gap is 0 by construction, which shows nothing.
                checks.Add((Check(r, Subject(r.Attribute, g), GateStatus.Fail,
                    $"{g.Group} is the reference group of the {r.Attribute} breakdown, so its gap to the reference is 0 by construction and shows nothing; " +
                    $"name another reference in the policy (reference:) or re-run vigil audit with --reference {grouping.Name}=...",
                    e.AuditSource, new Dictionary<string, double?> { ["n"] = g.N, ["positives"] = g.Positives, ["bound"] = r.Max }), selector));
            }
        }
        checks.AddRange(absent.Select(s => Absent(r, grouping, s, e)));
        return checks;
    }

    private static GateCheck Gap(MaxGapRule r, AuditGroup g, AuditGroup reference, HarmDirection direction, string level, GateEvidence e)
    {
        var subject = Subject(r.Attribute, g);
        var mg = g.Metrics.GetValueOrDefault(r.Metric);
        var mr = reference.Metrics.GetValueOrDefault(r.Metric);
        var values = new Dictionary<string, double?>
        {
            ["value"] = mg?.Value, ["ci_low"] = Low(mg), ["ci_high"] = High(mg), ["n"] = g.N, ["positives"] = g.Positives,
            ["reference_value"] = mr?.Value, ["reference_ci_low"] = Low(mr), ["reference_ci_high"] = High(mr), ["reference_n"] = reference.N,
            ["bound"] = r.Max,
        };
        var about = $"{r.Metric} {Shown(mg)} (n {g.N}, {g.Positives} positive) vs reference {reference.Group} {Shown(mr)}";
        if (mg?.Value is not { } pg || mr?.Value is not { } pr)
            return Check(r, subject, GateStatus.Fail, $"{about}: the gap is undefined ({mg?.Reason ?? mr?.Reason ?? "metric not in the audit"}), so the bound cannot be shown to hold", e.AuditSource, values);

        var gap = direction switch
        {
            HarmDirection.HigherIsWorse => pg - pr,
            HarmDirection.LowerIsWorse => pr - pg,
            _ => Math.Abs(pg - pr),
        };
        values["gap"] = gap;
        if (r.Test == GapTest.Point)
        {
            var ok = gap <= r.Max;
            return Check(r, subject, ok ? GateStatus.Pass : GateStatus.Fail,
                $"{about}: harm gap {F(gap)} {(ok ? "<=" : ">")} {B(r.Max)} (point estimate)", e.AuditSource, values);
        }
        if (mg.Ci is not [var lg, var ug] || mr.Ci is not [var lr, var ur])
            return Check(r, subject, GateStatus.Fail, $"{about}: harm gap {F(gap)} but no interval in the audit, so its upper bound cannot be shown to be <= {B(r.Max)}", e.AuditSource, values);

        // Newcombe's interval of (harmed side − other side); for "either" the larger of both directions' upper ends bounds |gap|.
        var (lower, upper) = direction switch
        {
            HarmDirection.HigherIsWorse => Bounds(DifferenceInterval.Newcombe(pg, lg, ug, pr, lr, ur)),
            HarmDirection.LowerIsWorse => Bounds(DifferenceInterval.Newcombe(pr, lr, ur, pg, lg, ug)),
            _ => Either(DifferenceInterval.Newcombe(pg, lg, ug, pr, lr, ur)),
        };
        values["gap_lower"] = lower;
        values["gap_upper"] = upper;
        var pass = upper <= r.Max;
        return Check(r, subject, pass ? GateStatus.Pass : GateStatus.Fail,
            $"{about}: harm gap {F(gap)}, {level} interval {F(lower)} to {F(upper)}; upper bound {F(upper)} {(pass ? "<=" : ">")} {B(r.Max)}", e.AuditSource, values);
    }

    private static (double Lower, double Upper) Bounds((double Difference, double Lower, double Upper) d) => (d.Lower, d.Upper);

    private static (double Lower, double Upper) Either((double Difference, double Lower, double Upper) d) =>
        (d.Lower <= 0 && d.Upper >= 0 ? 0 : Math.Min(Math.Abs(d.Lower), Math.Abs(d.Upper)), Math.Max(Math.Abs(d.Lower), Math.Abs(d.Upper)));

    /// <summary>The audit's breakdown named <paramref name="attribute"/> ("age", "sex*age"), or null.</summary>
    internal static AuditGrouping? Grouping(AuditDocument audit, string attribute) =>
        audit.Attributes.FirstOrDefault(a => a.Name == attribute);

    /// <summary>Groups matching a selector: by label, or in an intersection by one of the values.</summary>
    internal static List<AuditGroup> Select(AuditGrouping grouping, string selector)
    {
        var exact = grouping.Groups.Where(g => g.Group == selector).ToList();
        if (exact.Count > 0 || grouping.Columns.Count < 2) return exact;
        return grouping.Groups.Where(g => g.Values.Values.Contains(selector)).ToList();
    }

    private static List<(string? Selector, AuditGroup Group)> Selected(AuditGrouping grouping, IReadOnlyList<string> selectors, out List<string> absent)
    {
        absent = [];
        if (selectors.Count == 0) return grouping.Groups.Select(g => ((string?)g.Group, g)).ToList();
        var result = new List<(string?, AuditGroup)>();
        foreach (var s in selectors)
        {
            var groups = Select(grouping, s);
            if (groups.Count == 0) absent.Add(s);
            result.AddRange(groups.Where(g => result.All(x => x.Item2.Group != g.Group)).Select(g => ((string?)s, g)));
        }
        return result;
    }

    private static (GateCheck, string?) Absent(PolicyRule r, AuditGrouping grouping, string selector, GateEvidence e) =>
        (Check(r, $"{grouping.Name} = {selector}", GateStatus.Fail,
            $"no group {selector} in the audit's {grouping.Name} breakdown (groups: {string.Join(", ", grouping.Groups.Select(g => g.Group))}), so the rule cannot be shown to hold for it",
            e.AuditSource, []), selector);

    private static (GateCheck, string?) Missing(PolicyRule r, string attribute, GateEvidence e) =>
        (Check(r, attribute, GateStatus.Fail,
            $"the audit has no breakdown by {attribute} (it has: {string.Join(", ", e.Audit.Attributes.Select(a => a.Name))}); re-run vigil audit with --protected, --bands and --intersections that form it",
            e.AuditSource, []), null);

    private static string Subject(string attribute, AuditGroup g) => $"{attribute} = {g.Group}";

    internal static GateCheck Check(PolicyRule r, string subject, string status, string evidence, string? source, Dictionary<string, double?> values) =>
        new(r.Id, r.Kind, subject, status, source is null ? evidence : $"{evidence} ({source})", source, values);

    private static double? Low(MetricValue? m) => m?.Ci is [var lo, _] ? lo : null;

    private static double? High(MetricValue? m) => m?.Ci is [_, var hi] ? hi : null;

    /// <summary>"0.150 (0.052-0.360)", or "undefined (reason)".</summary>
    internal static string Shown(MetricValue? m) => m switch
    {
        null => "not in the audit",
        { Value: null } => $"undefined ({m.Reason})",
        { Ci: [var lo, var hi] } => $"{F(m.Value)} ({F(lo)}-{F(hi)})",
        _ => F(m.Value),
    };
}
