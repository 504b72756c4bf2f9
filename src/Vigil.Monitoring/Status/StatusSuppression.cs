using Vigil.Monitoring.Windows;
using Vigil.Reporting.Audit;

namespace Vigil.Monitoring.Status;

/// <summary>How much of a group's counts a status shows (rates are always shown).</summary>
public enum StatusCounts
{
    /// <summary>Every count.</summary>
    All,

    /// <summary>Every count but the confusion counts (TN, FP, FN, TP): its matured positives or negatives are small, or protect a small one.</summary>
    NoOutcomes,

    /// <summary>The number of predictions only: its matured rows are few, or protect a small group's.</summary>
    PredictionsOnly,

    /// <summary>No count: the group has 1 to min-cell − 1 predictions, or protects such a group.</summary>
    None,
}

/// <summary>A group's treatment in a status: which counts, rounded or not, and why.</summary>
public sealed record StatusProtection(StatusCounts Counts, bool Rounded, string? Reason);

/// <summary>
/// The small-cell policy of a status (docs/suppression.md, applied with <see cref="ComplementarySuppression"/> on two
/// layers per attribute, each attribute's groups summing to all predictions):
/// <list type="number">
/// <item>Predictions: sizes = predictions, positives = matured positives; a hidden group shows no count, a size-only group
/// no confusion counts.</item>
/// <item>Maturity: sizes = matured predictions, positives = matured positives; a hidden group shows its predictions only
/// (matured, pending and censored would give each other away), a size-only group no confusion counts.</item>
/// </list>
/// The stricter treatment wins; a group chosen to protect another with 100 or more predictions (or matured rows) is never
/// suppressed but has the counts of that layer rounded to the nearest 10. Rates stay in every case: hiding a group's FNR
/// would hide its risk from the people who must act on it (the status is for authorised roles; the counts are what could
/// be linked to patients). Like the reports, this stops one-step subtraction, not every linear combination across attributes.
/// </summary>
public static class StatusSuppression
{
    /// <summary>The treatment of the overall group and of each group (in <paramref name="summary"/>'s order).</summary>
    public static (StatusProtection Overall, StatusProtection[] Groups) Decide(WindowSummary summary, int minCell)
    {
        ArgumentNullException.ThrowIfNull(summary);
        minCell = Math.Clamp(minCell, 0, SmallCellPolicy.NeverSuppressed);
        var o = summary.Overall.Totals;
        var overall = Combine(
            Layer1(ComplementarySuppression.Primary(Int(o.Predictions), Int(o.Positives), minCell), minCell),
            Layer2(ComplementarySuppression.Primary(Int(o.Matured), Int(o.Positives), minCell), minCell));
        var result = new StatusProtection[summary.Groups.Count];
        foreach (var attribute in summary.Protected)
        {
            var indices = new List<int>();
            for (var i = 0; i < summary.Groups.Count; i++)
                if (summary.Groups[i].Attribute == attribute.Name) indices.Add(i);
            if (indices.Count == 0) continue;
            var t = indices.Select(i => summary.Groups[i].Totals).ToArray();
            var byPredictions = ComplementarySuppression.Decide([.. t.Select(x => Int(x.Predictions))], [.. t.Select(x => Int(x.Positives))],
                Int(o.Predictions), Int(o.Positives), minCell);
            var byMatured = ComplementarySuppression.Decide([.. t.Select(x => Int(x.Matured))], [.. t.Select(x => Int(x.Positives))],
                Int(o.Matured), Int(o.Positives), minCell);
            for (var k = 0; k < indices.Count; k++)
                result[indices[k]] = Combine(Layer1(byPredictions[k], minCell), Layer2(byMatured[k], minCell));
        }
        return (overall, result);
    }

    private static StatusProtection Layer1(CellProtection p, int minCell) => p.Shown switch
    {
        CellShown.Exact => new(StatusCounts.All, false, null),
        CellShown.Hidden => new(StatusCounts.None, false, Reason(p.Reason, minCell, "predictions")),
        CellShown.SizeOnly => new(StatusCounts.NoOutcomes, false, Reason(p.Reason, minCell, "matured positives or negatives")),
        CellShown.RoundedSizeOnly => new(StatusCounts.NoOutcomes, true, Reason(p.Reason, minCell, "matured positives or negatives")),
        _ => new(StatusCounts.All, true, Reason(CellReason.Complementary, minCell, "")),
    };

    private static StatusProtection Layer2(CellProtection p, int minCell) => p.Shown switch
    {
        CellShown.Exact => new(StatusCounts.All, false, null),
        CellShown.Hidden => new(StatusCounts.PredictionsOnly, false, Reason(p.Reason, minCell, "matured predictions")),
        CellShown.SizeOnly => new(StatusCounts.NoOutcomes, false, Reason(p.Reason, minCell, "matured positives or negatives")),
        CellShown.RoundedSizeOnly => new(StatusCounts.NoOutcomes, true, Reason(p.Reason, minCell, "matured positives or negatives")),
        _ => new(StatusCounts.All, true, Reason(CellReason.Complementary, minCell, "")),
    };

    private static StatusProtection Combine(StatusProtection a, StatusProtection b)
    {
        var counts = (StatusCounts)Math.Max((int)a.Counts, (int)b.Counts);
        var reason = a.Counts >= b.Counts && a.Reason is not null ? a.Reason : b.Reason ?? a.Reason;
        return new StatusProtection(counts, a.Rounded || b.Rounded, reason);
    }

    private static string Reason(CellReason reason, int minCell, string what) => reason switch
    {
        CellReason.SmallGroup or CellReason.SmallOutcome => $"suppressed (fewer than {minCell} {what})",
        _ => "suppressed or rounded (so that a smaller group cannot be derived by subtraction)",
    };

    /// <summary>Counts above int range never need protection; they are clamped for the policy's int API.</summary>
    private static int Int(long count) => (int)Math.Min(count, int.MaxValue);

    /// <summary>A count rounded to the nearest <see cref="SmallCellPolicy.RoundingBase"/> (halves away from zero).</summary>
    public static long Round(long count) =>
        (long)Math.Round(count / (double)SmallCellPolicy.RoundingBase, MidpointRounding.AwayFromZero) * SmallCellPolicy.RoundingBase;
}
