using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>GET /v1/models/{id}/series: per-day statuses whose sums equal the period status, the injected rise visible per day, roles and bad input refused.</summary>
public sealed class SeriesEndpointTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Daily_buckets_add_up_to_the_status_and_show_the_female_miss_rate_each_day()
    {
        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-14);
        var query = string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}");
        var series = await fixture.GetJsonAsync(fixture.Keys["viewer"], $"/v1/models/{DashboardFixture.ModelA}/series?bucket=day&{query}");
        var status = await fixture.GetJsonAsync(fixture.Keys["viewer"], $"/v1/models/{DashboardFixture.ModelA}/status?{query}");
        Assert.Equal("vigil.monitor-series/v1", series.GetProperty("schema").GetString());
        Assert.Equal("day", series.GetProperty("bucket").GetString());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(15, points.Count); // 14 days from a time that is not midnight span 15 calendar days
        Assert.Equal(new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero), points[0].GetProperty("from").GetDateTimeOffset());
        for (var i = 1; i < points.Count; i++)
            Assert.Equal(points[i - 1].GetProperty("to").GetDateTimeOffset(), points[i].GetProperty("from").GetDateTimeOffset());

        long predictions = 0;
        var fullDays = 0;
        foreach (var p in points)
        {
            var overall = p.GetProperty("overall");
            predictions += overall.GetProperty("predictions").GetInt64();
            if (Group(p, "F") is not { } femaleGroup || Group(p, "M") is not { } maleGroup)
            {
                // a day without predictions: no groups, and the overall rates are null with a reason, never 0
                Assert.Equal(0, overall.GetProperty("predictions").GetInt64());
                Assert.Equal("no matured positives", overall.GetProperty("fnr").GetProperty("reason").GetString());
                continue;
            }
            var female = femaleGroup.GetProperty("fnr");
            var male = maleGroup.GetProperty("fnr");
            var ci = female.GetProperty("ci").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.InRange(female.GetProperty("value").GetDouble(), ci[0], ci[1]);
            Assert.Equal("wilson", female.GetProperty("ci_method").GetString());
            if (overall.GetProperty("predictions").GetInt64() != 96) continue; // the stream's last, partial day
            // a full day holds 6 consecutive k of each sex: F misses k % 5 < 3 (3 or 4 of 6), M misses k % 10 == 0 (0 or 1 of 6)
            fullDays++;
            Assert.InRange(female.GetProperty("value").GetDouble(), 0.5, 0.67);
            Assert.InRange(male.GetProperty("value").GetDouble(), 0, 1 / 6.0 + 1e-9);
        }
        Assert.Equal(status.GetProperty("overall").GetProperty("predictions").GetInt64(), predictions);
        Assert.Equal(800, predictions);
        Assert.Equal(8, fullDays);
    }

    private static JsonElement? Group(JsonElement point, string sex) =>
        point.GetProperty("groups").EnumerateArray().Cast<JsonElement?>().SingleOrDefault(g => g!.Value.GetProperty("attribute").GetString() == "sex" && g.Value.GetProperty("level").GetString() == sex);


    [Fact]
    public async Task Series_needs_a_viewer_role_a_known_model_and_a_valid_bucket()
    {
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        using (var r = await ingest.GetAsync($"/v1/models/{DashboardFixture.ModelA}/series"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var anonymous = fixture.Host.Client(apiKey: null);
        using (var r = await anonymous.GetAsync($"/v1/models/{DashboardFixture.ModelA}/series"))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using (var r = await viewer.GetAsync("/v1/models/no-such-model/series"))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await viewer.GetAsync($"/v1/models/{DashboardFixture.ModelA}/series?bucket=week"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("bucket", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var r = await viewer.GetAsync($"/v1/models/{DashboardFixture.ModelA}/series?bucket=hour&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("at most 366", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var hourly = await fixture.GetJsonAsync(fixture.Keys["viewer"], $"/v1/models/{DashboardFixture.ModelA}/series?bucket=hour&from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z");
        var empty = hourly.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(24, empty.Count);
        Assert.All(empty, p => Assert.Equal("no matured positives", p.GetProperty("overall").GetProperty("fnr").GetProperty("reason").GetString()));
    }
}
