using System.Globalization;
using ScottPlot;
using Vigil.Mitigation;
using Vigil.Reporting.Charts;

namespace Vigil.Application.Mitigation;

/// <summary>pareto.svg: disparity (x) against error (y) of every sweep point; the Pareto-optimal ones joined by a line.</summary>
internal static class ParetoChartSvg
{
    private static string F(double? v) => v is double x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    public static string Render(MitigationResult r)
    {
        var points = r.Sweep!;
        var plot = new Plot();
        var title = $"{r.Method.Name}: disparity against error ({points[0].Parameter} sweep)";
        plot.Title(title);
        plot.XLabel($"{r.Targeted.Name} (held-out)");
        plot.YLabel("error = 1 − accuracy (held-out)");
        var all = points.Where(p => p.Disparity is not null).ToList();
        var others = all.Where(p => !p.ParetoOptimal).ToList();
        var front = all.Where(p => p.ParetoOptimal).OrderBy(p => p.Disparity).ToList();
        if (others.Count > 0)
        {
            var sc = plot.Add.ScatterPoints(others.Select(p => p.Disparity!.Value).ToArray(), others.Select(p => p.Error).ToArray());
            sc.Color = OkabeIto.At(1);
            sc.MarkerSize = 9;
            sc.MarkerShape = MarkerShape.OpenCircle;
            sc.LegendText = "dominated";
        }
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(front.Select(p => p.Disparity!.Value).ToArray(), front.Select(p => p.Error).ToArray());
            line.Color = OkabeIto.At(4);
            line.MarkerSize = 10;
            line.MarkerShape = MarkerShape.FilledSquare;
            line.LineWidth = 2;
            line.LegendText = "Pareto-optimal";
        }
        foreach (var p in all)
        {
            var text = plot.Add.Text(p.Label, p.Disparity!.Value, p.Error);
            text.LabelFontSize = 11;
            text.LabelOffsetX = 6;
            text.LabelOffsetY = -6;
        }
        plot.ShowLegend(Alignment.UpperRight);
        var description = $"Scatter plot of {r.Targeted.Name} (x) against error (y) for each {points[0].Parameter}; Pareto-optimal points joined. " +
                          string.Join("; ", all.Select(p => $"{p.Label}: disparity {F(p.Disparity)}, error {F(p.Error)}{(p.ParetoOptimal ? " (Pareto)" : "")}")) + ".";
        return SvgAccessibility.Build("pareto.svg", "mitigation-pareto", title, description, plot.GetSvgXml(640, 440)).Svg + "\n";
    }
}
