using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The bias and safety sentences of the Model Card, in fixed forms that tests check against the audit's numbers: the
/// overall miss rate, and for each attribute the group with the highest miss rate (FNR), its gap to the reference
/// group and whether that gap is significant after Holm's adjustment (p_adjusted &lt; 1 − confidence). Suppressed groups
/// are left out.
/// </summary>
public static class BiasStatements
{
    /// <summary>The sentences, overall first, then one per attribute or intersection.</summary>
    public static IReadOnlyList<string> Build(ReportContext ctx)
    {
        var a = ctx.Audit;
        var list = new List<string>();
        if (!ctx.Cells.IsSuppressed(a.Overall) && a.Overall.Metric("fnr").Value is double overall)
            list.Add($"Overall, the model misses {Numbers.Percent(overall)} of patients with the condition ({Interval(a.Overall.Metric("fnr"))})"
                + (a.Threshold is double t ? $" at threshold {Numbers.Fixed(t, 2)}." : "."));
        foreach (var attribute in a.Attributes)
        {
            var shown = attribute.Groups.Where(g => !ctx.Cells.IsSuppressed(g) && g.Metric("fnr").Value is not null).ToList();
            if (shown.Count == 0) continue;
            var highest = shown.OrderByDescending(g => g.Metric("fnr").Value!.Value).First();
            var fnr = highest.Metric("fnr");
            var reference = attribute.Reference;
            if (reference is null || ctx.Cells.IsSuppressed(reference) || reference.Metric("fnr").Value is not double rf)
            {
                list.Add($"Highest miss rate by {attribute.Name}: {attribute.Name} = {highest.Label} misses {Numbers.Percent(fnr.Value!.Value)} of patients with the condition ({Interval(fnr)}); its reference group is not shown.");
                continue;
            }
            if (highest == reference)
            {
                list.Add($"Highest miss rate by {attribute.Name}: the reference group {attribute.Name} = {reference.Label}, {Numbers.Percent(rf)} ({Interval(reference.Metric("fnr"))}); no other group misses more.");
                continue;
            }
            var p = highest.FnrTest?.PAdjusted;
            list.Add($"Highest miss rate by {attribute.Name}: {attribute.Name} = {highest.Label} misses {Numbers.Percent(fnr.Value!.Value)} of patients with the condition ({Interval(fnr)}), "
                + $"against {Numbers.Percent(rf)} in the reference group {reference.Label}; the gap is "
                + (p is double q ? $"{(q < a.Alpha ? "significant" : "not significant")} after Holm's adjustment (Holm-adjusted p = {Numbers.PValue(q)})." : "untested (no Holm-adjusted p in the audit)."));
        }
        return list;
    }

    private static string Interval(MetricValue m) => m.HasInterval ? $"{Numbers.Percent(m.Lower!.Value)}–{Numbers.Percent(m.Upper!.Value)}" : "no interval";
}
