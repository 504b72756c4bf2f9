namespace Vigil.Reporting.Audit;

/// <summary>
/// Small-cell suppression for shareable outputs: a group with fewer than <see cref="MinCell"/> patients shows
/// no count and no rate anywhere (tables, charts, translation, risk register), only <see cref="Note"/>.
/// Default threshold 11 (the common public-health rule "n &lt; 11 is suppressed"), or the audit's min_cell.
/// </summary>
public sealed class SmallCellPolicy
{
    /// <summary>The default threshold when neither the command line nor the audit gives one.</summary>
    public const int DefaultMinCell = 11;

    /// <summary>A policy suppressing groups with n &lt; <paramref name="minCell"/>.</summary>
    public SmallCellPolicy(int minCell) => MinCell = minCell;

    /// <summary>Groups with fewer patients than this are suppressed.</summary>
    public int MinCell { get; }

    /// <summary>True when <paramref name="group"/> must not show counts or rates.</summary>
    public bool IsSuppressed(GroupAudit group) => group.N < MinCell;

    /// <summary>The text shown in place of a suppressed group's numbers.</summary>
    public string Note => $"suppressed (fewer than {MinCell} patients)";
}
