using System.Text.Json;
using Vigil.Reporting.Browser;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>
/// The dashboard's monitoring panels in headless Chromium over a run of the sepsis example (<see cref="SepsisDashboardFixture"/>):
/// the drift heat map (feature × day, a value printed in every cell, the lactate shift marked above the bound), model
/// alerts per 100 patient-days by group, override rates, label completeness over time, estimated vs realized performance
/// where labels are pending (and its controls), the line-end labels taken from the last complete day (not the partial
/// one), the 65+ alert's clinical translation, no console error; screenshots saved.
/// </summary>
public sealed class SepsisDashboardBrowserTests(SepsisDashboardFixture fixture, ITestOutputHelper output) : IClassFixture<SepsisDashboardFixture>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_model_page_shows_the_heat_map_burden_overrides_and_completeness_with_complete_days_labelled()
    {
        var chromium = ChromiumRenderer.Find(null) ?? throw new InvalidOperationException("headless Chromium not found (test.sh installs it)");
        await using var browser = await BrowserSession.StartAsync(chromium, TimeSpan.FromSeconds(60));
        await browser.NavigateAsync(new Uri(fixture.Address, "/dashboard/"));
        await browser.WaitForAsync("document.getElementById('api-key') && !document.getElementById('sign-in').hidden", "the sign-in form", Step);
        await browser.ClickAsync("#api-key");
        await browser.TypeAsync(SepsisDashboardFixture.AdminKey);
        await browser.ClickAsync("#sign-in-button");
        await browser.WaitForAsync("document.getElementById('sign-in').hidden && document.querySelector('#view h2') !== null", "the signed-in page", Step);
        var model = fixture.Settings.ModelId;
        await browser.NavigateAsync(new Uri(fixture.Address, $"/dashboard/#/models/{model}"));
        await browser.WaitForAsync("document.querySelector('figure[data-panel=drift] svg.heatmap') !== null", "the drift heat map", Step);

        // heat map: one row per watched feature and the score, one column per complete day, every cell with its value in words or n/a
        var heat = JsonDocument.Parse((await browser.EvaluateAsync("""
            JSON.stringify({
              rows: [...new Set([...document.querySelectorAll('svg.heatmap g.cell')].map(c => c.dataset.feature))],
              cells: document.querySelectorAll('svg.heatmap g.cell').length,
              columns: new Set([...document.querySelectorAll('svg.heatmap g.cell')].map(c => c.dataset.column)).size,
              numeric: [...document.querySelectorAll('svg.heatmap g.cell text')].filter(t => t.textContent !== 'n/a').length,
              texts: [...document.querySelectorAll('svg.heatmap g.cell text')].map(t => t.textContent),
              outlined: [...document.querySelectorAll('svg.heatmap g.cell')].filter(c => c.querySelector('rect').getAttribute('stroke') === '#000').map(c => c.dataset.feature),
              legend: [...document.querySelectorAll('figure[data-panel=drift] .legend li')].map(li => li.textContent.trim()),
              summary: document.getElementById('drift-summary').textContent })
            """))!.GetValue<string>()).RootElement;
        output.WriteLine(heat.ToString());
        var rows = heat.GetProperty("rows").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(["heart_rate", "resp_rate", "temperature", "sbp", "map", "wbc", "lactate", "creatinine", "score"], rows);
        // the look-back (30 days back from 07:00, so 31 day buckets) minus today (partial): 30 columns; days before the run show n/a
        var columns = heat.GetProperty("columns").GetInt32();
        Assert.Equal(30, columns);
        Assert.Equal(rows.Count * columns, heat.GetProperty("cells").GetInt32());
        var days = fixture.Settings.Days - 1; // the run's complete days at the fixture's clock
        Assert.True(heat.GetProperty("numeric").GetInt32() >= rows.Count * (days - 1), $"{heat.GetProperty("numeric")} cells with a PSI");
        Assert.All(heat.GetProperty("texts").EnumerateArray(), t => Assert.Matches(@"^(\d+\.\d\d|n/a)$", t.GetString()));
        // the lactate assay change from day 6 is above the bound, and only lactate (and the score it moves) can be
        var outlined = heat.GetProperty("outlined").EnumerateArray().Select(o => o.GetString()).ToHashSet();
        Assert.Contains("lactate", outlined);
        Assert.Subset(new HashSet<string?> { "lactate", "score" }, outlined);
        Assert.Contains("lactate on", heat.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(heat.GetProperty("legend").EnumerateArray(), l => l.GetString()!.StartsWith("stable", StringComparison.Ordinal));

        // alerts per 100 patient-days, overall and by group; override rates and label completeness by group; the estimate hook
        var burden = (await browser.EvaluateAsync("document.getElementById('alerts-per-100-patient-days').textContent"))!.GetValue<string>();
        Assert.InRange(double.Parse(burden, System.Globalization.CultureInfo.InvariantCulture), 10, 30); // alerts on about 18% of encounter-days
        var burdenRows = (await browser.EvaluateAsync("document.querySelector('figure[data-panel=burden] table tbody').rows.length"))!.GetValue<int>();
        Assert.True(burdenRows > 10, $"{burdenRows} groups in the burden table");
        // the service has GET /v1/models/{id}/overrides: the panel shows the reasons table by group (small cells suppressed there)
        Assert.Contains("Override reasons by group", (await browser.EvaluateAsync("document.getElementById('override-reasons').textContent"))!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True((await browser.EvaluateAsync("document.querySelectorAll('#override-reasons table tbody tr').length"))!.GetValue<int>() > 0, "no override reason rows");
        var metrics = (await browser.EvaluateAsync("[...new Set([...document.querySelectorAll('figure[data-metric]')].map(f => f.dataset.metric))].join(',')"))!.GetValue<string>();
        Assert.Equal("fnr,fpr,ppv,alert_rate,override_rate,label_completeness", metrics);

        // line-end labels: the last complete day's value, not the partial day's
        var check = JsonDocument.Parse((await browser.EvaluateAsync($$"""
            (async () => {
              const series = await (await fetch('/v1/models/{{model}}/series?bucket=day', { headers: { 'X-Api-Key': sessionStorage.getItem('vigil.apiKey') } })).json();
              const complete = series.points.filter(p => !p.partial && p.overall.alert_rate.value !== null);
              const last = complete[complete.length - 1].overall.alert_rate.value;
              const label = [...document.querySelectorAll("figure[data-metric=alert_rate][data-attribute=age] svg text.direct-label")].map(t => t.textContent).find(t => t.startsWith('All patients'));
              return JSON.stringify({ partial: series.points.filter(p => p.partial).length, expected: `All patients ${Math.round(last * 1000) / 10}%`, label });
            })()
            """))!.GetValue<string>()).RootElement;
        output.WriteLine(check.ToString());
        Assert.Equal(1, check.GetProperty("partial").GetInt32());
        Assert.Equal(check.GetProperty("expected").GetString(), check.GetProperty("label").GetString());

        await Screenshot(browser, "dashboard-sepsis-model.png");
        await browser.EvaluateAsync("document.getElementById('drift').scrollIntoView()");
        await Screenshot(browser, "dashboard-sepsis-drift.png");

        // estimated vs realized where labels are pending: three lines (realized, estimated, completeness) with bands, one
        // table row per complete day that still has pending labels, the estimate a rate with its interval
        var panel = await EstimatePanelAsync(browser);
        output.WriteLine(panel.ToString());
        Assert.Equal(["Realized (matured labels)", "Estimated (pending, CBPE)", "Label completeness"], panel.GetProperty("series").EnumerateArray().Select(x => x.GetString()));
        Assert.All(panel.GetProperty("drawn").EnumerateArray(), d => Assert.True(d.GetBoolean()));
        Assert.True(panel.GetProperty("bands").GetInt32() >= 2, $"{panel.GetProperty("bands")} interval bands");
        var estimateRows = panel.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        Assert.InRange(estimateRows.Count, 2, 5); // the outcome window (72 h) and label delay (24 h) leave the last days pending
        Assert.All(estimateRows, r =>
        {
            Assert.Matches(@"^\d+\.\d%$", r[3]); // estimated FNR
            Assert.Matches(@"^\d+\.\d% – \d+\.\d%$", r[4]); // its interval
            Assert.Matches(@"^(\d+\.\d)%$", r[7]); // label completeness below 100%
            Assert.NotEqual("100.0%", r[7]);
        });
        Assert.Equal("All patients", panel.GetProperty("group").GetString());
        Assert.Equal(3, panel.GetProperty("radios").GetInt32());
        // the controls redraw it: PPV (a radio), then the 65+ group (the select)
        await browser.ClickAsync("#estimate-panel input[value=ppv]");
        await browser.EvaluateAsync("(() => { const s = document.getElementById('estimate-group'); s.value = [...s.options].find(o => o.textContent === 'age = >=65').value; s.dispatchEvent(new Event('change')); })()");
        var redrawn = await EstimatePanelAsync(browser);
        Assert.Equal("ppv", redrawn.GetProperty("metric").GetString());
        Assert.Equal("age = >=65", redrawn.GetProperty("group").GetString());
        Assert.NotEmpty(redrawn.GetProperty("rows").EnumerateArray());
        await browser.EvaluateAsync("document.getElementById('estimate').scrollIntoView()");
        await Screenshot(browser, "dashboard-sepsis-estimate.png");

        // the 65+ alert's page: its clinical translation in the issue's words, over the alert's own window
        var alert = fixture.Result.Detection?.Alert ?? throw new InvalidOperationException("the fixture's run raised no 65+ FNR alert");
        await browser.NavigateAsync(new Uri(fixture.Address, $"/dashboard/#/alerts/{alert.Id}"));
        var translation = (await browser.WaitForAsync("document.getElementById('translation')?.innerText", "the clinical translation", Step)).GetValue<string>();
        output.WriteLine(translation);
        Assert.Matches(@"^In clinical terms: about \d+ additional missed sepsis cases per 1,000 septic patients aged 65\+ in the last [\d.]+ (hours|days) \(\d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC\), against the reference\.$", translation);
        await Screenshot(browser, "dashboard-sepsis-alert.png");
        Assert.True(browser.Problems.Count == 0, "problems in Chromium: " + string.Join("; ", browser.Problems));
    }

    private static async Task<JsonElement> EstimatePanelAsync(BrowserSession browser) => JsonDocument.Parse((await browser.EvaluateAsync("""
        JSON.stringify({
          series: [...document.querySelectorAll('#estimate-panel svg g.series')].map(g => g.dataset.series),
          drawn: [...document.querySelectorAll('#estimate-panel svg g.series')].map(g => g.querySelector('path.line, circle') !== null),
          bands: document.querySelectorAll('#estimate-panel svg path.band').length,
          rows: [...document.querySelectorAll('#estimate-panel table tbody tr')].map(r => [...r.cells].map(c => c.textContent)),
          radios: document.querySelectorAll('#estimate-panel input[type=radio]').length,
          metric: document.querySelector('#estimate-panel figure').dataset.estimateMetric,
          group: document.querySelector('#estimate-panel figure').dataset.estimateGroup })
        """))!.GetValue<string>()).RootElement;

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
