using System.Globalization;
using Vigil.Core;
using Vigil.Core.DataAudit;

namespace Vigil.Application.DataAudit;

/// <summary>
/// The headline findings of a data audit in plain sentences, derived only from the result (no typed-in
/// numbers): under-representation, small cells, prevalence gaps, missingness that depends on a group,
/// imbalanced features, the strongest proxies and site differences.
/// </summary>
public static class DataAuditFindings
{
    /// <summary>The findings of <paramref name="r"/> in the order the renderers print them; <paramref name="minCell"/> is the small-cell threshold.</summary>
    public static List<string> Of(DataAuditResult r, int minCell)
    {
        var findings = new List<string>();
        foreach (var c in r.Composition.Where(c => c.Site is null && c.Reference is not null))
            foreach (var g in c.Reference!.Groups.Where(g => g.UnderRepresented))
                findings.Add($"Under-represented against {c.Reference.Source}: {c.Grouping} = {g.Group} is {P(g.Share)} of the data but {P(g.ExpectedShare)} of the reference population (ratio {F(g.RepresentationRatio, 2)}).");
        foreach (var c in r.Composition.Where(c => c.Site is null && c.Groups.Count > 1 && c.Groups.All(g => g.N > 0)))
        {
            var min = c.Groups.MinBy(g => g.N)!;
            var max = c.Groups.MaxBy(g => g.N)!;
            if (max.N >= 2 * min.N)
                findings.Add($"Imbalance: {c.Grouping} = {min.Group} has {min.N} rows ({P(min.Share)}), {c.Grouping} = {max.Group} has {max.N} ({P(max.Share)}).");
        }
        var small = r.Composition.Where(c => c.Site is null).SelectMany(c => c.Groups.Where(g => g.SmallCell).Select(g => $"{c.Grouping} = {g.Group} (n = {g.N})")).ToList();
        if (small.Count > 0) findings.Add($"Small cells (n < {minCell}): {string.Join("; ", small)}.");

        foreach (var g in r.Labels.Groupings)
        {
            var defined = g.Groups.Where(x => x.Prevalence.IsDefined).ToList();
            if (defined.Count < 2) continue;
            var lo = defined.MinBy(x => x.Prevalence.Value!.Value)!;
            var hi = defined.MaxBy(x => x.Prevalence.Value!.Value)!;
            var p = g.PrevalenceTest.PValue;
            findings.Add($"Label prevalence by {g.Grouping}: {P(lo.Prevalence.Value)} in {lo.Group} ({lo.Positives}/{lo.N - lo.MissingLabel}) to {P(hi.Prevalence.Value)} in {hi.Group} ({hi.Positives}/{hi.N - hi.MissingLabel}); χ² p = {Pv(p)}; AIF360 disparate impact {F(g.Aif360.DisparateImpact.Value, 3)} (privileged {g.Privileged}).");
        }
        var labelsMissing = r.Labels.MissingLabel;
        if (labelsMissing > 0) findings.Add($"{labelsMissing} rows have no label.");

        foreach (var m in r.Missingness.Where(m => m.Missing > 0))
        {
            var dependent = m.ByGroup.Where(t => t.PValueHolm is < 0.05).Select(t => t.Grouping).ToList();
            var sentinel = m.MissingSentinel > 0 ? $", of which {m.MissingSentinel} are declared sentinels ({string.Join(", ", m.Sentinels.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))})" : "";
            var depends = dependent.Count > 0 ? $"; missingness depends on {string.Join(", ", dependent)} (Holm-adjusted p < 0.05)" : "";
            findings.Add($"Missing {m.Column}: {m.Missing} of {m.N} ({P(m.Share!.Value)}){sentinel}{depends}.");
        }

        foreach (var d in r.Distributions)
        {
            var flagged = (d.Numeric ?? []).Where(g => g.Imbalanced).Select(g => $"{g.Group} {F(g.Smd.Value, 2)}").ToList();
            if (flagged.Count > 0) findings.Add($"{d.Feature} differs by {d.Grouping} (SMD vs {d.Reference}: {string.Join(", ", flagged)}).");
        }

        foreach (var p in r.Proxies.Where(p => p.Strength is >= 0.2).Take(5))
            findings.Add(p.Kind == "categorical"
                ? $"Possible proxy: {p.Feature} for {p.Attribute} (Cramér's V {F(p.Strength, 2)}, p = {Pv(p.PValue)})."
                : $"Possible proxy: {p.Feature} for {p.Attribute} (best one-vs-rest AUROC gives |2·AUROC − 1| = {F(p.Strength, 2)}).");

        if (r.Annotations is { } a)
        {
            findings.Add($"Annotator agreement ({a.Method.Replace('_', ' ')}): {F(a.Overall.Kappa.Value, 3)} overall; disagreement {P(a.Overall.DisagreementRate.Value)}.");
        }

        if (r.Sites is { } s)
        {
            findings.Add($"Prevalence differs between sites: {string.Join(", ", s.Sites.Select(x => $"{x.Site} {P(x.Prevalence.Value)} ({x.Positives}/{x.N - x.MissingLabel})"))}; χ² p = {Pv(s.PrevalenceTest.PValue)}.");
            foreach (var site in s.Sites)
            {
                var shifted = site.Features.Where(f => f.Shifted).Select(f => $"{f.Feature} {F(f.Smd.Value, 2)}").ToList();
                if (shifted.Count > 0) findings.Add($"Site {site.Site} vs the other sites, SMD: {string.Join(", ", shifted)}.");
            }
        }
        return findings;
    }

    /// <summary>A number with <paramref name="digits"/> decimals, or an en dash when undefined.</summary>
    public static string F(double? x, int digits) =>
        x is { } v && double.IsFinite(v) ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as a percentage with one decimal, or an en dash when undefined.</summary>
    public static string P(double? x) => x is { } v && double.IsFinite(v) ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>A p-value with three decimals ("&lt; 0.001" below), or an en dash when undefined.</summary>
    public static string Pv(double? p) =>
        p is not { } v || !double.IsFinite(v) ? "–" : v < 0.001 ? "< 0.001" : v.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A rate with its interval as percentages, or an en dash with the reason when undefined.</summary>
    public static string Ci(Metric m) =>
        m.Ci is { } ci && m.Value.HasValue ? $"{P(m.Value)} ({P(ci.Low)}–{P(ci.High)})" : m.Value.HasValue ? P(m.Value) : "– (" + m.Reason + ")";
}
