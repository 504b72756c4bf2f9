using ScottPlot;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>One value of an <see cref="IntervalChart"/> series: a point estimate with its interval; null when undefined or masked.</summary>
public sealed record IntervalPoint(double? Value, double? Lower, double? Upper, string? Missing = null);

/// <summary>A series of an <see cref="IntervalChart"/>: one value per category, in one Okabe–Ito colour.</summary>
public sealed record IntervalSeries(string Name, int ColourIndex, IReadOnlyList<IntervalPoint> Points);

/// <summary>
/// Grouped bars with interval error bars: categories along the x axis (sites, groups), one bar per series in each
/// (Okabe–Ito colours, a legend naming the series). Undefined or suppressed values draw no bar; the description
/// (the chart's alt text) lists every value with its interval, or why it is missing.
/// </summary>
public static class IntervalChart
{
    /// <summary>Renders the chart; <paramref name="percent"/> shows values in [0, 1] as percentages; <paramref name="note"/> ends the description.</summary>
    public static Chart Render(string fileName, string id, string title, string yLabel, IReadOnlyList<string> categories,
        IReadOnlyList<IntervalSeries> series, bool percent, string intervalName, string? note = null)
    {
        var scale = percent ? 100.0 : 1.0;
        string F(double v) => percent ? Numbers.Percent(v) : Numbers.Fixed(v, 3);
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(yLabel);
        var width = 0.8 / series.Count;
        var xs = new List<double>();
        var ys = new List<double>();
        var lows = new List<double>();
        var highs = new List<double>();
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < categories.Count; c++)
            {
                var p = series[s].Points[c];
                if (p.Value is not double v) continue;
                var x = c - 0.4 + width * (s + 0.5);
                bars.Add(new Bar { Position = x, Value = v * scale, Size = width * 0.9, FillColor = OkabeIto.At(series[s].ColourIndex), LineWidth = 0 });
                if (p.Lower is double lo && p.Upper is double hi)
                {
                    xs.Add(x);
                    ys.Add(v * scale);
                    lows.Add((v - lo) * scale);
                    highs.Add((hi - v) * scale);
                }
            }
            if (bars.Count > 0) plot.Add.Bars(bars.ToArray());
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = OkabeIto.At(series[s].ColourIndex) });
        }
        if (xs.Count > 0)
        {
            var none = new double[xs.Count];
            // Each direction set by name (the constructor's order of the error lists is easy to get wrong).
            plot.Add.Plottable(new ScottPlot.Plottables.ErrorBar([.. xs], [.. ys], none, none, none, none)
            {
                YErrorNegative = [.. lows],
                YErrorPositive = [.. highs],
                LineColor = Colors.Black,
                LineWidth = 1.5f,
                CapSize = 5,
            });
        }
        // A category with no bar says why on the plot (the description has the details).
        for (var c = 0; c < categories.Count; c++)
        {
            if (series.Any(x => x.Points[c].Value is not null)) continue;
            var why = series.Any(x => x.Points[c].Missing?.Contains("suppressed", StringComparison.Ordinal) == true) ? "suppressed" : "n/a";
            var label = plot.Add.Text(why, c, 0.03 * scale);
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontSize = 12;
            label.LabelFontColor = Colors.Black;
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks(categories.Select((_, i) => (double)i).ToArray(), [.. categories]);
        ChartStyle.RotatedCategoryLabels(plot, categories, 30);
        // Head room above 100% for the legend, with ticks only up to 100%.
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, 1.3 * scale);
        var ticks = Enumerable.Range(0, 11).Select(i => i * 0.1 * scale).ToArray();
        plot.Axes.Left.SetTicks(ticks, [.. ticks.Select(t => percent ? Numbers.Fixed(t, 0) : Numbers.Fixed(t, 1))]);
        var described = new List<string>();
        for (var c = 0; c < categories.Count; c++)
            described.Add($"{categories[c]}: " + string.Join(", ", series.Select(s =>
            {
                var p = s.Points[c];
                return $"{s.Name} " + (p.Value is double v
                    ? (p.Lower is double lo && p.Upper is double hi ? Numbers.WithInterval(v, lo, hi, F) : F(v) + " (no interval)")
                    : p.Missing ?? "n/a");
            })));
        var description = $"Grouped bar chart of {yLabel} with {intervalName} as error bars, series {string.Join(", ", series.Select(s => s.Name))}. "
            + string.Join("; ", described) + "." + (note is null ? "" : " " + note);
        var pixels = Math.Max(560, 120 + 40 * categories.Count * Math.Max(1, series.Count));
        return SvgAccessibility.Build(fileName, id, title, description, ChartStyle.Svg(plot, Math.Min(pixels, 1100), 440));
    }
}
