using Vigil.Contracts.Monitoring;
using Vigil.Data;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Windows;

/// <summary>
/// A period's mergeable summary: the <see cref="HourCell"/> rows of a model (one per hour and cell, where a cell is one
/// combination of protected levels) summed into the overall totals, every protected attribute level's totals (a group =
/// all cells with that level, whatever their other levels), and the per-hour series.
/// <para>
/// Merging is summing: every field of a cell is a count or a sum, so any period is the sum of its hours, any group the
/// sum of its cells, and the order of merging does not matter. That is what lets the store keep one row per hour and
/// cell and still answer any period exactly, and what makes two service replicas agree.
/// </para>
/// </summary>
public sealed class WindowSummary
{
    private readonly Dictionary<(int Attribute, string Level), GroupAccumulator> _groups;
    private readonly IReadOnlyList<ProtectedSpec> _specs;

    private WindowSummary(IReadOnlyList<ProtectedSpec> specs, CellTotals overall, Dictionary<(int Attribute, string Level), GroupAccumulator> groups,
        Dictionary<long, CellTotals> hours)
    {
        _specs = specs;
        _groups = groups;
        Overall = new GroupTotals(null, GroupTotals.OverallLevel, overall);
        Hours = Series(hours);
        var list = new List<GroupTotals>();
        for (var a = 0; a < specs.Count; a++)
        {
            var present = groups.Keys.Where(k => k.Attribute == a).Select(k => k.Level);
            foreach (var level in LevelOrder.Sort(specs[a], present))
                list.Add(new GroupTotals(specs[a].Name, level, groups[(a, level)].Totals));
        }
        Groups = list;
    }

    /// <summary>All cells summed.</summary>
    public GroupTotals Overall { get; }

    /// <summary>Every level present of every protected attribute, in attribute order and level order (<see cref="LevelOrder"/>).</summary>
    public IReadOnlyList<GroupTotals> Groups { get; }

    /// <summary>The overall totals per hour, oldest first (hours without rows are absent).</summary>
    public IReadOnlyList<HourTotals> Hours { get; }

    /// <summary>The protected attributes, in the cell key's order.</summary>
    public IReadOnlyList<ProtectedSpec> Protected => _specs;

    /// <summary>The summary of a registration's cells.</summary>
    public static WindowSummary Build(ModelRegistration registration, IReadOnlyList<HourCell> cells)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return Build(registration.Protected, cells);
    }

    /// <summary>The summary of cells keyed by <paramref name="specs"/> (a cell key missing a level counts it as "(missing)").</summary>
    public static WindowSummary Build(IReadOnlyList<ProtectedSpec> specs, IReadOnlyList<HourCell> cells)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(cells);
        var overall = default(CellTotals);
        var groups = new Dictionary<(int Attribute, string Level), GroupAccumulator>();
        var hours = new Dictionary<long, CellTotals>();
        var levelsOfCell = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var t = CellTotals.Of(cell);
            overall += t;
            hours[cell.HourMs] = hours.GetValueOrDefault(cell.HourMs) + t;
            if (!levelsOfCell.TryGetValue(cell.Cell, out var levels))
                levelsOfCell[cell.Cell] = levels = CellKey.Levels(cell.Cell);
            for (var a = 0; a < specs.Count; a++)
            {
                var level = a < levels.Length ? levels[a] : AuditLoader.MissingLevel;
                if (!groups.TryGetValue((a, level), out var acc)) groups[(a, level)] = acc = new GroupAccumulator();
                acc.Totals += t;
                acc.Hours[cell.HourMs] = acc.Hours.GetValueOrDefault(cell.HourMs) + t;
            }
        }
        return new WindowSummary(specs, overall, groups, hours);
    }

    /// <summary>A group's totals, or null when it has no cells in the period.</summary>
    public GroupTotals? Group(string attribute, string level)
    {
        foreach (var g in Groups)
            if (g.Attribute == attribute && g.Level == level) return g;
        return null;
    }

    /// <summary>A group's per-hour totals, oldest first (attribute null: the overall series).</summary>
    public IReadOnlyList<HourTotals> GroupHours(string? attribute, string level)
    {
        if (attribute is null) return Hours;
        for (var a = 0; a < _specs.Count; a++)
        {
            if (_specs[a].Name != attribute) continue;
            return _groups.TryGetValue((a, level), out var acc) ? Series(acc.Hours) : [];
        }
        return [];
    }

    /// <summary>The groups of one attribute, in level order.</summary>
    public IReadOnlyList<GroupTotals> GroupsOf(string attribute) => [.. Groups.Where(g => g.Attribute == attribute)];

    private static HourTotals[] Series(Dictionary<long, CellTotals> hours)
    {
        var series = new HourTotals[hours.Count];
        var i = 0;
        foreach (var (hour, totals) in hours) series[i++] = new HourTotals(hour, totals);
        Array.Sort(series, (x, y) => x.HourMs.CompareTo(y.HourMs));
        return series;
    }

    private sealed class GroupAccumulator
    {
        public CellTotals Totals;
        public Dictionary<long, CellTotals> Hours { get; } = [];
    }
}

/// <summary>One hour's totals (<see cref="HourMs"/> = the hour's start, Unix ms).</summary>
public sealed record HourTotals(long HourMs, CellTotals Totals);
