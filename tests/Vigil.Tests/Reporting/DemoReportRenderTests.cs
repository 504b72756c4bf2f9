using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Reporting.Browser;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reporting;

/// <summary>
/// Both demos' report.html in a real headless Chromium: no console errors, exceptions or failed loads; a full-page
/// screenshot saved as a test artifact (bin/.../artifacts/DEMO-report.png); and, at a desktop width (1100 px) and a
/// phone width (420 px), every chart has a viewBox, is no wider than its container, no text of a chart is cut off
/// (its box leaves the SVG or its clip rectangle), and the page has no horizontal overflow.
/// </summary>
[Collection(DemoReportsGroup.Name)]
public sealed class DemoReportRenderTests(DemoReportsFixture demos, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string Chromium() =>
        ChromiumRenderer.Find(null) ?? throw new InvalidOperationException(
            $"headless Chromium not found (test.sh installs it with apt-get install chromium; or set {ChromiumRenderer.EnvironmentVariable}); the report rendering tests need a real browser");

    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void Demo_report_renders_cleanly_and_a_screenshot_is_saved(string demo)
    {
        var result = ChromiumRenderer.Render(Chromium(), demos.ReportHtml(demo),
            new RenderOptions(Pdf: false, Screenshot: true, Timeout) { Evaluate = ChartGeometry.Probe });
        Assert.True(result.Problems.IsClean, "problems in Chromium: " + string.Join("; ", result.Problems.All));
        var png = result.Screenshot!;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.True(width >= 1000 && height > 3000, $"screenshot {width}×{height} px: expected the whole page");
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var shot = Path.Combine(artifacts, $"{demo}-report.png");
        File.WriteAllBytes(shot, png);
        output.WriteLine($"{result.BrowserVersion}; screenshot artifact: {shot} ({width}×{height} px, {png.Length} bytes)");
    }

    [Theory]
    [InlineData("heart-disease", 1100)]
    [InlineData("heart-disease", 420)]
    [InlineData("diabetes-readmission", 1100)]
    [InlineData("diabetes-readmission", 420)]
    public void Every_chart_fits_its_container_and_no_chart_text_is_cut(string demo, int viewport)
    {
        var html = demos.ReportHtml(demo);
        var result = ChromiumRenderer.Render(Chromium(), html,
            new RenderOptions(Pdf: false, Screenshot: false, Timeout) { ViewportWidth = viewport, Evaluate = ChartGeometry.Probe });
        var page = PageGeometry.Parse(result.Evaluation!);
        var expected = Regex.Count(File.ReadAllText(html), "<figure>");
        Assert.True(expected > 10, $"{expected} figures in {demo}'s report");
        Assert.Equal(expected, page.Charts.Count);
        output.WriteLine($"{demo} at {viewport} px: viewport {page.Viewport}, scroll width {page.ScrollWidth}, {page.Charts.Count} charts, "
            + $"{page.Charts.Sum(c => c.Texts)} text elements");
        foreach (var c in page.Charts)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Id}: {c.Width:0.#}×{c.Height:0.#} in {c.Container:0.#} (viewBox {c.ViewBox}), {c.Texts} texts"));

        Assert.True(page.ScrollWidth <= page.Viewport + 0.5, $"the page scrolls sideways: {page.ScrollWidth} px in a {page.Viewport} px viewport");
        var problems = new List<string>();
        foreach (var c in page.Charts)
        {
            if (c.ViewBox is null) problems.Add($"{c.Id}: no viewBox");
            if (c.Width > c.Container + 0.5) problems.Add($"{c.Id}: {c.Width} px wide in a {c.Container} px container");
            if (c.Texts == 0) problems.Add($"{c.Id}: no text drawn");
            problems.AddRange(c.Clipped.Select(t => $"{c.Id}: \"{t.Text}\" cut by the {t.By} (box {string.Join(",", t.Box)}, visible {string.Join(",", t.Limit)})"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
