using System.Net;
using System.Text.RegularExpressions;
using Vigil.Service.Dashboard;
using Xunit;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>The dashboard's files over plain HTTP: each served without a key with its content type and a self-only CSP; nothing loads from another origin.</summary>
public sealed partial class DashboardAssetTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    /// <summary>The SVG namespace name: an identifier inside createElementNS, never fetched.</summary>
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Every_asset_is_served_without_a_key_with_its_content_type_and_a_self_only_policy()
    {
        using var anonymous = fixture.Host.Client(apiKey: null);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index.html"] = "text/html",
            ["dashboard.css"] = "text/css",
            ["dashboard.js"] = "text/javascript",
            ["charts.js"] = "text/javascript",
        };
        Assert.Equal(expected.Keys.Order(), DashboardEndpoints.Assets.Keys.Order());
        foreach (var (file, type) in expected)
        {
            using var response = await anonymous.GetAsync("/dashboard/" + file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
            Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 500, file + " is not empty");
        }
        using (var root = await anonymous.GetAsync("/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.OK, root.StatusCode);
            Assert.Contains("<title>Vigil monitoring dashboard</title>", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.Address };
        using (var bare = await noRedirect.GetAsync("/dashboard"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal("/dashboard/", bare.Headers.Location!.OriginalString);
        }
        using (var missing = await anonymous.GetAsync("/dashboard/secrets.json"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var data = await anonymous.GetAsync("/v1/models"))
            Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode); // the data itself still needs a key
    }

    [Fact]
    public async Task No_asset_references_another_origin()
    {
        using var anonymous = fixture.Host.Client(apiKey: null);
        foreach (var file in DashboardEndpoints.Assets.Keys)
        {
            var text = await anonymous.GetStringAsync("/dashboard/" + file);
            var origins = AbsoluteUrl().Matches(text).Select(m => m.Value).Where(u => u != SvgNamespace).ToList();
            Assert.True(origins.Count == 0, $"{file} references {string.Join(", ", origins)}");
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
            foreach (Match reference in Reference().Matches(text))
            {
                var target = reference.Groups["u"].Value;
                Assert.True(target.StartsWith('#') || target.StartsWith("data:", StringComparison.Ordinal) || RelativeFile().IsMatch(target),
                    $"{file}: {reference.Value} is not a relative path");
            }
        }
        var html = await anonymous.GetStringAsync("/dashboard/index.html");
        Assert.Contains("src=\"dashboard.js\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"dashboard.css\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script (the policy would refuse it)
    }

    /// <summary>http(s):// or protocol-relative //host URLs.</summary>
    [GeneratedRegex(@"(?:https?:)?//[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}[^\s""'`)]*")]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"(?:src|href)=""(?<u>[^""]*)""|from\s+'(?<u>[^']*)'|url\((?<u>[^)]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\.?/?[a-z]+\.(?:js|css)$")]
    private static partial Regex RelativeFile();
}
