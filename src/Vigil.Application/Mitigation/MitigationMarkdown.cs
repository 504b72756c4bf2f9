using System.Globalization;
using System.Text;
using Vigil.Core;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;

namespace Vigil.Application.Mitigation;

/// <summary>mitigation.md: the before/after table per group (small cells suppressed), the disparities, the safety flags, the sweep.</summary>
internal static class MitigationMarkdown
{
    private static string F(double? v, string format = "0.000") => v is double x ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string M(Metric m) =>
        m.Value is double v
            ? v.ToString("0.000", CultureInfo.InvariantCulture) + (m.Ci is { } ci ? $" ({F(ci.Low)}–{F(ci.High)})" : "")
            : "–";

    private static string Pair(Metric b, Metric? a) => $"{F(b.Value)} → {F(a?.Value)}";

    public static string Render(MitigationResult r, MitigateOptions options, string? chart)
    {
        var sb = new StringBuilder();
        var minCell = options.MinCell;
        sb.Append(CultureInfo.InvariantCulture, $"# Mitigation: {r.Method.Name} ({r.Method.Stage})\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Data `{Path.GetFileName(options.Data)}`, label `{options.Label}`, protected `{string.Join("*", options.Protected)}`; ");
        sb.Append(CultureInfo.InvariantCulture, $"fitted on {r.TrainRows} training rows, evaluated on {r.TestRows} held-out rows (stratified by group × label). ");
        sb.Append(CultureInfo.InvariantCulture, $"Model before: {r.ScoreSource}. Reference: {r.Method.Reference}.\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Targeted disparity ({r.Targeted.Name})**: {M(r.Targeted.Before)} before, {M(r.Targeted.After)} after; ");
        sb.Append(CultureInfo.InvariantCulture, $"change {M(r.Targeted.Change)} (95% paired bootstrap intervals, {r.Targeted.Replicates} resamples).\n\n");
        sb.Append("| Group | n | Accuracy | Balanced accuracy | AUROC | Sensitivity | Specificity | Selection rate |\n");
        sb.Append("|---|---:|---|---|---|---|---|---|\n");
        var groups = new List<(GroupPerformance B, GroupPerformance? A)> { (r.Before.Overall, r.After.Overall) };
        groups.AddRange(r.Before.ByGroup.Select(b => (b, r.After.Group(b.Group))));
        var suppressed = 0;
        foreach (var (b, a) in groups)
        {
            if (b.N < minCell)
            {
                // A count of 1-10 and rates computed from it are not published (CMS small-cell rule).
                sb.Append(CultureInfo.InvariantCulture, $"| {b.Group} | <{minCell} | suppressed | suppressed | suppressed | suppressed | suppressed | suppressed |\n");
                suppressed++;
                continue;
            }
            sb.Append(CultureInfo.InvariantCulture, $"| {b.Group} | {b.N} | {Pair(b.Accuracy, a?.Accuracy)} | {Pair(b.BalancedAccuracy, a?.BalancedAccuracy)} | ");
            sb.Append(CultureInfo.InvariantCulture, $"{Pair(b.Auroc, a?.Auroc)} | {Pair(b.Sensitivity, a?.Sensitivity)} | {Pair(b.Specificity, a?.Specificity)} | ");
            sb.Append(CultureInfo.InvariantCulture, $"{Pair(b.SelectionRate, a?.SelectionRate)} |\n");
        }
        sb.Append("\nEach cell: before → after on the held-out rows.");
        if (suppressed > 0) sb.Append(CultureInfo.InvariantCulture, $" Groups with fewer than {minCell} held-out rows are suppressed (--min-cell).");
        sb.Append("\n\n");
        sb.Append("| Disparity (max − min over groups) | Before | After |\n|---|---:|---:|\n");
        foreach (var (name, (b, a)) in r.Disparities) sb.Append(CultureInfo.InvariantCulture, $"| {name} | {F(b)} | {F(a)} |\n");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"- Levelling down: **{(r.LevellingDown ? "yes" : "no")}**");
        if (r.WorseOff.Count > 0)
            sb.Append(" (worse off: " + string.Join("; ", r.WorseOff.Select(w => $"{w.Group} {w.Metric} {F(w.Before)} → {F(w.After)}")) + ")");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"- Needs the protected attribute at prediction time: **{(r.Method.NeedsProtectedAttributeAtPrediction ? "yes" : "no")}**\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Randomized (same patient, possibly different answers): **{(r.Method.Randomized ? "yes" : "no")}**\n");
        foreach (var x in r.Warnings) sb.Append(CultureInfo.InvariantCulture, $"- Warning: {x}\n");
        foreach (var x in r.Notes) sb.Append(CultureInfo.InvariantCulture, $"- Note: {x}\n");
        if (r.Sweep is { Count: > 0 })
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n## Sweep over {r.Sweep[0].Parameter}\n\n| {r.Sweep[0].Parameter} | {r.Targeted.Name} | Error | Balanced accuracy | Pareto-optimal |\n|---|---:|---:|---:|---|\n");
            foreach (var p in r.Sweep)
                sb.Append(CultureInfo.InvariantCulture, $"| {p.Label} | {F(p.Disparity)} | {F(p.Error)} | {F(p.BalancedAccuracy)} | {(p.ParetoOptimal ? "yes" : "")} |\n");
            if (chart is not null) sb.Append(CultureInfo.InvariantCulture, $"\n![Disparity against error]({chart})\n");
        }
        return sb.ToString();
    }
}
