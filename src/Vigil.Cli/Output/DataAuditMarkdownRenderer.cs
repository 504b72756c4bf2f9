using System.Text;
using Vigil.Core.DataAudit;
using static Vigil.Application.DataAudit.DataAuditFindings;

namespace Vigil.Cli.Output;

/// <summary>Renders a data audit as Markdown: findings first, then one table per section.</summary>
public static class DataAuditMarkdownRenderer
{
    public static string Render(DataAuditResult r, DataAuditInfo info)
    {
        var sb = new StringBuilder();
        var input = r.Input;
        sb.AppendLine($"# {info.Title}");
        sb.AppendLine();
        sb.AppendLine($"{input.Rows} rows from {string.Join(", ", info.Files.Select(f => $"`{Path.GetFileName(f)}`"))}. Label: `{input.PositiveRule}` is positive. " +
                      $"Protected: {string.Join(", ", input.Protected.Select(p => $"`{p.Name}`"))}. " +
                      $"Features: {input.NumericFeatures.Count} numeric, {input.CategoricalFeatures.Count} categorical.");
        sb.AppendLine();
        sb.AppendLine("## Findings");
        sb.AppendLine();
        foreach (var f in Of(r, info.MinCell)) sb.AppendLine($"- {f}");
        sb.AppendLine();

        sb.AppendLine("## Composition");
        sb.AppendLine();
        foreach (var c in r.Composition.Where(c => c.Site is null))
        {
            sb.AppendLine($"**{c.Grouping}**");
            sb.AppendLine();
            sb.AppendLine("| group | n | share | with label positive |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var g in c.Groups) sb.AppendLine($"| {g.Group}{(g.SmallCell ? " (small cell)" : "")} | {g.N} | {P(g.Share)} | {g.Positives} |");
            sb.AppendLine();
            if (c.Reference is { } reference)
            {
                sb.AppendLine($"Against {reference.Source}: χ² = {F(reference.ChiSquare, 2)}, df = {reference.DegreesOfFreedom}, p = {Pv(reference.PValue)}.");
                sb.AppendLine();
                sb.AppendLine("| group | share in data | expected share | representation ratio |");
                sb.AppendLine("|---|---:|---:|---:|");
                foreach (var g in reference.Groups)
                    sb.AppendLine($"| {g.Group} | {P(g.Share)} | {P(g.ExpectedShare)} | {F(g.RepresentationRatio, 2)}{(g.UnderRepresented ? " under-represented" : "")} |");
                sb.AppendLine();
            }
        }
        var bySite = r.Composition.Where(c => c.Site is not null && r.Groupings.Any(g => g.Name == c.Grouping && g.Attributes.Count == 1)).ToList();
        if (bySite.Count > 0)
        {
            sb.AppendLine("**By site** (n and share within the site)");
            sb.AppendLine();
            foreach (var grouping in bySite.Select(c => c.Grouping).Distinct())
            {
                var sites = bySite.Where(c => c.Grouping == grouping).ToList();
                var groups = sites[0].Groups.Select(g => g.Group).ToList();
                sb.AppendLine($"| site | {string.Join(" | ", groups.Select(g => $"{grouping} = {g}"))} |");
                sb.AppendLine($"|---|{string.Concat(groups.Select(_ => "---:|"))}");
                foreach (var siteRow in sites)
                    sb.AppendLine($"| {siteRow.Site} | {string.Join(" | ", siteRow.Groups.Select(g => $"{g.N} ({P(g.Share)})"))} |");
                sb.AppendLine();
            }
        }

        sb.AppendLine("## Labels");
        sb.AppendLine();
        sb.AppendLine($"Overall prevalence {Ci(r.Labels.Prevalence)} ({r.Labels.Positives} of {r.Labels.N - r.Labels.MissingLabel} labelled; {r.Labels.MissingLabel} missing).");
        sb.AppendLine();
        foreach (var g in r.Labels.Groupings)
        {
            sb.AppendLine($"**{g.Grouping}** — privileged: {g.Privileged}; AIF360 statistical parity difference {F(g.Aif360.StatisticalParityDifference.Value, 4)}, disparate impact {F(g.Aif360.DisparateImpact.Value, 4)}; χ² p = {Pv(g.PrevalenceTest.PValue)}");
            sb.AppendLine();
            sb.AppendLine("| group | n | positives | missing label | prevalence (95% Wilson CI) |");
            sb.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var x in g.Groups) sb.AppendLine($"| {x.Group} | {x.N} | {x.Positives} | {x.MissingLabel} | {Ci(x.Prevalence)} |");
            sb.AppendLine();
        }
        var c5 = r.Labels;
        sb.AppendLine($"Consistency (k = {info.Neighbours}, AIF360; features {string.Join(", ", c5.ConsistencyFeatures)}; {c5.Consistency.Rows} rows with every feature): " +
                      $"raw {F(c5.Consistency.Value.Value, 4)} ({c5.Consistency.Method}), standardized {F(c5.ConsistencyStandardized.Value.Value, 4)}.");
        sb.AppendLine();

        sb.AppendLine("## Missingness");
        sb.AppendLine();
        // Single attributes and, with several sites, the site (intersections are in the JSON).
        var singles = r.Groupings.Where(g => g.Attributes.Count == 1).Select(g => g.Name).ToList();
        if (r.Input.Site is { } siteColumn && r.Missingness.Count > 0) singles.Add(siteColumn.Name);
        sb.AppendLine($"| column | missing | of which sentinel | {string.Join(" | ", singles.Select(s => $"by {s} (Holm p)"))} |");
        sb.AppendLine($"|---|---:|---:|{string.Concat(singles.Select(_ => "---|"))}");
        foreach (var m in r.Missingness)
        {
            var cells = singles.Select(s =>
            {
                var t = m.ByGroup.First(t => t.Grouping == s);
                return string.Join(", ", t.Groups.Select(g => $"{g.Group} {g.Missing}/{g.N}")) + $" ({Pv(t.PValueHolm)})";
            });
            sb.AppendLine($"| {m.Column} | {m.Missing} ({P(m.Share!.Value)}) | {m.MissingSentinel} | {string.Join(" | ", cells)} |");
        }
        sb.AppendLine();

        sb.AppendLine("## Feature distributions");
        sb.AppendLine();
        foreach (var d in r.Distributions.Where(d => d.Kind == "numeric"))
        {
            sb.AppendLine($"**{d.Feature}** by {d.Grouping} (SMD vs {d.Reference}; |SMD| > 0.1 flagged)");
            sb.AppendLine();
            sb.AppendLine("| group | present | mean | sd | median | IQR | SMD |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var g in d.Numeric!)
                sb.AppendLine($"| {g.Group} | {g.Summary.N} | {F(g.Summary.Mean, 2)} | {F(g.Summary.Sd, 2)} | {F(g.Summary.Median, 2)} | {F(g.Summary.Q1, 2)}–{F(g.Summary.Q3, 2)} | {F(g.Smd.Value, 3)}{(g.Imbalanced ? " ⚑" : "")} |");
            sb.AppendLine();
        }
        foreach (var d in r.Distributions.Where(d => d.Kind == "categorical"))
        {
            var levels = d.Categorical![0].Levels.Select(l => l.Level).ToList();
            sb.AppendLine($"**{d.Feature}** by {d.Grouping} (share of present values)");
            sb.AppendLine();
            sb.AppendLine($"| group | present | {string.Join(" | ", levels)} |");
            sb.AppendLine($"|---|---:|{string.Concat(levels.Select(_ => "---:|"))}");
            foreach (var g in d.Categorical!)
                sb.AppendLine($"| {g.Group}{(g.Imbalanced ? " ⚑" : "")} | {g.N} | {string.Join(" | ", g.Levels.Select(l => P(l.Share)))} |");
            sb.AppendLine();
        }

        sb.AppendLine("## Proxies (strongest first)");
        sb.AppendLine();
        sb.AppendLine("| feature | attribute | measure | strength | detail |");
        sb.AppendLine("|---|---|---|---:|---|");
        foreach (var p in r.Proxies)
        {
            var detail = p.Kind == "categorical"
                ? $"V = {F(p.CramersV, 3)}, p = {Pv(p.PValue)}"
                : string.Join(", ", (p.GroupAuroc ?? []).Select(a => $"AUROC({a.Group}) = {F(a.Auroc, 3)}"));
            sb.AppendLine($"| {p.Feature} | {p.Attribute} | {(p.Kind == "categorical" ? "Cramér's V" : "|2·AUROC − 1|")} | {F(p.Strength, 3)} | {detail} |");
        }
        sb.AppendLine();

        if (r.Annotations is { } a)
        {
            sb.AppendLine($"## Label quality ({string.Join(", ", a.Annotators)}; {a.Method.Replace('_', ' ')})");
            sb.AppendLine();
            sb.AppendLine("| grouping | group | items | disagreement (95% CI) | kappa |");
            sb.AppendLine("|---|---|---:|---:|---:|");
            sb.AppendLine($"| all | all | {a.Overall.N} | {Ci(a.Overall.DisagreementRate)} | {F(a.Overall.Kappa.Value, 3)} |");
            foreach (var (grouping, groups) in a.ByGroup)
                foreach (var g in groups) sb.AppendLine($"| {grouping} | {g.Group} | {g.N} | {Ci(g.DisagreementRate)} | {F(g.Kappa.Value, 3)} |");
            sb.AppendLine();
        }

        if (r.Sites is { } s)
        {
            sb.AppendLine("## Sites");
            sb.AppendLine();
            sb.AppendLine($"Prevalence is the same at every site? χ² = {F(s.PrevalenceTest.ChiSquare, 2)}, df = {s.PrevalenceTest.DegreesOfFreedom}, p = {Pv(s.PrevalenceTest.PValue)}.");
            sb.AppendLine();
            var features = s.Sites[0].Features.Select(f => f.Feature).ToList();
            sb.AppendLine($"| site | n | positives | prevalence (95% CI) | {string.Join(" | ", features.Select(f => $"{f} SMD (missing)"))} |");
            sb.AppendLine($"|---|---:|---:|---:|{string.Concat(features.Select(_ => "---:|"))}");
            foreach (var site in s.Sites)
                sb.AppendLine($"| {site.Site} | {site.N} | {site.Positives} | {Ci(site.Prevalence)} | {string.Join(" | ", site.Features.Select(f => $"{F(f.Smd.Value, 2)}{(f.Shifted ? " ⚑" : "")} ({P(f.MissingShare)})"))} |");
            sb.AppendLine();
            sb.AppendLine("SMD of each site against all other sites pooled; ⚑ marks |SMD| > 0.1.");
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
