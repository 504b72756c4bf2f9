using System.Globalization;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Reporting.Risk;

namespace Vigil.Application.StudyPlan;

/// <summary>
/// A group of an audit with its miss-rate (FNR) gap to its attribute's reference group: gap = FNR_g − FNR_ref with
/// Newcombe's hybrid score interval from the two Wilson intervals (the interval rule of `vigil gate`,
/// docs/governance.md). Null values are undefined (no positives, or no interval in the audit).
/// </summary>
public sealed record FocusGroup(
    string Attribute, string Group, string Reference, long N, long Positives, bool SmallCell,
    double? Fnr, double? ReferenceFnr, double? Gap, double? GapLower, double? GapUpper)
{
    /// <summary>"age = &gt;=65", as the gate names a subject.</summary>
    public string Subject => $"{Attribute} = {Group}";
}

/// <summary>
/// The affected group the committee documents (vignette, study protocol, mitigation recommendation) speak about: the
/// one named (<c>attribute=group</c>, e.g. <c>age=&gt;=65</c>), else the group whose FNR gap has the largest upper
/// interval end, i.e. the largest excess miss rate the data cannot exclude (the gate's interval rule), among groups of
/// min-cell patients or more that are not their attribute's reference; ties go to the larger point gap, then the name.
/// </summary>
public static class FocusGroups
{
    /// <summary>Every non-reference group of every attribute and intersection of the audit, with its FNR gap.</summary>
    public static IReadOnlyList<FocusGroup> All(AuditDocument audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var list = new List<FocusGroup>();
        foreach (var a in audit.Attributes)
        {
            var reference = a.Groups.FirstOrDefault(g => g.Group == a.ReferenceGroup);
            foreach (var g in a.Groups)
                if (g.Group != a.ReferenceGroup) list.Add(Of(a.Name, g, a.ReferenceGroup, reference));
        }
        return list;
    }

    /// <summary>
    /// The named group (<paramref name="selector"/> "attribute=group"; its reference is the attribute's) or the default
    /// choice above; <paramref name="option"/> is the catalogue key errors name. Null when no group qualifies.
    /// </summary>
    public static FocusGroup? Choose(AuditDocument audit, string? selector, string option = "group")
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (selector is not null)
        {
            var (attribute, label) = Parse(selector, option);
            var grouping = audit.Attributes.FirstOrDefault(a => a.Name == attribute)
                ?? throw VigilException.Option(option, $"{selector}: the audit has no attribute '{attribute}'; its attributes: {string.Join(", ", audit.Attributes.Select(a => a.Name))}");
            var group = grouping.Groups.FirstOrDefault(g => g.Group == label)
                ?? throw VigilException.Option(option, $"{selector}: '{attribute}' has no group '{label}'; its groups: {string.Join(", ", grouping.Groups.Select(g => g.Group))}");
            if (label == grouping.ReferenceGroup)
                throw VigilException.Option(option, $"{selector}: '{label}' is the reference group of '{attribute}' (its gap is 0 by construction); name the reference with vigil audit {Param.Ref("reference")}");
            return Of(attribute, group, grouping.ReferenceGroup, grouping.Groups.FirstOrDefault(g => g.Group == grouping.ReferenceGroup));
        }
        return All(audit)
            .Where(f => !f.SmallCell && f.GapUpper is not null)
            .OrderByDescending(f => f.GapUpper)
            .ThenByDescending(f => f.Gap)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>"age=&gt;=65" → ("age", "&gt;=65"): split at the first '=' (group labels may hold '=', attribute names do not).</summary>
    public static (string Attribute, string Group) Parse(string selector, string option = "group")
    {
        ArgumentNullException.ThrowIfNull(selector);
        var at = selector.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || at == selector.Length - 1)
            throw VigilException.Option(option, $"'{selector}': expected attribute=group, e.g. age=>=65 or sex=F");
        return (selector[..at].Trim(), selector[(at + 1)..].Trim());
    }

    private static FocusGroup Of(string attribute, AuditGroup g, string referenceName, AuditGroup? reference)
    {
        var fnr = Metric(g, "fnr");
        var rf = reference is null ? null : Metric(reference, "fnr");
        double? gap = null, lower = null, upper = null;
        if (fnr?.Value is double p && rf?.Value is double r)
        {
            gap = p - r;
            if (fnr.Ci is [var l1, var u1] && rf.Ci is [var l2, var u2])
            {
                var d = DifferenceInterval.Newcombe(p, l1, u1, r, l2, u2);
                (lower, upper) = (d.Lower, d.Upper);
            }
        }
        return new FocusGroup(attribute, g.Group, referenceName, g.N, g.Positives, g.SmallCell, fnr?.Value, rf?.Value, gap, lower, upper);
    }

    private static MetricValue? Metric(AuditGroup g, string key) => g.Metrics.TryGetValue(key, out var m) ? m : null;

    internal static string Text(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
