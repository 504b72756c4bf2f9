using System.Text.RegularExpressions;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Charts;

/// <summary>
/// Makes a ScottPlot SVG accessible and embeddable: drops any XML declaration, and gives the root
/// role="img", aria-labelledby, and a &lt;title&gt; and &lt;desc&gt; as its first children.
/// </summary>
public static partial class SvgAccessibility
{
    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"<svg\b([^>]*)>")]
    private static partial Regex Root();

    /// <summary>The chart with its title and description inside the SVG; <paramref name="id"/> must be unique in a page.</summary>
    public static Chart Build(string fileName, string id, string title, string description, string svg)
    {
        var body = Declaration().Replace(svg, "", 1);
        var root = Root().Match(body);
        if (!root.Success) throw new InvalidOperationException("ScottPlot returned no <svg> element");
        var open = $"<svg{root.Groups[1].Value} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">"
            + $"<title id=\"{id}-title\">{HtmlWriter.E(title)}</title><desc id=\"{id}-desc\">{HtmlWriter.E(description)}</desc>";
        var accessible = string.Concat(body.AsSpan(0, root.Index), open, body.AsSpan(root.Index + root.Length));
        return new Chart(fileName, title, description, accessible.Trim());
    }
}
