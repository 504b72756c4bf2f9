using System.Globalization;
using Vigil.Contracts.Drift;
using Vigil.Reporting.Audit;

namespace Vigil.Cli.Output;

/// <summary>
/// The per-group summary of a drift run as text, shared by the Markdown and the table renderings, drawn from the
/// vigil.drift/v2 group values so that every rendering shows what the JSON shows: a suppressed count is the text
/// "suppressed (&lt;11)", never the number; a rounded one "≈120".
/// </summary>
internal static class DriftGroupText
{
    /// <summary>The summary table's header cells.</summary>
    public static IReadOnlyList<string> Header { get; } = ["group", "reference rows", "current rows", "drifted columns", "drifted share", "gap to reference"];

    /// <summary>The heading of a grouping, naming its reference group.</summary>
    public static string Title(DriftGroupingValue grouping)
    {
        ArgumentNullException.ThrowIfNull(grouping);
        return $"Drift within groups of {grouping.Attribute} (reference group: {grouping.ReferenceGroup ?? "none"})";
    }

    /// <summary>One group's row of the summary table: rows, drifted columns, drifted share and gap, or the suppression text.</summary>
    public static IReadOnlyList<string> Row(DriftGroupValue group, string? referenceGroup, int minCell)
    {
        ArgumentNullException.ThrowIfNull(group);
        var name = group.Group == referenceGroup ? group.Group + " (reference)" : group.Group;
        var hidden = Suppressed(group, minCell);
        return
        [
            name, Count(group.ReferenceRows, group, "reference", minCell), Count(group.CurrentRows, group, "current", minCell),
            group.DatasetDrift is { } d ? $"{d.DriftedColumns} of {d.Columns}" : hidden,
            Metric(group.DriftedShare, hidden, group.DatasetDrift is null),
            Metric(group.ReferenceGap, hidden, group.DatasetDrift is null),
        ];
    }

    /// <summary>The per-group detail title: "sex = F (120 reference rows, ≈130 current rows)".</summary>
    public static string DetailTitle(string attribute, DriftGroupValue group, int minCell)
    {
        ArgumentNullException.ThrowIfNull(group);
        return $"{attribute} = {group.Group} ({Count(group.ReferenceRows, group, "reference", minCell)} reference rows, {Count(group.CurrentRows, group, "current", minCell)} current rows" +
               (group.CountsRounded ? ", counts rounded" : "") + ")";
    }

    /// <summary>
    /// The text in place of a suppressed statistic of <paramref name="group"/> (or of one side's count when
    /// <paramref name="side"/> is "reference" or "current"): "suppressed (&lt;11)" for a small cell, else the complementary note.
    /// </summary>
    public static string Suppressed(DriftGroupValue group, int minCell, string? side = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        var small = $"fewer than {minCell.ToString(CultureInfo.InvariantCulture)} {side}";
        return group.SuppressedReason is { } r && r.Contains(small, StringComparison.Ordinal)
            ? $"suppressed (<{minCell.ToString(CultureInfo.InvariantCulture)})"
            : "suppressed (protects a smaller group)";
    }

    /// <summary>A count as shown: the number, "≈N" when the group's counts are rounded (to multiples of 10), or the suppression text when null.</summary>
    private static string Count(long? count, DriftGroupValue group, string side, int minCell) => count switch
    {
        null => Suppressed(group, minCell, side),
        { } n when group.CountsRounded && n % SmallCellPolicy.RoundingBase == 0 => "≈" + n.ToString(CultureInfo.InvariantCulture),
        { } n => n.ToString(CultureInfo.InvariantCulture),
    };

    private static string Metric(Contracts.Common.MetricValue m, string hidden, bool suppressed) =>
        suppressed ? hidden
        : m.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture)
        : "undefined" + (m.Reason is null ? "" : $" ({m.Reason})");
}
