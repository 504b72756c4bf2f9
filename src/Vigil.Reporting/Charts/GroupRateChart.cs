using ScottPlot;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>One bar of a <see cref="GroupRateChart"/>: a group's rate with its interval, coloured by attribute.</summary>
public sealed record RateBar(string Label, double Value, double? Lower, double? Upper, int ColourIndex);

/// <summary>
/// A bar chart of a rate by group with interval error bars and a thin black line at the overall value (SVG by
/// ScottPlot, Okabe–Ito colours, one colour per attribute).
/// </summary>
public static class GroupRateChart
{
    /// <summary>Renders the chart; the description lists every bar's value and interval (the alt text carries the data).</summary>
    public static Chart Render(string fileName, string id, string title, string yLabel, IReadOnlyList<RateBar> bars, double? overall, string intervalName)
    {
        var plot = Build(title, yLabel, bars, overall);
        var description = $"Bar chart of {yLabel} by group, with {intervalName} as error bars"
            + (overall is double ov ? $" and a thin black horizontal line at the overall value {Numbers.Percent(ov)}" : "") + ". "
            + string.Join("; ", bars.Select(b => $"{b.Label}: "
                + (b.Lower is double lo && b.Upper is double hi ? Numbers.WithInterval(b.Value, lo, hi, Numbers.Percent) : Numbers.Percent(b.Value)))) + ".";
        var (width, height) = Size(bars.Count);
        return SvgAccessibility.Build(fileName, id, title, description, ChartStyle.Svg(plot, width, height));
    }

    /// <summary>Pixel size for <paramref name="bars"/> bars.</summary>
    public static (int Width, int Height) Size(int bars) => (Math.Max(480, 90 + 60 * bars), 420);

    /// <summary>The ScottPlot plot (also usable for PNG previews).</summary>
    public static Plot Build(string title, string yLabel, IReadOnlyList<RateBar> bars, double? overall)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(yLabel);
        var positions = bars.Select((_, i) => (double)i).ToArray();
        plot.Add.Bars(bars.Select((b, i) => new Bar { Position = i, Value = b.Value * 100, FillColor = OkabeIto.At(b.ColourIndex), LineWidth = 0 }).ToArray());
        var withCi = bars.Select((b, i) => (b, i)).Where(x => x.b.Lower is not null && x.b.Upper is not null).ToList();
        if (withCi.Count > 0)
        {
            var xs = withCi.Select(x => (double)x.i).ToArray();
            var none = withCi.Select(_ => 0.0).ToArray();
            // Set each direction by name: the constructor's order of the error lists is easy to get wrong.
            var errors = new ScottPlot.Plottables.ErrorBar(xs, withCi.Select(x => x.b.Value * 100).ToArray(), none, none, none, none)
            {
                YErrorNegative = withCi.Select(x => (x.b.Value - x.b.Lower!.Value) * 100).ToArray(),
                YErrorPositive = withCi.Select(x => (x.b.Upper!.Value - x.b.Value) * 100).ToArray(),
                LineColor = Colors.Black,
                LineWidth = 1.5f,
                CapSize = 6,
            };
            plot.Add.Plottable(errors);
        }
        if (overall is double o)
        {
            var line = plot.Add.HorizontalLine(o * 100);
            line.LinePattern = LinePattern.Solid;
            line.LineWidth = 1;
            line.Color = Colors.Black;
            line.LegendText = $"overall {Numbers.Percent(o)}";
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Bottom.SetTicks(positions, bars.Select(b => b.Label).ToArray());
        ChartStyle.RotatedCategoryLabels(plot, bars.Select(b => b.Label).ToArray(), 35);
        plot.Axes.SetLimitsY(0, 100);
        plot.Axes.SetLimitsX(-0.6, bars.Count - 0.4);
        return plot;
    }
}
