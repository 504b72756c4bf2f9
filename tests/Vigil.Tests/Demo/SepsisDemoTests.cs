using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Demo;

/// <summary>
/// `vigil demo sepsis-monitoring --no-wait` end to end, non-interactively: the service starts on a temporary SQLite store,
/// the 30-day example runs through it, and the demo prints where to look and the 65+ FNR alert in clinical words.
/// </summary>
public sealed class SepsisDemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-sepsis-demo-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Sepsis_demo_runs_the_example_through_the_service_and_prints_the_alert_and_where_to_look()
    {
        var (code, stdout, err) = CliRunner.Run("demo", "sepsis-monitoring", "--no-wait", "--urls", "http://127.0.0.1:0", "--out", _dir);
        Assert.True(code == 0, err);
        Assert.Contains("[3/3]", err, StringComparison.Ordinal);
        Assert.Matches(@"Dashboard  http://127\.0\.0\.1:\d+/dashboard/", stdout);
        Assert.Matches(@"API key    vgl_demo_[0-9a-f]{32}", stdout);
        // The injected rise is found, after the injection, with its clinical translation; nothing fired before it.
        Assert.Matches(@"The alert: #\d+ \w+ age = >=65 fnr", stdout);
        // the translation in the issue's words, its period the alert's window ("in the last N hours/days"), and it comes last
        var last = stdout.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^  In clinical terms: about \d+ additional missed sepsis cases per 1,000 septic patients aged 65\+ in the last [\d.]+ (hours|days) \(\d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$", last);
        Assert.Matches(@"  Its page   http://127\.0\.0\.1:\d+/dashboard/#/alerts/\d+", stdout);
        // the service's log is in the demo folder, not on the console
        var log = Path.Combine(_dir, "service.log");
        Assert.Contains($"Service log: {log}", stdout, StringComparison.Ordinal);
        Assert.Contains("Now listening on", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.DoesNotContain("info:", stdout + err, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Hosting", stdout + err, StringComparison.Ordinal);
        Assert.Contains("Alerts before the injection: none.", stdout, StringComparison.Ordinal);
        // The kept summary names no key; the registration is there for `vigil monitor register`.
        var summary = File.ReadAllText(Path.Combine(_dir, "summary.txt"));
        Assert.DoesNotContain("vgl_demo_", summary, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "registration.json")));
    }
}
