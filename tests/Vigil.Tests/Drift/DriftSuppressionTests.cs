using Vigil.Application.Drift;
using Vigil.Core.Drift;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// The drift small-cell rule (<see cref="DriftSuppression"/>) on hand-built groupings: the same kernel as the audit and
/// the estimate (1 to min-cell − 1 rows hidden; one hidden cell per partition protected by the next-smallest group,
/// hidden under 100 rows, rounded from 100), with the rows outside the groups as a cell, on both files.
/// </summary>
public sealed class DriftSuppressionTests
{
    /// <summary>One row per case: group sizes "A:300/300,B:150/150,C:5/5", file totals, and the expected treatment of each group (E exact, H hidden, R rounded) per side "ref/cur".</summary>
    public static TheoryData<string, string, long, long, string> Cases => new()
    {
        // One small cell: the next-smallest (150 rows) protects it with rounded counts.
        { "one small cell, next-smallest >= 100 is rounded", "A:300/300,B:150/150,C:5/5", 455, 455, "A:E/E,B:R/R,C:H/H" },
        // The next-smallest has fewer than 100 rows: it is hidden too.
        { "small cell + next-smallest < 100 is hidden", "A:300/300,B:40/40,C:5/5", 345, 345, "A:E/E,B:H/H,C:H/H" },
        // Two small cells protect each other: nothing more is withheld.
        { "two small cells", "A:300/300,B:200/200,C:5/5,D:7/7", 512, 512, "A:E/E,B:E/E,C:H/H,D:H/H" },
        // 10 rows outside any group (a missing attribute) are a small cell of their own: with C, two opaque cells.
        { "small rows outside + small cell", "A:300/300,B:200/200,C:5/5", 515, 515, "A:E/E,B:E/E,C:H/H" },
        // 5 rows outside and no small group: all rows minus the groups would give them back, so B is rounded.
        { "small rows outside alone", "A:300/300,B:200/200", 505, 505, "A:E/E,B:R/R" },
        // 50 rows outside are the smallest other cell: they protect C (never printed), the groups stay exact.
        { "large rows outside protect the small cell", "A:300/300,B:200/200,C:5/5", 555, 555, "A:E/E,B:E/E,C:H/H" },
        // Only the current file's C is small: the current side is protected, the reference side shows everything.
        { "small in the current file only", "A:300/300,B:150/150,C:40/5", 490, 455, "A:E/E,B:E/R,C:E/H" },
        // Exactly min-cell rows is not small.
        { "11 rows is not a small cell", "A:300/300,B:150/150,C:11/11", 461, 461, "A:E/E,B:E/E,C:E/E" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_gets_the_one_rule(string name, string sizes, long referenceRows, long currentRows, string expected)
    {
        var grouping = Grouping("g", sizes);
        var decided = DriftSuppression.Decide([grouping], referenceRows, currentRows, 11)[0];
        var want = expected.Split(',').Select(x => x.Split(':')).ToDictionary(x => x[0], x => x[1]);
        for (var k = 0; k < decided.Length; k++)
        {
            var group = grouping.Drift.Groups[k].Value;
            Assert.True(want[group] == Code(decided[k].Reference) + "/" + Code(decided[k].Current),
                $"{name}: group {group} is {Code(decided[k].Reference)}/{Code(decided[k].Current)}, expected {want[group]}");
        }
    }

    [Fact]
    public void Min_cell_zero_shows_every_group_exactly()
    {
        var grouping = Grouping("g", "A:300/300,B:40/40,C:5/5");
        var decided = DriftSuppression.Decide([grouping], 350, 350, 0)[0];
        Assert.All(decided, p => Assert.Equal("E/E", Code(p.Reference) + "/" + Code(p.Current)));
        Assert.All(decided, p => Assert.Null(DriftSuppression.Reason(p, 0)));
    }

    [Fact]
    public void An_intersection_cell_is_protected_within_its_margin()
    {
        // sex=F splits into F*a (200) and F*b (6): the small cell and its margin would give F*b back as F − F*a.
        var sex = Grouping("sex", "F:206/206,M:300/300");
        var both = Grouping("sex*age", "F*a:200/200,F*b:6/6,M*a:150/150,M*b:150/150");
        var decided = DriftSuppression.Decide([sex, both], 506, 506, 11);
        Assert.Equal("H", Code(decided[1][1].Current));
        // F*a is the only other cell within sex=F: it is rounded (200 rows), so F − F*a gives no exact count.
        Assert.Equal("R", Code(decided[1][0].Current));
    }

    [Fact]
    public void Hidden_and_rounded_counts_and_reasons()
    {
        var grouping = Grouping("g", "A:300/300,B:153/157,C:5/5");
        var decided = DriftSuppression.Decide([grouping], 458, 462, 11)[0];
        Assert.Null(decided[2].Current.Count(5));
        Assert.Equal(150, decided[1].Reference.Count(153));
        Assert.Equal(160, decided[1].Current.Count(157));
        Assert.Equal(300, decided[0].Current.Count(300));
        Assert.True(decided[2].StatisticsHidden);
        Assert.True(decided[1].CountsRounded);
        Assert.Contains("fewer than 11 current rows", DriftSuppression.Reason(decided[2], 11), StringComparison.Ordinal);
        Assert.Contains("rounded to the nearest 10", DriftSuppression.Reason(decided[1], 11), StringComparison.Ordinal);
        Assert.Null(DriftSuppression.Reason(decided[0], 11));
    }

    private static string Code(DriftSideProtection side) => side.Hidden ? "H" : side.Rounded ? "R" : "E";

    /// <summary>A grouping of groups "NAME:REF/CUR" (no columns compared: the rule looks at row counts only).</summary>
    private static DriftGrouping Grouping(string name, string sizes)
    {
        var groups = sizes.Split(',').Select(s =>
        {
            var parts = s.Split(':');
            var rows = parts[1].Split('/');
            return new GroupDrift(parts[0], long.Parse(rows[0], System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(rows[1], System.Globalization.CultureInfo.InvariantCulture), new DriftResult([], DatasetDrift.Of([])));
        }).ToList();
        var small = groups.Where(g => g.ReferenceRows < 11 || g.CurrentRows < 11).Select(g => g.Value).ToHashSet(StringComparer.Ordinal);
        return new DriftGrouping(name, name.Split('*'), new GroupedDrift(name, groups, [], []), small, groups[0].Value);
    }
}
