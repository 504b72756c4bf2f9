using ScottPlot;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>One line of a curve chart: a group's points (NaN points are left out).</summary>
public sealed record CurveLine(string Label, double[] Xs, double[] Ys);

/// <summary>
/// Line charts of curves by group (ScottPlot SVG): ROC curves with the chance diagonal, reliability diagrams with the
/// diagonal of perfect calibration, and decision curves with treat-all and treat-none. Each group has its Okabe–Ito
/// colour and its own marker shape (about a dozen markers along each curve, the legend shows them), so groups stay
/// apart without colour too. Reference lines are thin grey or black. No dash patterns: Skia's SVG back end cannot
/// draw them (it prints "Unsupported path effect" and draws them solid anyway).
/// </summary>
public static class CurveCharts
{
    /// <summary>Markers drawn along a curve that has more points than this are thinned to about this many.</summary>
    private const int MarkersPerCurve = 12;
    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];

    /// <summary>Width and height of a curve chart whose legend fits inside its data area, in pixels.</summary>
    public const int Width = 640, Height = 480;

    /// <summary>A legend with more entries than this goes outside the data area, on the right, and the chart grows to hold it.</summary>
    public const int InsideLegendEntries = 7;

    private static void PlaceLegend(Plot plot, Alignment corner)
    {
        if (LegendLabels(plot).Count > InsideLegendEntries) plot.ShowLegend(Edge.Right);
        else plot.ShowLegend(corner);
    }

    private static List<string> LegendLabels(Plot plot) =>
        plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText ?? "").Where(t => t.Length > 0).ToList();

    /// <summary>
    /// The chart's pixel size: <see cref="Width"/> × <see cref="Height"/>, or, with a legend outside, wider by the legend's
    /// longest entry and tall enough for every entry (about 22 px each), so no entry is cut.
    /// </summary>
    public static (int Width, int Height) Size(Plot plot)
    {
        var labels = LegendLabels(plot);
        if (labels.Count <= InsideLegendEntries) return (Width, Height);
        var legend = 60 + labels.Max(l => ChartStyle.TextWidth(l));
        return ((int)Math.Ceiling(Width + legend), Math.Max(Height, 100 + 22 * labels.Count));
    }

    /// <summary>ROC curves (x: 1 − specificity, y: sensitivity) with the diagonal of a useless model.</summary>
    public static Plot Roc(string title, IReadOnlyList<CurveLine> lines)
    {
        var plot = Base(title, "false-positive rate (1 − specificity)", "true-positive rate (sensitivity)");
        Diagonal(plot, "chance");
        AddLines(plot, lines, markers: false);
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        PlaceLegend(plot, Alignment.LowerRight);
        return plot;
    }

    /// <summary>Reliability diagram: observed event rate against mean predicted probability per bin, with the diagonal of perfect calibration.</summary>
    public static Plot Reliability(string title, IReadOnlyList<CurveLine> lines)
    {
        var plot = Base(title, "mean predicted probability (bin)", "observed event rate (bin)");
        Diagonal(plot, "perfect calibration");
        AddLines(plot, lines, markers: true);
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        PlaceLegend(plot, Alignment.UpperLeft);
        return plot;
    }

    /// <summary>
    /// Decision curves: net benefit of the model per group (thick line in the group's colour with its marker shape),
    /// treat-all per group (thin line, same colour, no markers) and treat-none (0, black); y limited below at −0.05 as
    /// usual for decision curves.
    /// </summary>
    public static Plot Decision(string title, IReadOnlyList<CurveLine> model, IReadOnlyList<CurveLine> treatAll)
    {
        var plot = Base(title, "threshold probability", "net benefit");
        var none = plot.Add.HorizontalLine(0);
        none.Color = Colors.Black;
        none.LineWidth = 1.5f;
        none.LegendText = "treat none";
        var top = 0.05;
        for (var i = 0; i < model.Count; i++)
        {
            var line = Finite(model[i]);
            var s = plot.Add.ScatterLine(line.Xs, line.Ys);
            s.Color = OkabeIto.At(i);
            s.LineWidth = 2.5f;
            s.LinePattern = LinePattern.Solid;
            s.MarkerSize = 0;
            top = Math.Max(top, Max(line.Ys));
            // The model line carries the group's marker (and the legend entry), so groups stay apart without colour.
            AddMarkers(plot, line, i, markers: false).LegendText = $"{model[i].Label}: model";
            if (i < treatAll.Count)
            {
                var all = Finite(treatAll[i]);
                var t = plot.Add.ScatterLine(all.Xs, all.Ys);
                t.Color = OkabeIto.At(i);
                t.LineWidth = 1.2f;
                t.LinePattern = LinePattern.Solid;
                t.MarkerSize = 0;
                t.LegendText = $"{treatAll[i].Label}: treat all";
                top = Math.Max(top, Max(all.Ys));
            }
        }
        var xs = model.SelectMany(m => m.Xs).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        plot.Axes.SetLimits(Math.Max(0, xs.Min() - 0.01), Math.Min(1, xs.Max() + 0.01), -0.05, top * 1.1);
        PlaceLegend(plot, Alignment.UpperRight);
        return plot;
    }

    private static Plot Base(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static void Diagonal(Plot plot, string legend)
    {
        var d = plot.Add.Line(0, 0, 1, 1);
        d.Color = Color.FromHex("#999999");
        d.LinePattern = LinePattern.Solid;
        d.LineWidth = 1.2f;
        d.LegendText = legend;
    }

    private static void AddLines(Plot plot, IReadOnlyList<CurveLine> lines, bool markers)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Finite(lines[i]);
            var s = plot.Add.ScatterLine(line.Xs, line.Ys);
            s.Color = OkabeIto.At(i);
            s.LineWidth = 2;
            s.MarkerSize = 0;
            AddMarkers(plot, line, i, markers).LegendText = line.Label;
        }
    }

    /// <summary>
    /// The group's marker, at every point of a short curve (<paramref name="markers"/>: reliability bins) or thinned
    /// along a long one (ROC, decision); this series carries the legend entry, so the legend shows colour and marker.
    /// </summary>
    private static ScottPlot.Plottables.Scatter AddMarkers(Plot plot, CurveLine line, int i, bool markers)
    {
        var step = markers ? 1 : Math.Max(1, line.Xs.Length / MarkersPerCurve);
        var count = (line.Xs.Length + step - 1) / step;
        var mx = new double[count];
        var my = new double[count];
        for (var k = 0; k < count; k++)
        {
            mx[k] = line.Xs[k * step];
            my[k] = line.Ys[k * step];
        }
        var m = plot.Add.ScatterPoints(mx, my);
        m.Color = OkabeIto.At(i);
        m.MarkerShape = Markers[i % Markers.Length];
        m.MarkerSize = 7;
        return m;
    }

    private static double Max(double[] ys) => ys.Length == 0 ? double.NegativeInfinity : ys.Max();

    /// <summary>The points whose x and y are both finite.</summary>
    public static CurveLine Finite(CurveLine line)
    {
        var keep = Enumerable.Range(0, Math.Min(line.Xs.Length, line.Ys.Length)).Where(i => double.IsFinite(line.Xs[i]) && double.IsFinite(line.Ys[i])).ToArray();
        return new CurveLine(line.Label, keep.Select(i => line.Xs[i]).ToArray(), keep.Select(i => line.Ys[i]).ToArray());
    }

    /// <summary>The accessible SVG chart of <paramref name="plot"/>.</summary>
    public static Chart Svg(Plot plot, string fileName, string id, string title, string description) =>
        SvgAccessibility.Build(fileName, id, title, description, RenderSvg(plot));

    private static string RenderSvg(Plot plot)
    {
        var (width, height) = Size(plot);
        return ChartStyle.Svg(plot, width, height);
    }
}
