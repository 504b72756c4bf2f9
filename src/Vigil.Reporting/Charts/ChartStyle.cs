using ScottPlot;

namespace Vigil.Reporting.Charts;

/// <summary>
/// Renders every chart of the reports the same way: in the system's sans-serif font (the page's own font family is
/// sans-serif; ScottPlot would otherwise pick a serif fallback on Linux), so glyph positions, which Skia's SVG back end
/// fixes per glyph, are measured with the font the text is drawn in.
/// </summary>
public static class ChartStyle
{
    /// <summary>The SVG of <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static string Svg(Plot plot, int width, int height)
    {
        var sans = Fonts.Sans;
        plot.Font.Set(sans);
        foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>())
            text.LabelFontName = sans;
        return plot.GetSvgXml(width, height);
    }
}
