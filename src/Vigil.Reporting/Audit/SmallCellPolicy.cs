namespace Vigil.Reporting.Audit;

/// <summary>
/// Small-cell suppression for shareable outputs: a group with fewer than <see cref="MinCell"/> patients shows
/// no count and no rate anywhere (tables, charts, translation, risk register), only <see cref="Note"/>; groups
/// chosen by <see cref="ComplementarySuppression"/> are hidden the same way, so that a small group's numbers do
/// not follow by subtraction. Default threshold 11 (the common public-health rule "n &lt; 11 is suppressed"),
/// or the audit's min_cell.
/// </summary>
public sealed class SmallCellPolicy
{
    /// <summary>The default threshold when neither the command line nor the audit gives one.</summary>
    public const int DefaultMinCell = 11;

    /// <summary>The text shown in place of a complementary-suppressed group's numbers.</summary>
    public const string ComplementaryNote = "suppressed (so that a smaller group cannot be derived)";

    private readonly HashSet<GroupAudit> _complementary;

    /// <summary>A policy suppressing groups with n &lt; <paramref name="minCell"/> only (no complementary suppression).</summary>
    public SmallCellPolicy(int minCell) : this(minCell, new HashSet<GroupAudit>(ReferenceEqualityComparer.Instance)) { }

    private SmallCellPolicy(int minCell, HashSet<GroupAudit> complementary)
    {
        MinCell = minCell;
        _complementary = complementary;
    }

    /// <summary>The policy for an audit: small cells and their complementary suppressions.</summary>
    public static SmallCellPolicy For(AuditReportModel audit, int minCell) => new(minCell, ComplementarySuppression.Find(audit, minCell));

    /// <summary>Groups with fewer patients than this are suppressed.</summary>
    public int MinCell { get; }

    /// <summary>True when <paramref name="group"/> must not show counts or rates.</summary>
    public bool IsSuppressed(GroupAudit group) => IsSmallCell(group) || _complementary.Contains(group);

    /// <summary>True when <paramref name="group"/> is under the threshold itself.</summary>
    public bool IsSmallCell(GroupAudit group) => group.N < MinCell;

    /// <summary>The text shown in place of a small cell's numbers.</summary>
    public string Note => $"suppressed (fewer than {MinCell} patients)";

    /// <summary>The text shown in place of <paramref name="group"/>'s numbers.</summary>
    public string NoteFor(GroupAudit group) => IsSmallCell(group) ? Note : ComplementaryNote;
}
