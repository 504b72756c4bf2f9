using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Vigil.Reporting.Browser;
using Vigil.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reporting;

/// <summary>
/// report.html in a real headless Chromium (test.sh installs it): no console errors, exceptions or failed loads; a
/// screenshot saved as a test artifact; report.pdf through the CLI; and a page with deliberate errors is caught.
/// </summary>
public sealed class ChromiumTests(HeartReportFixture heart, ITestOutputHelper output) : IClassFixture<HeartReportFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The Chromium to use; fails (never skips) when there is none.</summary>
    private static string Chromium() =>
        ChromiumRenderer.Find(null) ?? throw new InvalidOperationException(
            $"headless Chromium not found (test.sh installs it with apt-get install chromium; or set {ChromiumRenderer.EnvironmentVariable}); the report rendering tests need a real browser");

    [Fact]
    public void Heart_report_renders_without_errors_and_a_screenshot_is_saved()
    {
        var result = ChromiumRenderer.Render(Chromium(), Path.Combine(heart.OutDir, "report.html"), new RenderOptions(Pdf: true, Screenshot: true, Timeout));
        output.WriteLine($"browser: {result.BrowserVersion}");
        Assert.True(result.Problems.IsClean, "problems in Chromium: " + string.Join("; ", result.Problems.All));
        Assert.StartsWith("Chrome/", result.BrowserVersion, StringComparison.Ordinal);

        var png = result.Screenshot!;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.True(width >= 800 && height > 2000, $"screenshot {width}×{height} px: expected the whole page");
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var shot = Path.Combine(artifacts, "heart-report.png");
        File.WriteAllBytes(shot, png);
        output.WriteLine($"screenshot artifact: {shot} ({width}×{height} px, {png.Length} bytes)");

        var pdf = result.Pdf!;
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.True(ChromiumRenderer.PdfPageCount(pdf) > 1, $"{ChromiumRenderer.PdfPageCount(pdf)} PDF pages");
    }

    [Fact]
    public void Report_pdf_option_writes_a_multi_page_pdf_with_the_other_files()
    {
        var dir = heart.Scratch("pdf-report");
        // With the drift section too, so that its charts pass the browser check (any console error or failed load is a warning).
        var drift = heart.Scratch("pdf-drift.json");
        Assert.Equal(0, CliRunner.Run("drift", "--reference-data", TestFiles.Golden("fx_drift_ref.csv"), "--current-data", TestFiles.Golden("fx_drift_cur.csv"), "--format", "json", "--out", drift).Code);
        // And the external validation and mitigation sections with their charts.
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--card", HeartReportFixture.CardPath, "--drift", drift,
            "--validation", ValidationMitigationReportTests.ValidationFile, "--mitigation", ValidationMitigationReportTests.ThresholdOptimizerFile,
            "--mitigation", ValidationMitigationReportTests.RejectOptionFile, "--chromium", Chromium(), "--pdf", "--out", dir);
        Assert.True(code == 0, $"report --pdf exit {code}: {err}");
        output.WriteLine(err);
        var pdf = File.ReadAllBytes(Path.Combine(dir, "report.pdf"));
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var pages = ChromiumRenderer.PdfPageCount(pdf);
        Assert.True(pages > 1, $"{pages} PDF pages");
        Assert.Contains($"({pages} pages)", err);
        Assert.DoesNotContain("warning", err);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h2>External validation</h2>", html);
        Assert.Contains("<h2>Mitigation</h2>", html);
        Assert.False(ReportRunner.StagingLeft(Path.GetDirectoryName(dir)!));
    }

    [Fact]
    public void Missing_chromium_exits_2_saying_how_to_install_it_and_writes_nothing()
    {
        var dir = heart.Scratch("no-chromium");
        var (code, err) = ReportRunner.Report("--audit", heart.AuditJson, "--pdf", "--chromium", "/nonexistent/chromium", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("apt-get install chromium", err);
        Assert.Contains("--chromium PATH", err);
        Assert.Contains(ChromiumRenderer.EnvironmentVariable, err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_page_with_a_console_error_an_exception_and_a_missing_image_is_caught()
    {
        using var tmp = new TempDir();
        var page = tmp.File("broken.html", """
            <!DOCTYPE html><html><head><title>broken</title></head><body>
            <p>deliberately broken</p>
            <img src="does-not-exist.png" alt="missing" />
            <script>console.error("deliberate failure 42"); throw new Error("deliberate exception 7");</script>
            </body></html>
            """);
        var result = ChromiumRenderer.Render(Chromium(), page, new RenderOptions(Pdf: false, Screenshot: false, Timeout));
        output.WriteLine(string.Join("\n", result.Problems.All));
        Assert.False(result.Problems.IsClean);
        Assert.Contains(result.Problems.ConsoleErrors, e => e.Contains("deliberate failure 42", StringComparison.Ordinal));
        Assert.Contains(result.Problems.Exceptions, e => e.Contains("deliberate exception 7", StringComparison.Ordinal));
        Assert.Contains(result.Problems.FailedLoads, e => e.Contains("ERR_FILE_NOT_FOUND", StringComparison.Ordinal));
        Assert.Null(result.Pdf);
    }

    [Fact]
    public void A_timeout_kills_the_browser_and_removes_its_profile()
    {
        static string[] Profiles() => Directory.GetDirectories(Path.GetTempPath(), "vigil-chromium-*");
        var before = Profiles();
        var e = Assert.Throws<ChromiumException>(() =>
            ChromiumRenderer.Render(Chromium(), Path.Combine(heart.OutDir, "report.html"), new RenderOptions(Pdf: true, Screenshot: false, TimeSpan.FromMilliseconds(300))));
        Assert.Contains("did not finish within 0.3 s", e.Message);
        Assert.Empty(Profiles().Except(before));
    }

    [Fact]
    public void Every_img_and_svg_in_the_report_has_alt_text()
    {
        var doc = XDocument.Load(XmlReader.Create(new StringReader(heart.Files["report.html"]), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        var images = doc.Descendants().Where(e => e.Name.LocalName is "img" or "svg").ToList();
        Assert.NotEmpty(images);
        foreach (var e in images)
        {
            string? label = e.Name.LocalName == "img" ? (string?)e.Attribute("alt") : (string?)e.Attribute("aria-label");
            if (label is null && (string?)e.Attribute("aria-labelledby") is { } ids)
                label = string.Join(" ", ids.Split(' ').Select(id => doc.Descendants().FirstOrDefault(d => (string?)d.Attribute("id") == id)?.Value));
            Assert.False(string.IsNullOrWhiteSpace(label), $"<{e.Name.LocalName}> without alt text");
            Assert.Matches(new Regex(@"\d"), label!); // the alt text carries the numbers
        }
    }
}
