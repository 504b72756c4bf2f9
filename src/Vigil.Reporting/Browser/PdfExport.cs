using Vigil.Core;

namespace Vigil.Reporting.Browser;

/// <summary>
/// report.pdf from report.html: the HTML (self-contained) is written to a temporary directory, printed by
/// <see cref="ChromiumRenderer"/> (A4, backgrounds, 0.4 in margins), and the directory removed. The PDF is returned
/// as a <see cref="ReportFile"/> so that it is written with the other files, all or nothing.
/// </summary>
public static class PdfExport
{
    /// <summary>Default bound on one Chromium run (launch, load, print).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The bound used: <see cref="DefaultTimeout"/>, or VIGIL_CHROMIUM_TIMEOUT seconds when set to a positive number
    /// (a slow machine needs more; the test of a Chromium that never answers needs less).
    /// </summary>
    public static TimeSpan Timeout =>
        double.TryParse(Environment.GetEnvironmentVariable("VIGIL_CHROMIUM_TIMEOUT"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 86_400
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

    /// <summary>
    /// Prints the report.html among <paramref name="files"/>; <paramref name="warn"/> receives one line per console
    /// error, exception or failed load seen while rendering. Throws a usage error when Chromium fails.
    /// </summary>
    public static (ReportFile Pdf, RenderResult Result) Render(string chromium, IReadOnlyList<ReportFile> files, Action<string> warn)
    {
        var html = files.FirstOrDefault(f => f.RelativePath == "report.html") ?? throw new InvalidOperationException("no report.html to print");
        var dir = Directory.CreateTempSubdirectory("vigil-pdf-").FullName;
        try
        {
            var path = Path.Combine(dir, "report.html");
            File.WriteAllText(path, html.Content);
            RenderResult result;
            try
            {
                result = ChromiumRenderer.Render(chromium, path, new RenderOptions(Pdf: true, Screenshot: false, Timeout));
            }
            catch (ChromiumException e)
            {
                throw VigilException.Option("pdf", $"{chromium}: {e.Message}");
            }
            foreach (var problem in result.Problems.All) warn($"report.html in Chromium: {problem}");
            if (result.Pdf is not { Length: > 4 } pdf || pdf[0] != '%' || pdf[1] != 'P')
                throw VigilException.Option("pdf", $"{chromium} returned no PDF");
            return (ReportFile.Binary("report.pdf", pdf), result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
