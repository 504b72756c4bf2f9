using System.Text.RegularExpressions;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>
/// Makes a ScottPlot SVG accessible, scalable and embeddable: drops any XML declaration, and gives the root
/// role="img", aria-labelledby, a viewBox "0 0 W H" of its pixel size (so the drawing scales with the element instead
/// of being cropped when the page makes it narrower), and a &lt;title&gt; and &lt;desc&gt; as its first children. The
/// width and height attributes stay, so the chart file opens at its natural size; report.html replaces them
/// (<see cref="Scalable"/>).
/// </summary>
public static partial class SvgAccessibility
{
    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"<svg\b([^>]*)>")]
    private static partial Regex Root();

    [GeneratedRegex(@"\swidth=""([0-9.]+)""\s+height=""([0-9.]+)""")]
    private static partial Regex Size();

    /// <summary>
    /// The chart's SVG for inline use in a page: the root's pixel width and height replaced by width="100%" and a CSS
    /// max-width of the natural width, so the chart fills its container up to its natural size and scales down (by
    /// its viewBox, keeping its aspect ratio) in a narrower one.
    /// </summary>
    public static string Scalable(string svg)
    {
        var root = Root().Match(svg);
        if (!root.Success) return svg;
        var size = Size().Match(root.Value);
        if (!size.Success) return svg;
        var open = string.Concat(root.Value.AsSpan(0, size.Index), $" width=\"100%\" class=\"chart\" style=\"max-width:{size.Groups[1].Value}px\"",
            root.Value.AsSpan(size.Index + size.Length));
        return string.Concat(svg.AsSpan(0, root.Index), open, svg.AsSpan(root.Index + root.Length));
    }

    /// <summary>The chart with its title and description inside the SVG; <paramref name="id"/> must be unique in a page.</summary>
    public static Chart Build(string fileName, string id, string title, string description, string svg)
    {
        var body = Declaration().Replace(svg, "", 1);
        var root = Root().Match(body);
        if (!root.Success) throw new InvalidOperationException("ScottPlot returned no <svg> element");
        var size = Size().Match(root.Groups[1].Value);
        if (!size.Success) throw new InvalidOperationException("ScottPlot returned an <svg> without a pixel width and height");
        var viewBox = $" viewBox=\"0 0 {size.Groups[1].Value} {size.Groups[2].Value}\"";
        var open = $"<svg{root.Groups[1].Value}{viewBox} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">"
            + $"<title id=\"{id}-title\">{HtmlWriter.E(title)}</title><desc id=\"{id}-desc\">{HtmlWriter.E(description)}</desc>";
        var accessible = string.Concat(body.AsSpan(0, root.Index), open, body.AsSpan(root.Index + root.Length));
        // Clip-path ids are page-wide once the SVG is inline: prefix them with the chart's id so no two charts share one.
        accessible = accessible.Replace("id=\"cl_", $"id=\"{id}-cl_", StringComparison.Ordinal).Replace("url(#cl_", $"url(#{id}-cl_", StringComparison.Ordinal);
        return new Chart(fileName, title, description, accessible.Trim());
    }
}
