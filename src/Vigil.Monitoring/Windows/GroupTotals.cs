namespace Vigil.Monitoring.Windows;

/// <summary>A group's totals over a period: every cell whose level of <see cref="Attribute"/> is <see cref="Level"/> (attribute null and level "overall" for all cells).</summary>
public sealed record GroupTotals(string? Attribute, string Level, CellTotals Totals)
{
    /// <summary>The level name of the group of all rows.</summary>
    public const string OverallLevel = "overall";

    public bool IsOverall => Attribute is null;
}
