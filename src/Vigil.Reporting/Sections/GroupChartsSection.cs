using Vigil.Reporting.Charts;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The group results: FNR and sensitivity by group with interval error bars first, then selection rate, then
/// the intersectional FNR heat maps, then the per-attribute tables. Charts show single attributes (each
/// attribute its own Okabe–Ito colour); suppressed groups are left out of bar charts and masked in heat maps.
/// </summary>
public static class GroupChartsSection
{
    /// <summary>The charts of the report, in order (also written as SVG files beside report.md).</summary>
    public static IReadOnlyList<Chart> Charts(ReportContext ctx)
    {
        var level = Numbers.Level(ctx.Audit);
        var charts = new List<Chart>
        {
            Rate(ctx, "fnr", "fnr.svg", "chart-fnr", "False-negative rate by group", "false-negative rate (%)", $"{level} Wilson intervals"),
            Rate(ctx, "sensitivity", "sensitivity.svg", "chart-sensitivity", "Sensitivity by group", "sensitivity (%)", $"{level} Wilson intervals"),
            Rate(ctx, "selection_rate", "selection-rate.svg", "chart-selection", "Selection rate by group", "selection rate (%)", $"{level} Wilson intervals"),
        };
        var k = 0;
        foreach (var intersection in ctx.Audit.Attributes.Where(a => a.Columns.Count == 2))
        {
            var map = FnrHeatMap.Render(intersection, ctx.Cells, $"chart-heatmap-{k++}", level);
            if (map is not null) charts.Add(map);
        }
        return charts;
    }

    private static Chart Rate(ReportContext ctx, string metric, string file, string id, string title, string yLabel, string intervals)
    {
        var bars = new List<RateBar>();
        var colour = 0;
        foreach (var attribute in ctx.Audit.Attributes.Where(a => !a.IsIntersection))
        {
            foreach (var g in attribute.Groups.Where(g => ctx.Cells.ShowsRate(g, metric)))
            {
                var m = g.Metric(metric);
                if (m.Value is double v) bars.Add(new RateBar($"{attribute.Name} = {g.Label}", v, m.Lower, m.Upper, colour));
            }
            colour++;
        }
        var overall = !ctx.Cells.ShowsRate(ctx.Audit.Overall, metric) ? null : ctx.Audit.Overall.Metric(metric).Value;
        return GroupRateChart.Render(file, id, title, yLabel, bars, overall, intervals);
    }

    /// <summary>The section's blocks, using the charts from <see cref="Charts"/>.</summary>
    public static IEnumerable<Block> Build(ReportContext ctx, IReadOnlyList<Chart> charts)
    {
        yield return new Heading(2, "False-negative rate and sensitivity by group");
        yield return new Paragraph("A false negative is a patient with the condition whom the model does not flag; the false-negative rate (FNR) is 1 − sensitivity. Bars left out of a chart are suppressed small cells or undefined values.");
        foreach (var c in charts.Take(2)) yield return new Figure(c);
        yield return new Heading(2, "Selection rate by group");
        yield return new Paragraph("The share of patients the model flags as positive (read it next to prevalence: groups with more disease should be flagged more often).");
        yield return new Figure(charts[2]);
        var maps = charts.Skip(3).ToList();
        if (maps.Count > 0)
        {
            yield return new Heading(2, "Intersectional false-negative rate");
            foreach (var c in maps) yield return new Figure(c);
        }
        yield return new Heading(2, "Results by group");
        yield return new Heading(3, "Overall");
        yield return GroupMetricTable.Overall(ctx.Audit, ctx.Cells);
        foreach (var attribute in ctx.Audit.Attributes)
        {
            yield return new Heading(3, attribute.IsIntersection ? $"Intersection {attribute.Name}" : $"Attribute {attribute.Name}");
            yield return GroupMetricTable.Build(ctx.Audit, attribute, ctx.Cells);
        }
    }
}
