using Vigil.Contracts.Monitoring;
using Xunit;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>The clinical translation's words (<see cref="AlertTranslation"/>): the issue's sentence, its period the alert's own window.</summary>
public sealed class AlertTranslationTests
{
    private static readonly DateTimeOffset End = new(2026, 2, 4, 6, 0, 0, TimeSpan.Zero);

    private static MonitorAlert Alert(string? attribute, string? level, double? extra, TimeSpan? window) => new(1, "k", "sepsis-ews", "1", AlertKind.Sequential,
        attribute, level, "fnr:cusum", 9, null, 5, "message", extra,
        window is { } w
            ? new Dictionary<string, double?> { [AlertTranslation.WindowFrom] = (End - w).ToUnixTimeMilliseconds(), [AlertTranslation.WindowTo] = End.ToUnixTimeMilliseconds() }
            : new Dictionary<string, double?>(),
        AlertState.Open, End, End, []);

    [Theory]
    [InlineData(336, "about 87 additional missed sepsis cases per 1,000 septic patients aged 65+ in the last 14 days")]
    [InlineData(60, "about 87 additional missed sepsis cases per 1,000 septic patients aged 65+ in the last 2.5 days")]
    [InlineData(30, "about 87 additional missed sepsis cases per 1,000 septic patients aged 65+ in the last 30 hours")]
    public void The_sentence_is_the_issues_with_the_alerts_window(double hours, string expected) =>
        Assert.Equal(expected, AlertTranslation.Text(Alert("age", ">=65", 86.6, TimeSpan.FromHours(hours)), "sepsis_onset"));

    [Fact]
    public void Other_groups_outcomes_and_alerts_without_a_window_say_so_in_words()
    {
        Assert.Equal("about 40 additional missed sepsis cases per 1,000 septic patients with sex = F in the monitored period",
            AlertTranslation.Text(Alert("sex", "F", 40.2, null), "sepsis_onset"));
        Assert.Equal("about 12 additional missed delirium cases per 1,000 patients with delirium aged under 18 in the last 20 days",
            AlertTranslation.Text(Alert("age", "<18", 12, TimeSpan.FromDays(20)), "delirium"));
        Assert.Equal("about 5 additional missed cases per 1,000 patients with the outcome in the last 3 days",
            AlertTranslation.Text(Alert(null, null, 5, TimeSpan.FromDays(3)), null));
        Assert.Null(AlertTranslation.Text(Alert("age", ">=65", null, TimeSpan.FromDays(3)), "sepsis_onset"));
    }
}
