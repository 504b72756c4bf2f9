using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;
using Xunit;

namespace Vigil.Tests.Monitoring.Windows;

/// <summary>Any period is a merge of its hours: group totals are sums over cells, in any order and any split.</summary>
public sealed class WindowSummaryTests
{
    private static readonly ProtectedSpec[] Specs = [new("sex", null, null), new("age", [45, 65], null)];

    private static HourCell Cell(long hour, string sex, string age, long k) =>
        new(hour * 3_600_000, CellKey.Of([sex, age]), 10 * k, 2 * k, 1.5 * k, 3 * k, k, k, 2 * k, 0.25 * k, k, k, 0, k);

    private static readonly HourCell[] Cells =
    [
        Cell(0, "F", "<45", 1), Cell(0, "M", "<45", 2), Cell(0, "F", ">=65", 3),
        Cell(1, "M", "45-64", 4), Cell(1, "F", "<45", 5), Cell(2, "M", "(missing)", 6),
    ];

    [Fact]
    public void Groups_are_sums_of_their_cells_in_level_order()
    {
        var s = WindowSummary.Build(Specs, Cells);
        Assert.Equal(210, s.Overall.Totals.Predictions);
        Assert.Equal(["F", "M"], s.GroupsOf("sex").Select(g => g.Level));
        Assert.Equal(["<45", "45-64", ">=65", "(missing)"], s.GroupsOf("age").Select(g => g.Level));
        var f = s.Group("sex", "F")!.Totals;
        Assert.Equal(90, f.Predictions);
        Assert.Equal(9 * 7, f.Matured);
        Assert.Equal(90 - 63 - 9, f.Pending);
        Assert.Equal(8, s.Group("age", "<45")!.Totals.Accepted);
        Assert.Equal([0L, 3_600_000L, 7_200_000L], s.Hours.Select(h => h.HourMs));
        Assert.Equal(60, s.Hours[0].Totals.Predictions);
        Assert.Equal([0L, 3_600_000L], s.GroupHours("sex", "F").Select(h => h.HourMs));
    }

    [Fact]
    public void Merging_is_order_and_split_independent()
    {
        var whole = WindowSummary.Build(Specs, Cells);
        var reversed = WindowSummary.Build(Specs, [.. Cells.Reverse()]);
        Assert.Equal(whole.Groups.Select(g => g.Totals), reversed.Groups.Select(g => g.Totals));
        for (var k = 0; k <= Cells.Length; k++)
        {
            var a = WindowSummary.Build(Specs, Cells[..k]);
            var b = WindowSummary.Build(Specs, Cells[k..]);
            Assert.Equal(whole.Overall.Totals, a.Overall.Totals + b.Overall.Totals);
            foreach (var g in whole.Groups)
            {
                var sum = (a.Group(g.Attribute!, g.Level)?.Totals ?? default) + (b.Group(g.Attribute!, g.Level)?.Totals ?? default);
                Assert.Equal(g.Totals, sum);
            }
        }
    }
}
