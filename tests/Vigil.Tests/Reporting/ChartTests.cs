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
}
