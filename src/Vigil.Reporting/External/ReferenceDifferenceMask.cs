using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>How one difference against the reference group is shown.</summary>
public enum DifferenceShown
{
    /// <summary>Shown (value and interval, or the reason it is undefined).</summary>
    Shown,

    /// <summary>Hidden because the group's own rate is suppressed.</summary>
    GroupSuppressed,

    /// <summary>Hidden because the reference group's rate is suppressed (the difference would give it back).</summary>
    ReferenceSuppressed,
}

/// <summary>
/// Small-cell suppression of the per-group differences against the reference group (validate's
/// false_negative_rate_difference and false_positive_rate_difference; docs/suppression.md). A difference is shown
/// exactly when the table would show both rates it is made of: the group's own rate
/// (<see cref="ComplementarySuppression.ShowsRate"/> under <see cref="GroupMask.Decide"/>, the rule of the FNR table)
/// and the reference group's, since a shown rate plus its difference gives the reference's rate back. The decision is
/// per group: a suppressed small group never hides the difference of a group whose own rate is shown.
/// </summary>
public static class ReferenceDifferenceMask
{
    /// <summary>
    /// The FNR and FPR treatment of each group of one attribute at one site (<paramref name="sizes"/>,
    /// <paramref name="positives"/> summing to <paramref name="totalSize"/>, <paramref name="totalPositives"/>);
    /// <paramref name="referenceIndex"/> is the reference group's position, or −1 when the reference is unknown
    /// (then no difference is shown).
    /// </summary>
    public static (DifferenceShown Fnr, DifferenceShown Fpr)[] Decide(IReadOnlyList<int> sizes, IReadOnlyList<int> positives,
        int totalSize, int totalPositives, int referenceIndex, int minCell)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(positives);
        var decided = GroupMask.Decide(sizes, positives, totalSize, totalPositives, minCell);
        DifferenceShown One(int i, string metric) =>
            !ComplementarySuppression.ShowsRate(decided[i], sizes[i], positives[i], minCell, metric) ? DifferenceShown.GroupSuppressed
            : referenceIndex < 0 || !ComplementarySuppression.ShowsRate(decided[referenceIndex], sizes[referenceIndex], positives[referenceIndex], minCell, metric)
                ? DifferenceShown.ReferenceSuppressed
                : DifferenceShown.Shown;
        var result = new (DifferenceShown, DifferenceShown)[sizes.Count];
        for (var i = 0; i < sizes.Count; i++) result[i] = (One(i, "fnr"), One(i, "fpr"));
        return result;
    }
}
