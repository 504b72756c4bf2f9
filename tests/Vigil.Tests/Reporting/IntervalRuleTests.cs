using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reporting;

/// <summary>
/// The interval rule: every point estimate a report prints with an interval, "x (lo–hi)" or "x (lo to hi)", lies inside
/// it, or the interval says "estimate outside its interval" (a percentile bootstrap of a biased statistic such as ECE
/// can leave its own estimate outside).
/// </summary>
[Collection(DemoReportsGroup.Name)]
public sealed partial class IntervalRuleTests(DemoReportsFixture demos, ITestOutputHelper output)
{
    private const string Number = @"−?\d[\d,]*(?:\.\d+)?";

    [GeneratedRegex($@"(?<v>{Number})%? \((?:\d+% CI )?(?<lo>{Number})%?(?:–| to )(?<hi>{Number})%?(?<note>; {Numbers.OutsideNote})?\)")]
    private static partial Regex EstimateWithInterval();

    private static double Parse(string s) => double.Parse(s.Replace("−", "-", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>The estimates outside their printed interval without the note, and how many estimates were checked.</summary>
    public static (IReadOnlyList<string> Violations, int Checked, int Noted) Check(string text)
    {
        var violations = new List<string>();
        int count = 0, noted = 0;
        foreach (Match m in EstimateWithInterval().Matches(text))
        {
            count++;
            double v = Parse(m.Groups["v"].Value), lo = Parse(m.Groups["lo"].Value), hi = Parse(m.Groups["hi"].Value);
            if (m.Groups["note"].Success) noted++;
            else if (v < lo || v > hi) violations.Add(m.Value);
        }
        return (violations, count, noted);
    }

    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void Every_estimate_in_the_reports_lies_inside_its_interval_or_says_it_does_not(string demo)
    {
        var report = Path.Combine(demos.OutDir(demo), "report");
        foreach (var name in new[] { "report.md", "model-card.md", "hti1-source-attributes.md" })
        {
            var (violations, count, noted) = Check(File.ReadAllText(Path.Combine(report, name)));
            output.WriteLine($"{demo} {name}: {count} estimates with intervals, {noted} noted as outside");
            Assert.True(violations.Count == 0, $"{demo} {name}: estimates outside their interval without the note: {string.Join(" | ", violations)}");
            if (name == "report.md") Assert.True(count > 50, $"only {count} estimates with intervals found in {demo}'s report.md");
        }
    }

    [Fact]
    public void The_rule_catches_an_estimate_outside_its_interval_and_accepts_the_note()
    {
        Assert.Equal(["0.036 (0.041–0.110)"], Check("ECE 0.036 (0.041–0.110) and 0.5 (0.4–0.6)").Violations);
        Assert.Equal(["28.0% (30.1%–47.6%)"], Check("FNR 28.0% (30.1%–47.6%)").Violations);
        Assert.Equal(["−5.0 (−4.5 to 35.7)"], Check("difference −5.0 (−4.5 to 35.7)").Violations);
        Assert.Empty(Check("AUROC 0.915 (95% CI 0.880–0.944), n 303").Violations);

        var outside = Numbers.DecimalWithCi(new MetricValue(0.036, 0.041, 0.110, null));
        Assert.Equal("0.036 (0.041–0.110; estimate outside its interval)", outside);
        Assert.Empty(Check(outside).Violations);
        Assert.Equal(1, Check(outside).Noted);
        Assert.Equal("28.0% (14.3%–47.6%)", Numbers.PercentWithCi(new MetricValue(0.28, 0.143, 0.476, null)));
        Assert.Equal("47.6% (14.3%–47.6%)", Numbers.PercentWithCi(new MetricValue(0.476, 0.143, 0.476, null)));
    }
}
