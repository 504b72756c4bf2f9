using ScottPlot;

namespace Vigil.Reporting.Charts;

/// <summary>
/// Renders every chart of the reports the same way: in the system's sans-serif font (the page's own font family is
/// sans-serif; ScottPlot would otherwise pick a serif fallback on Linux), so glyph positions, which Skia's SVG back end
/// fixes per glyph, are measured with the font the text is drawn in.
/// </summary>
public static class ChartStyle
{
    /// <summary>Sans-serif families to try, in order (ScottPlot's own Fonts.Sans can resolve to a serif fallback on Linux).</summary>
    private static readonly string[] SansCandidates = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];

    /// <summary>The first installed family of <see cref="SansCandidates"/>, else ScottPlot's sans font.</summary>
    public static readonly Lazy<string> SansFamily = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies();
        foreach (var name in SansCandidates)
            if (installed.Contains(name, StringComparer.OrdinalIgnoreCase)) return name;
        return Fonts.Sans;
    });

    /// <summary>The SVG of <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static string Svg(Plot plot, int width, int height)
    {
        var sans = SansFamily.Value;
        plot.Font.Set(sans);
        foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>())
            text.LabelFontName = sans;
        return plot.GetSvgXml(width, height);
    }

    /// <summary>Approximate width in pixels of <paramref name="text"/> in the sans font at <paramref name="size"/> px (DejaVu Sans averages under 0.6 em a glyph; this errs wide).</summary>
    public static double TextWidth(string text, double size = 12) => text.Length * size * 0.62;

    /// <summary>
    /// Category labels rotated by <paramref name="degrees"/> (ending at their category, reading up to the right), with no
    /// tick marks (a mark touches the end of a rotated label and reads as an apostrophe) and room for them: below the
    /// axis the longest label's height when rotated, w·sin θ + h·cos θ, plus padding; left of the data area the first
    /// label's reach, w·cos θ, less the half category before the first tick.
    /// </summary>
    public static void RotatedCategoryLabels(Plot plot, IReadOnlyList<string> labels, double degrees)
    {
        var bottom = plot.Axes.Bottom;
        bottom.TickLabelStyle.Rotation = -(float)degrees;
        bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        bottom.MajorTickStyle.Length = 0;
        var angle = degrees * Math.PI / 180;
        var longest = 0.0;
        foreach (var label in labels) longest = Math.Max(longest, TextWidth(label));
        bottom.MinimumSize = (float)Math.Ceiling(longest * Math.Sin(angle) + 16 * Math.Cos(angle) + 24);
        var first = labels.Count == 0 ? 0 : TextWidth(labels[0]) * Math.Cos(angle);
        plot.Axes.Left.MinimumSize = (float)Math.Max(plot.Axes.Left.MinimumSize, Math.Ceiling(first - 10));
    }
}
