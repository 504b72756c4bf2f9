namespace Vigil.Reporting.Audit;

/// <summary>How a shareable output shows one group (docs/suppression.md).</summary>
public enum CellShown
{
    /// <summary>Every count and rate, exactly.</summary>
    Exact,

    /// <summary>
    /// Every rate exactly, but the counts (patients, positives) rounded to the nearest <see cref="SmallCellPolicy.RoundingBase"/>:
    /// the group was chosen to protect a smaller one and has 100 patients or more, so it is never suppressed.
    /// </summary>
    Rounded,

    /// <summary>
    /// Every rate and the number of patients exactly, the positives rounded to the nearest
    /// <see cref="SmallCellPolicy.RoundingBase"/>: a group of 100 patients or more protecting a smaller group's outcomes.
    /// </summary>
    RoundedOutcome,

    /// <summary>
    /// The number of patients, but no count of positives and no outcome-based rate (FNR, sensitivity, FPR, specificity,
    /// PPV, AUROC, ECE): the group's positives or negatives number 1 to min-cell − 1, or the group protects such a group.
    /// </summary>
    SizeOnly,

    /// <summary>
    /// <see cref="SizeOnly"/> with the number of patients rounded: a group of 100 patients or more with few positives or
    /// negatives that also protects a smaller group.
    /// </summary>
    RoundedSizeOnly,

    /// <summary>No count and no rate: the group has 1 to min-cell − 1 patients, or protects such a group.</summary>
    Hidden,
}

/// <summary>Why a group is not shown exactly.</summary>
public enum CellReason
{
    /// <summary>Shown exactly.</summary>
    None,

    /// <summary>The group has 1 to min-cell − 1 patients.</summary>
    SmallGroup,

    /// <summary>The group's positives or its negatives number 1 to min-cell − 1.</summary>
    SmallOutcome,

    /// <summary>Not small itself: hidden or rounded so that a small group's count cannot be derived by subtraction.</summary>
    Complementary,
}

/// <summary>The treatment of one group: what is shown and why.</summary>
/// <param name="Shown">What the outputs show.</param>
/// <param name="Reason">Why they show less than everything.</param>
public sealed record CellProtection(CellShown Shown, CellReason Reason)
{
    /// <summary>Everything shown exactly.</summary>
    public static CellProtection Exact { get; } = new(CellShown.Exact, CellReason.None);
}
