using System.Xml.Linq;
using ScottPlot.Plottables;
using Vigil.Reporting.Charts;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>Charts: error bars span the interval (not its mirror image), and the SVG carries its title and description.</summary>
public sealed class ChartTests
{
    private static readonly RateBar[] Bars = [new("sex = F", 0.28, 0.143, 0.476, 0), new("sex = M", 0.184, 0.124, 0.265, 0)];

    [Fact]
    public void Error_bars_go_from_the_lower_to_the_upper_end_of_the_interval()
    {
        var errors = Assert.Single(GroupRateChart.Build("t", "y", Bars, 0.2).GetPlottables().OfType<ErrorBar>());
        for (var i = 0; i < Bars.Length; i++)
        {
            Assert.Equal(Bars[i].Value * 100 - errors.YErrorNegative![i], Bars[i].Lower!.Value * 100, 9);
            Assert.Equal(Bars[i].Value * 100 + errors.YErrorPositive![i], Bars[i].Upper!.Value * 100, 9);
        }
    }

    [Fact]
    public void Svg_has_role_title_and_desc_listing_the_values()
    {
        var chart = GroupRateChart.Render("fnr.svg", "c1", "FNR by group", "FNR (%)", Bars, 0.2, "95% Wilson intervals");
        var svg = XDocument.Parse(chart.Svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("FNR by group", svg.Element(ns + "title")!.Value);
        Assert.Contains("sex = F: 28.0% (14.3%–47.6%)", svg.Element(ns + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_scales_by_its_viewBox_and_inline_charts_fill_their_container_up_to_their_natural_width()
    {
        var chart = GroupRateChart.Render("fnr.svg", "c1", "FNR by group", "FNR (%)", Bars, 0.2, "95% Wilson intervals");
        var file = XDocument.Parse(chart.Svg).Root!;
        Assert.Equal("0 0 480 420", (string?)file.Attribute("viewBox"));
        Assert.Equal("480", (string?)file.Attribute("width")); // the chart file opens at its natural size
        var inline = XDocument.Parse(SvgAccessibility.Scalable(chart.Svg)).Root!;
        Assert.Equal("100%", (string?)inline.Attribute("width"));
        Assert.Null(inline.Attribute("height"));
        Assert.Equal("max-width:480px", (string?)inline.Attribute("style"));
        Assert.Equal("0 0 480 420", (string?)inline.Attribute("viewBox"));
        // Clip paths are named after the chart, so two inline charts never share one.
        Assert.All(inline.Descendants().Where(e => e.Name.LocalName == "clipPath"), c => Assert.StartsWith("c1-cl_", (string?)c.Attribute("id")));
    }

    [Fact]
    public void Captions_describe_the_lines_drawn_not_dashes()
    {
        var chart = GroupRateChart.Render("fnr.svg", "c1", "FNR by group", "FNR (%)", Bars, 0.2, "95% Wilson intervals");
        Assert.Contains("thin black horizontal line at the overall value 20.0%", chart.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("dash", chart.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("stroke-dasharray", chart.Svg, StringComparison.Ordinal);
    }
}

