using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>
/// report.html for a screen reader and a colour-blind reader: one main landmark and a language, headings that never
/// skip a level, tables with column and row headers in labelled regions, charts as labelled images, status badges
/// that carry a word and whose text contrast is at least WCAG AA (4.5:1), and a summary-card row.
/// </summary>
public sealed partial class ReportAccessibilityTests(HeartReportFixture heart) : IClassFixture<HeartReportFixture>
{
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private XDocument Page() => XDocument.Load(XmlReader.Create(new StringReader(heart.Files["report.html"]), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));

    [Fact]
    public void Landmark_language_and_heading_order()
    {
        var doc = Page();
        Assert.Equal("en", (string?)doc.Root!.Attribute("lang"));
        Assert.Single(doc.Descendants(Html + "main"));
        var levels = doc.Descendants().Where(e => e.Name.Namespace == Html && Regex.IsMatch(e.Name.LocalName, "^h[1-6]$"))
            .Select(e => e.Name.LocalName[1] - '0').ToList();
        Assert.Equal(1, levels[0]);
        Assert.Equal(1, levels.Count(l => l == 1));
        for (var i = 1; i < levels.Count; i++)
            Assert.True(levels[i] <= levels[i - 1] + 1, $"heading {i}: h{levels[i - 1]} followed by h{levels[i]}");
    }

    [Fact]
    public void Tables_have_column_and_row_headers_in_labelled_regions()
    {
        var tables = Page().Descendants(Html + "table").ToList();
        Assert.True(tables.Count > 3, $"{tables.Count} tables");
        foreach (var table in tables)
        {
            var region = table.Parent!;
            Assert.Equal("region", (string?)region.Attribute("role"));
            Assert.StartsWith("Table: ", (string?)region.Attribute("aria-label"));
            Assert.Equal("0", (string?)region.Attribute("tabindex")); // a region that scrolls must take keyboard focus
            Assert.All(table.Element(Html + "thead")!.Descendants(Html + "th"), th => Assert.Equal("col", (string?)th.Attribute("scope")));
            foreach (var row in table.Element(Html + "tbody")!.Elements(Html + "tr"))
            {
                var first = row.Elements().First();
                Assert.Equal("th", first.Name.LocalName);
                Assert.Equal("row", (string?)first.Attribute("scope"));
            }
        }
    }

    [Fact]
    public void Charts_are_labelled_images_inside_figures_with_captions()
    {
        var doc = Page();
        var svgs = doc.Descendants(Svg + "svg").ToList();
        Assert.NotEmpty(svgs);
        foreach (var svg in svgs)
        {
            Assert.Equal("figure", svg.Parent!.Name.LocalName);
            Assert.NotNull(svg.Parent.Element(Html + "figcaption"));
            Assert.Equal("img", (string?)svg.Attribute("role"));
            var ids = ((string?)svg.Attribute("aria-labelledby"))!.Split(' ');
            Assert.Equal([Svg + "title", Svg + "desc"], ids.Select(id => svg.Descendants().Single(e => (string?)e.Attribute("id") == id).Name));
            Assert.NotNull(svg.Attribute("viewBox"));
        }
    }

    [Fact]
    public void Summary_cards_are_a_list_under_the_title()
    {
        var doc = Page();
        var cards = doc.Descendants(Html + "ul").Single(u => (string?)u.Attribute("class") == "summary-cards");
        var items = cards.Elements(Html + "li").ToList();
        Assert.True(items.Count >= 4, $"{items.Count} cards");
        Assert.All(items, li => Assert.StartsWith("summary-card", (string?)li.Attribute("class")));
        var patients = items.Single(li => li.Value.StartsWith("Patients audited", StringComparison.Ordinal));
        Assert.Equal("303", patients.Elements().Single(e => (string?)e.Attribute("class") == "card-value").Value);
        // The cards come before the first section.
        Assert.True(cards.ElementsBeforeSelf().All(e => e.Name.LocalName != "h2"));
    }

    [GeneratedRegex(@"\.status\.(?<name>status-[a-z-]+)\{border-color:var\(--[a-z-]+\);background:(?<bg>#[0-9a-f]{6});color:(?<fg>#[0-9a-f]{6})\}")]
    private static partial Regex StatusRule();

    [Fact]
    public void Status_badges_have_readable_contrast_and_a_word()
    {
        var style = Page().Descendants(Html + "style").Single().Value;
        var rules = StatusRule().Matches(style).ToDictionary(m => m.Groups["name"].Value, m => (Bg: m.Groups["bg"].Value, Fg: m.Groups["fg"].Value));
        Assert.Equal(["status-conditions", "status-not-ready", "status-ready"], rules.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (bg, fg)) in rules)
        {
            var ratio = Contrast(bg, fg);
            Assert.True(ratio >= 4.5, $"{name}: contrast {ratio:0.00} below 4.5");
        }
        // A badge is the status word (with a symbol hidden from screen readers), not a colour alone.
        var html = Vigil.Reporting.Document.HtmlWriter.Render("t", [new Vigil.Reporting.Document.StatusParagraph(Vigil.Reporting.Document.ReadinessStatus.NotReady, "two risks are open")]);
        Assert.Contains("<p class=\"verdict\"><span class=\"status status-not-ready\"><span aria-hidden=\"true\">✕ </span>Not ready</span> two risks are open</p>", html);
    }

    /// <summary>WCAG 2.1 contrast ratio of two sRGB colours (relative luminance of the linearised channels).</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            double Channel(int i)
            {
                var c = int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * Channel(0) + 0.7152 * Channel(1) + 0.0722 * Channel(2);
        }
        double la = Luminance(a), lb = Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }
}
