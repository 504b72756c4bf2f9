using System.Diagnostics;
using Vigil.Contracts.Monitoring;
using Vigil.Reporting.Browser;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>
/// The dashboard in Debian's headless Chromium (test.sh installs it) against the real service: sign in with a key, see the
/// injected FNR alert on the model page, charts drawn as SVG paths, acknowledge with the button and see the new state in
/// the page and the API, with no console error, exception or failed load; a viewer's acknowledge is refused with the
/// server's message shown. Screenshots go to bin/.../artifacts/dashboard-*.png.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>The Chromium to use; fails (never skips) when there is none.</summary>
    private static string Chromium() =>
        ChromiumRenderer.Find(null) ?? throw new InvalidOperationException(
            $"headless Chromium not found (test.sh installs it with apt-get install chromium; or set {ChromiumRenderer.EnvironmentVariable}); the dashboard tests need a real browser");

    [Fact]
    public async Task A_reviewer_signs_in_sees_the_alert_and_charts_and_acknowledges_it()
    {
        var clock = Stopwatch.StartNew();
        await using var browser = await BrowserSession.StartAsync(Chromium(), TimeSpan.FromSeconds(60));
        await SignInAsync(browser, fixture.Keys["reviewer"]);

        // models overview: both models, with their open alert in words
        var overview = (await browser.WaitForAsync("document.querySelector('#view table') && document.querySelector('#view table').innerText", "the models table", Step)).GetValue<string>();
        Assert.Contains(DashboardFixture.ModelA, overview, StringComparison.Ordinal);
        Assert.Contains("1 open alert", overview, StringComparison.Ordinal);
        await Screenshot(browser, "dashboard-models.png");

        await browser.ClickAsync($"a[href='#/models/{DashboardFixture.ModelA}']");
        var id = fixture.Alerts[DashboardFixture.ModelA].Id;
        await browser.WaitForAsync($"document.querySelector(\"button.acknowledge[data-alert='{id}']\") !== null", "the alert's acknowledge button", Step);
        var alertsText = (await browser.EvaluateAsync("document.getElementById('alerts').innerText"))!.GetValue<string>();
        Assert.Contains("sex = F", alertsText, StringComparison.Ordinal);
        Assert.Contains("fnr", alertsText, StringComparison.Ordinal);
        Assert.Contains("Open", alertsText, StringComparison.Ordinal);

        // charts: FNR, FPR, PPV and alert rate for each attribute, each an SVG with a title, lines and interval bands, and its table
        var charts = (await browser.EvaluateAsync("""
            JSON.stringify([...document.querySelectorAll('figure[data-metric]')].map(f => ({
              metric: f.dataset.metric, attribute: f.dataset.attribute,
              title: f.querySelector('svg.chart > title')?.textContent ?? '',
              lines: f.querySelectorAll('svg.chart path.line').length,
              bands: f.querySelectorAll('svg.chart path.band').length,
              labels: [...f.querySelectorAll('svg.chart text.direct-label')].map(t => t.textContent),
              legend: [...f.querySelectorAll('.legend li')].map(li => li.textContent.trim()),
              rows: f.querySelectorAll('table tbody tr').length })))
            """))!.GetValue<string>();
        output.WriteLine(charts);
        var figures = System.Text.Json.JsonDocument.Parse(charts).RootElement.EnumerateArray().ToList();
        Assert.Equal(12, figures.Count); // 6 metrics (FNR, FPR, PPV, alert, override rates, label completeness) × 2 attributes (age, sex)
        foreach (var f in figures)
        {
            Assert.NotEqual("", f.GetProperty("title").GetString());
            Assert.True(f.GetProperty("lines").GetInt32() >= 2, $"{f}: lines");
            if (f.GetProperty("metric").GetString() != "label_completeness") // a share of all predictions, without an interval
                Assert.True(f.GetProperty("bands").GetInt32() >= 2, $"{f}: interval bands");
            Assert.True(f.GetProperty("rows").GetInt32() > 0, $"{f}: table rows");
        }
        var fnrBySex = figures.Single(f => f.GetProperty("metric").GetString() == "fnr" && f.GetProperty("attribute").GetString() == "sex");
        Assert.Equal(["All patients", "sex F", "sex M"], fnrBySex.GetProperty("legend").EnumerateArray().Select(x => x.GetString()!));
        Assert.Contains(fnrBySex.GetProperty("labels").EnumerateArray(), l => l.GetString()!.StartsWith("sex F ", StringComparison.Ordinal));
        var bars = (await browser.EvaluateAsync("document.querySelectorAll('svg.chart g.bar path').length"))!.GetValue<int>();
        Assert.True(bars > 10, $"{bars} bar paths (label completeness and override rates)");
        var per100 = (await browser.EvaluateAsync("document.getElementById('alerts-per-100').textContent"))!.GetValue<string>();
        Assert.Equal("0.13", per100); // 1 alert / 800 predictions × 100
        await Screenshot(browser, "dashboard-model.png");

        // acknowledge with the button (a real click)
        await browser.ClickAsync($"button.acknowledge[data-alert='{id}']");
        await browser.WaitForAsync($"document.querySelector(\".state[data-alert='{id}']\")?.innerText.includes('Acknowledged')", "the acknowledged state in the page", Step);
        Assert.Equal(0L, (long)(await browser.EvaluateAsync($"document.querySelectorAll(\"button.acknowledge[data-alert='{id}']\").length"))!.GetValue<int>());
        var stored = await fixture.AlertAsync(DashboardFixture.ModelA);
        Assert.Equal(AlertState.Acknowledged, stored.State);
        Assert.Equal("dash-reviewer", stored.History[^1].User);
        Assert.Equal("from the dashboard", stored.History[^1].Note);
        var inStore = await fixture.Host.Store.GetAlertAsync(id);
        Assert.Equal(AlertState.Acknowledged, inStore!.State);

        // the alert's own page: evidence and clinical translation
        await browser.ClickAsync($"a[href='#/alerts/{id}']");
        var translation = (await browser.WaitForAsync("document.getElementById('translation')?.innerText", "the clinical translation", Step)).GetValue<string>();
        output.WriteLine(translation);
        // the scenario's registration has no reference profile, so the monitors give no additional-missed count; the page says so
        Assert.Null(stored.AdditionalMissedPer1000);
        Assert.True(translation.Contains("of patients with the outcome among patients with sex = F.", StringComparison.Ordinal), translation);
        Assert.Contains("no reference miss rate", translation, StringComparison.Ordinal);
        var evidence = (await browser.EvaluateAsync("[...document.querySelectorAll('table')].find(t => t.caption.textContent === 'Evidence').innerText"))!.GetValue<string>();
        Assert.Equal(stored.Evidence.Count, evidence.Split('\n').Count(l => l.Contains('\t', StringComparison.Ordinal)) - 1);
        await Screenshot(browser, "dashboard-alert.png");

        Assert.True(browser.Problems.Count == 0, "problems in Chromium: " + string.Join("; ", browser.Problems));
        output.WriteLine($"browser test: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_viewers_acknowledge_is_refused_and_the_servers_message_is_shown()
    {
        await using var browser = await BrowserSession.StartAsync(Chromium(), TimeSpan.FromSeconds(60));
        await SignInAsync(browser, fixture.Keys["viewer"]);
        await browser.NavigateAsync(new Uri(fixture.Host.Address, $"/dashboard/#/models/{DashboardFixture.ModelB}"));
        var id = fixture.Alerts[DashboardFixture.ModelB].Id;
        var button = $"button.acknowledge[data-alert='{id}']";
        await browser.WaitForAsync($"document.querySelector(\"{button}\") !== null", "the acknowledge button", Step);
        // by keyboard: focus the button and press Enter
        await browser.EvaluateAsync($"document.querySelector(\"{button}\").focus()");
        Assert.True((await browser.EvaluateAsync($"document.activeElement === document.querySelector(\"{button}\")"))!.GetValue<bool>());
        await browser.PressEnterAsync();
        var message = (await browser.WaitForAsync($"document.querySelector(\"{button}\").parentElement.querySelector('.row-message').textContent",
            "the refusal message", Step)).GetValue<string>();
        output.WriteLine(message);
        Assert.StartsWith("Forbidden:", message, StringComparison.Ordinal);
        Assert.Contains("reviewer", message, StringComparison.Ordinal);
        await Screenshot(browser, "dashboard-viewer-refused.png");
        Assert.Equal(AlertState.Open, (await fixture.AlertAsync(DashboardFixture.ModelB)).State);
        // the refused POST is the only problem the browser saw
        var problems = browser.Problems;
        Assert.True(problems.All(p => p.Contains("403", StringComparison.Ordinal) && (p.Contains("/transition", StringComparison.Ordinal) || p.StartsWith("log:", StringComparison.Ordinal))),
            "problems in Chromium: " + string.Join("; ", problems));
    }

    private async Task SignInAsync(BrowserSession browser, string key)
    {
        await browser.NavigateAsync(new Uri(fixture.Host.Address, "/dashboard/"));
        await browser.WaitForAsync("document.getElementById('api-key') && !document.getElementById('sign-in').hidden", "the sign-in form", Step);
        await browser.ClickAsync("#api-key");
        await browser.TypeAsync(key);
        await browser.ClickAsync("#sign-in-button");
        await browser.WaitForAsync("document.getElementById('sign-in').hidden && document.querySelector('#view h2') !== null", "the signed-in page", Step);
        Assert.Equal(key, (await browser.EvaluateAsync("sessionStorage.getItem('vigil.apiKey')"))!.GetValue<string>());
    }

    private async Task Screenshot(BrowserSession browser, string name)
    {
        var png = await browser.ScreenshotAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var path = Path.Combine(artifacts, name);
        await File.WriteAllBytesAsync(path, png);
        output.WriteLine($"screenshot: {path}");
    }
}
