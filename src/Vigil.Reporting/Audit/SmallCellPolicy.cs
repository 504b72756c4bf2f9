using System.Globalization;

namespace Vigil.Reporting.Audit;

/// <summary>
/// The one small-cell policy of every shareable output (report, Markdown, Model Card, CHAI XML, HTI-1, risk register,
/// charts and their alt text), after the CMS cell-size rule (docs/suppression.md): no count of 1 to
/// <see cref="MinCell"/> − 1 is published, nor one derivable by subtraction from what the same output publishes.
/// A group of 1 to MinCell − 1 patients shows no count and no rate; a group whose positives or negatives are that few
/// shows its size but no outcome-based number; groups chosen by <see cref="ComplementarySuppression"/> to protect them
/// are hidden the same way when under <see cref="NeverSuppressed"/> patients, and otherwise shown with rounded counts.
/// Default threshold 11, or the audit's min_cell.
/// </summary>
public sealed class SmallCellPolicy
{
    /// <summary>The default threshold when neither the command line nor the audit gives one.</summary>
    public const int DefaultMinCell = 11;

    /// <summary>A group of this many patients or more is never suppressed: protecting a smaller group rounds its counts instead.</summary>
    public const int NeverSuppressed = 100;

    /// <summary>Counts of a group protecting a smaller one (<see cref="CellShown.Rounded"/>) are rounded to the nearest multiple of this.</summary>
    public const int RoundingBase = 10;

    /// <summary>The text shown in place of a complementary-suppressed group's numbers.</summary>
    public const string ComplementaryNote = "suppressed (so that a smaller group cannot be derived)";

    private readonly Dictionary<GroupAudit, CellProtection> _cells;

    /// <summary>A policy suppressing groups with n &lt; <paramref name="minCell"/> only (no class-count or complementary protection).</summary>
    public SmallCellPolicy(int minCell) : this(minCell, new Dictionary<GroupAudit, CellProtection>(ReferenceEqualityComparer.Instance)) { }

    private SmallCellPolicy(int minCell, Dictionary<GroupAudit, CellProtection> cells)
    {
        MinCell = minCell;
        _cells = cells;
    }

    /// <summary>The policy for an audit: small groups, small outcome counts and their complementary protection.</summary>
    public static SmallCellPolicy For(AuditReportModel audit, int minCell) => new(minCell, ComplementarySuppression.Decide(audit, minCell));

    /// <summary>Groups with fewer patients than this are suppressed.</summary>
    public int MinCell { get; }

    /// <summary>How <paramref name="group"/> is shown.</summary>
    public CellProtection Of(GroupAudit group) =>
        _cells.TryGetValue(group, out var p) ? p
        : IsSmallCell(group) ? new CellProtection(CellShown.Hidden, CellReason.SmallGroup) : CellProtection.Exact;

    /// <summary>True when <paramref name="group"/> must not show rates (nor positives): hidden, or its size only.</summary>
    public bool IsSuppressed(GroupAudit group) => Of(group).Shown is CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly;

    /// <summary>True when <paramref name="group"/> shows the rate <paramref name="metric"/> (<see cref="ComplementarySuppression.ShowsRate"/>).</summary>
    public bool ShowsRate(GroupAudit group, string metric) =>
        ComplementarySuppression.ShowsRate(Of(group), group.N, group.Positives, MinCell, metric);

    /// <summary>True when <paramref name="group"/> shows no number at all, not even its size.</summary>
    public bool IsHidden(GroupAudit group) => Of(group).Shown == CellShown.Hidden;

    /// <summary>True when <paramref name="group"/> shows its rates exactly but its counts rounded.</summary>
    public bool IsRounded(GroupAudit group) => Of(group).Shown is CellShown.Rounded or CellShown.RoundedSizeOnly or CellShown.RoundedOutcome;

    /// <summary>True when <paramref name="group"/> is under the threshold itself (1 to MinCell − 1 patients).</summary>
    public bool IsSmallCell(GroupAudit group) => group.N < MinCell && group.N > 0;

    /// <summary>The text shown in place of a small cell's numbers.</summary>
    public string Note => $"suppressed (fewer than {MinCell} patients)";

    /// <summary>The text shown in place of the outcome numbers of a group with few positives or negatives.</summary>
    public string OutcomeNote => $"suppressed (fewer than {MinCell} positives or negatives)";

    /// <summary>The text shown in place of <paramref name="group"/>'s numbers.</summary>
    public string NoteFor(GroupAudit group) => Of(group).Reason switch
    {
        CellReason.SmallGroup => Note,
        CellReason.SmallOutcome => OutcomeNote,
        _ => ComplementaryNote,
    };

    /// <summary>The group's number of patients as shown: exact, "≈" rounded, or the note when hidden.</summary>
    public string Patients(GroupAudit group) => Of(group).Shown switch
    {
        CellShown.Hidden => NoteFor(group),
        CellShown.Rounded or CellShown.RoundedSizeOnly => RoundedText(group.N),
        _ => group.N.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The group's number of positives as shown: exact, "≈" rounded, or the note when suppressed.</summary>
    public string Positives(GroupAudit group) => Of(group).Shown switch
    {
        CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly => NoteFor(group),
        CellShown.Rounded or CellShown.RoundedOutcome => RoundedText(group.Positives),
        _ => group.Positives.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The group's number of patients as far as shares may be computed from it: rounded when its counts are.</summary>
    public int ShownPatients(GroupAudit group) => Of(group).Shown is CellShown.Rounded or CellShown.RoundedSizeOnly ? Round(group.N) : group.N;

    /// <summary>The group's number of positives as far as shares may be computed from it: rounded when its counts are.</summary>
    public int ShownPositives(GroupAudit group) => Of(group).Shown is CellShown.Rounded or CellShown.RoundedOutcome ? Round(group.Positives) : group.Positives;

    /// <summary><paramref name="count"/> rounded to the nearest <see cref="RoundingBase"/> (halves away from zero).</summary>
    public static int Round(int count) => (int)Math.Round(count / (double)RoundingBase, MidpointRounding.AwayFromZero) * RoundingBase;

    private string RoundedText(int count) => RoundedText(count, MinCell);

    /// <summary>
    /// A rounded count as shown: "≈2920"; a count of min-cell or more that would round below min-cell (13 → 10) shows as
    /// the range "11–19" instead, so that no shown count reads as a small cell.
    /// </summary>
    public static string RoundedText(int count, int minCell)
    {
        var rounded = Round(count);
        return rounded < minCell && count >= minCell
            ? $"{minCell.ToString(CultureInfo.InvariantCulture)}–{(rounded + RoundingBase - 1).ToString(CultureInfo.InvariantCulture)}"
            : "≈" + rounded.ToString(CultureInfo.InvariantCulture);
    }
}
