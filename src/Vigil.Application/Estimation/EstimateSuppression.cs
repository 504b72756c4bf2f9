using Vigil.Application.Groups;
using Vigil.Core.Estimation;
using Vigil.Reporting.Audit;

namespace Vigil.Application.Estimation;

/// <summary>How one group of an estimate is shown: the treatment of its current rows and of its reference rows.</summary>
/// <param name="Current">Current rows (size) and predicted positives (the exact outcome-like count the estimate implies).</param>
/// <param name="Reference">Reference rows (the estimate shows no reference outcome count).</param>
public sealed record EstimateProtection(CellProtection Current, CellProtection Reference);

/// <summary>
/// The small-cell policy of the estimate outputs (JSON, Markdown, table; docs/estimation.md "Small cells"), decided by
/// the one rule every shareable output follows (<see cref="ComplementarySuppression"/>, docs/suppression.md) on two
/// layers of nodes:
/// <list type="number">
/// <item>current: size = the group's current rows, positives = its predicted positives (score ≥ threshold). The
/// estimate's only exact counts are these: the rows, and the predicted positives that the selection rate or the
/// expected confusion matrix (which sums to the rows and to the predicted positives) give back;</item>
/// <item>reference: size = the group's reference rows (no outcome count of the reference is shown).</item>
/// </list>
/// Partitions as in the audit: every grouping's groups sum to all rows, and in an intersection the cells sharing one
/// attribute's level sum to that level's group. A group of 100 rows or more is never suppressed: its counts are rounded,
/// and it keeps its sensitivity, FNR and specificity (the gap a reader must see) even when its predicted positives or
/// negatives are few — only the numbers over that small class (selection rate, PPV, NPV, prevalence, expected confusion
/// matrix) are withheld, because sensitivity, specificity and prevalence with the row count would give the predicted
/// positives back.
/// </summary>
public static class EstimateSuppression
{
    /// <summary>The treatment of the overall row and of every group (by grouping, in the report's order).</summary>
    public static (EstimateProtection Overall, EstimateProtection[][] Groups) Decide(EstimationReport report, int minCell)
    {
        ArgumentNullException.ThrowIfNull(report);
        minCell = Math.Clamp(minCell, 0, SmallCellPolicy.NeverSuppressed);
        var curSizes = new List<int> { Int(report.Overall.CurrentRows) };
        var predicted = new List<int> { PredictedPositives(report.Overall) };
        var refSizes = new List<int> { Int(report.Overall.ReferenceRows) };
        var labels = new List<string> { "" };
        var ids = new int[report.Groupings.Count][];
        for (var g = 0; g < report.Groupings.Count; g++)
        {
            var grouping = report.Groupings[g];
            ids[g] = new int[grouping.Groups.Count];
            for (var k = 0; k < grouping.Groups.Count; k++)
            {
                var e = grouping.Groups[k];
                ids[g][k] = curSizes.Count;
                curSizes.Add(Int(e.CurrentRows));
                predicted.Add(PredictedPositives(e));
                refSizes.Add(Int(e.ReferenceRows));
                labels.Add(grouping.Name + "=" + e.Group);
            }
        }
        var partitions = Partitions(report, ids);
        var current = ComplementarySuppression.Decide([.. curSizes], [.. predicted], [.. labels], [.. partitions], minCell);
        var reference = ComplementarySuppression.Decide([.. refSizes], new int[refSizes.Count], [.. labels], [.. partitions], minCell);
        var groups = new EstimateProtection[report.Groupings.Count][];
        for (var g = 0; g < groups.Length; g++)
            groups[g] = ids[g].Select(i => new EstimateProtection(current[i], reference[i])).ToArray();
        return (new EstimateProtection(current[0], reference[0]), groups);
    }

    /// <summary>The rows predicted positive: E[TP] + E[FP] is a sum of p̂ and 1 − p̂ over them, an integer up to rounding.</summary>
    public static int PredictedPositives(GroupEstimate e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Int((long)Math.Round(e.Expected.TruePositives + e.Expected.FalsePositives));
    }

    /// <summary>True when the group shows its current row count (exact or rounded).</summary>
    public static bool ShowsRows(CellProtection p) => p is not null && p.Shown != CellShown.Hidden;

    /// <summary>True when the group's row count is shown rounded to the nearest 10.</summary>
    public static bool RowsRounded(CellProtection p) => p is not null && p.Shown is CellShown.Rounded or CellShown.RoundedSizeOnly;

    /// <summary>
    /// True when the group shows <paramref name="metric"/> (vigil.estimate/v1 keys). Exact groups show everything;
    /// rounded groups every rate (their counts are rounded); hidden groups nothing. A group whose predicted positives or
    /// negatives are protected (size only, rounded outcome) shows no number over them — selection_rate, ppv, npv,
    /// prevalence — and, under 100 rows, no rate at all; with 100 rows or more it keeps sensitivity, fnr, specificity,
    /// auroc, prevalence_bbse and prevalence_mlls (never suppressed).
    /// </summary>
    public static bool ShowsMetric(CellProtection p, long rows, string metric)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Shown switch
        {
            CellShown.Exact or CellShown.Rounded => true,
            CellShown.Hidden => false,
            CellShown.RoundedOutcome => metric is not ("selection_rate" or "ppv" or "npv" or "prevalence"),
            _ => rows >= SmallCellPolicy.NeverSuppressed && metric is "sensitivity" or "fnr" or "specificity" or "auroc" or "prevalence_bbse" or "prevalence_mlls",
        };
    }

    /// <summary>True when the expected confusion matrix may be shown: it sums to the exact rows and predicted positives.</summary>
    public static bool ShowsExpectedConfusion(CellProtection p) => p is not null && p.Shown == CellShown.Exact;

    /// <summary>The sentence shown in place of suppressed numbers, or null when nothing is withheld.</summary>
    public static string? Reason(EstimateProtection p, int minCell)
    {
        ArgumentNullException.ThrowIfNull(p);
        var c = p.Current;
        var text = c.Shown switch
        {
            CellShown.Exact => null,
            CellShown.Hidden when c.Reason == CellReason.SmallGroup => $"suppressed (fewer than {minCell} current rows)",
            CellShown.Hidden => SmallCellPolicy.ComplementaryNote,
            CellShown.Rounded => $"counts rounded to the nearest {SmallCellPolicy.RoundingBase} (a group of {SmallCellPolicy.NeverSuppressed} rows or more protecting a smaller one is never suppressed)",
            _ when c.Reason == CellReason.SmallOutcome => $"numbers over the predicted positives or negatives suppressed (fewer than {minCell} of them)",
            _ => "numbers over the predicted positives or negatives suppressed (so that a smaller group's cannot be derived)",
        };
        if (p.Reference.Shown != CellShown.Exact)
        {
            var r = p.Reference.Shown == CellShown.Hidden
                ? (p.Reference.Reason == CellReason.SmallGroup ? $"reference rows suppressed (fewer than {minCell})" : "reference rows suppressed (so that a smaller group's cannot be derived)")
                : $"reference rows rounded to the nearest {SmallCellPolicy.RoundingBase}";
            text = text is null ? r : text + "; " + r;
        }
        return text;
    }

    /// <summary>A count as shown: exact, rounded to the nearest 10, or null when hidden.</summary>
    public static long? Count(long value, CellProtection p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Shown switch
        {
            CellShown.Hidden => null,
            CellShown.Rounded or CellShown.RoundedSizeOnly => SmallCellPolicy.Round(Int(value)),
            _ => value,
        };
    }

    private static List<(int[] Cells, int Total)> Partitions(EstimationReport report, int[][] ids)
    {
        var partitions = new List<(int[] Cells, int Total)>();
        for (var g = 0; g < ids.Length; g++) partitions.Add((ids[g], 0));
        var single = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < report.Groupings.Count; g++)
            if (report.Groupings[g].Columns.Count == 1) single[report.Groupings[g].Columns[0]] = g;
        for (var g = 0; g < report.Groupings.Count; g++)
        {
            var grouping = report.Groupings[g];
            if (grouping.Columns.Count < 2) continue;
            for (var j = 0; j < grouping.Columns.Count; j++)
            {
                if (!single.TryGetValue(grouping.Columns[j], out var margin)) continue;
                var byLevel = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (var k = 0; k < grouping.Groups.Count; k++)
                {
                    var parts = grouping.Groups[k].Group.Split(GroupSelection.Separator);
                    if (parts.Length != grouping.Columns.Count) continue;
                    if (!byLevel.TryGetValue(parts[j], out var cells)) byLevel[parts[j]] = cells = [];
                    cells.Add(ids[g][k]);
                }
                var marginGroups = report.Groupings[margin].Groups;
                foreach (var (level, cells) in byLevel)
                {
                    for (var k = 0; k < marginGroups.Count; k++)
                        if (marginGroups[k].Group == level) partitions.Add(([.. cells], ids[margin][k]));
                }
            }
        }
        return partitions;
    }

    private static int Int(long count) => (int)Math.Clamp(count, 0, int.MaxValue);
}
