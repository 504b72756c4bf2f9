using ScottPlot;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Charts;

/// <summary>
/// The sweep of a mitigation as disparity (x) against error 1 − accuracy (y): Pareto-optimal settings as vermillion
/// squares joined by a line, the others as sky-blue circles, every point labelled with its setting (as vigil
/// mitigate's pareto.svg). Settings with an undefined disparity are not drawn and are named in the description.
/// </summary>
public static class ParetoChart
{
    /// <summary>Renders the chart of <paramref name="m"/>'s sweep.</summary>
    public static Chart Render(MitigationReportModel m, string fileName, string id)
    {
        var title = $"{m.Method}: {m.SweepDisparity} vs error over {m.SweepParameter}";
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel($"{m.SweepDisparity} (held-out rows)");
        plot.YLabel("error, 1 − accuracy");
        var defined = m.Sweep.Where(p => p.Disparity is not null).ToList();
        var pareto = defined.Where(p => p.ParetoOptimal).OrderBy(p => p.Disparity).ToList();
        var others = defined.Where(p => !p.ParetoOptimal).ToList();
        if (others.Count > 0)
        {
            var sc = plot.Add.ScatterPoints(others.Select(p => p.Disparity!.Value).ToArray(), others.Select(p => p.Error).ToArray());
            sc.MarkerShape = MarkerShape.OpenCircle;
            sc.MarkerSize = 9;
            sc.Color = OkabeIto.At(1);
            sc.LegendText = "other settings";
        }
        if (pareto.Count > 0)
        {
            var sc = plot.Add.Scatter(pareto.Select(p => p.Disparity!.Value).ToArray(), pareto.Select(p => p.Error).ToArray());
            sc.MarkerShape = MarkerShape.FilledSquare;
            sc.MarkerSize = 9;
            sc.Color = OkabeIto.At(4);
            sc.LegendText = "Pareto-optimal";
        }
        // Settings landing on the same point share one label ("0.15, 0.2, 0.3").
        foreach (var same in defined.GroupBy(p => (p.Disparity!.Value, p.Error)))
        {
            var t = plot.Add.Text(string.Join(", ", same.Select(p => p.Label)), same.Key.Item1, same.Key.Item2);
            t.LabelFontSize = 11;
            t.LabelOffsetX = 6;
            t.LabelOffsetY = -6;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(0.15, 0.15);
        var description = $"Scatter of {m.SweepDisparity} against error (1 − accuracy) for each {m.SweepParameter} setting on the held-out rows; "
            + $"Pareto-optimal settings (no other setting has lower-or-equal disparity and error, one strictly lower): {(pareto.Count > 0 ? string.Join(", ", pareto.Select(p => p.Label)) : "none")}. "
            + string.Join("; ", m.Sweep.Select(p => $"{m.SweepParameter} {p.Label}: disparity {(p.Disparity is double d ? Numbers.Fixed(d, 3) : "undefined")}, error {Numbers.Fixed(p.Error, 3)}"
                + (p.ParetoOptimal ? " (Pareto-optimal)" : ""))) + ".";
        return SvgAccessibility.Build(fileName, id, title, description, ChartStyle.Svg(plot, 640, 440));
    }
}
