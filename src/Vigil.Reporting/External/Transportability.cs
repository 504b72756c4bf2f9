using System.Globalization;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.External;

/// <summary>
/// When a difference between an external site and the training site counts as a loss of transportability (the
/// same rules in the report's statement and in the risk register; docs/report.md):
/// <list type="bullet">
/// <item>Discrimination: the external AUROC is at least <see cref="AurocDrop"/> below the internal (out-of-fold)
/// AUROC. "Clear" when the external DeLong interval lies wholly below the internal point estimate.</item>
/// <item>Calibration-in-the-large: observed/expected outside [<see cref="OeLow"/>, <see cref="OeHigh"/>] (more than
/// 20% off on the ratio scale, symmetric on the log scale: 1/1.25 = 0.8); above 1 the model underestimates risk
/// (Steyerberg 2019, Clinical Prediction Models, ch. 15).</item>
/// <item>Sensitivity overall, and the false-negative rate of a protected group: worse by at least
/// <see cref="SeverityScale.MaterialGap"/> (5 percentage points, as for an FNR gap in the audit). "Clear" when the
/// two Wilson intervals do not overlap (a conservative check for a difference of independent proportions).</item>
/// </list>
/// </summary>
public static class Transportability
{
    /// <summary>An AUROC drop of 0.05 or more is material.</summary>
    public const double AurocDrop = 0.05;

    /// <summary>Observed/expected below this: the model overestimates risk at the site.</summary>
    public const double OeLow = 0.8;

    /// <summary>Observed/expected above this: the model underestimates risk at the site.</summary>
    public const double OeHigh = 1.25;

    /// <summary>Differences are compared with this tolerance, so that 0.30 − 0.25 counts as 5 points despite binary rounding.</summary>
    private const double Rounding = 1e-12;

    /// <summary>external − internal when both are defined.</summary>
    public static double? Change(MetricValue external, MetricValue @internal) =>
        external.Value is double e && @internal.Value is double i ? e - i : null;

    /// <summary>True when the AUROC fell materially.</summary>
    public static bool LostDiscrimination(ValidationSite site, ValidationSite @internal) =>
        Change(site.Auroc, @internal.Auroc) is double d && d <= -AurocDrop + Rounding;

    /// <summary>True when the external interval lies wholly below the internal point estimate.</summary>
    public static bool ClearlyBelow(MetricValue external, MetricValue @internal) =>
        external.Upper is double hi && @internal.Value is double v && hi < v;

    /// <summary>True when calibration-in-the-large is off by more than the tolerance.</summary>
    public static bool Miscalibrated(ValidationSite site) =>
        site.ObservedExpected.Value is double oe && (oe < OeLow || oe > OeHigh);

    /// <summary>True when O/E's interval lies wholly outside [<see cref="OeLow"/>, <see cref="OeHigh"/>].</summary>
    public static bool ClearlyMiscalibrated(ValidationSite site) =>
        site.ObservedExpected is { Lower: double lo, Upper: double hi } && (hi < OeLow || lo > OeHigh);

    /// <summary>True when a rate rose (<paramref name="higherIsWorse"/>) or fell by at least 5 points.</summary>
    public static bool MateriallyWorse(MetricValue external, MetricValue @internal, bool higherIsWorse) =>
        Change(external, @internal) is double d && (higherIsWorse ? d : -d) >= SeverityScale.MaterialGap - Rounding;

    /// <summary>True when the two intervals do not overlap.</summary>
    public static bool Separated(MetricValue a, MetricValue b) =>
        a.HasInterval && b.HasInterval && (a.Lower > b.Upper || b.Lower > a.Upper);
}

/// <summary>
/// Small-cell suppression for a list of groups summing to a shown total (a site's rows, the held-out rows): the same
/// rule as the audit's (<see cref="ComplementarySuppression"/>, docs/suppression.md) on one partition.
/// </summary>
public static class GroupMask
{
    /// <summary>The treatment of each group (sizes and positives), given the total they sum to.</summary>
    public static CellProtection[] Decide(IReadOnlyList<int> sizes, IReadOnlyList<int> positives, int totalSize, int totalPositives, int minCell) =>
        totalSize > 0 && totalSize < minCell
            ? [.. sizes.Select(_ => new CellProtection(CellShown.Hidden, CellReason.SmallGroup))]
            : ComplementarySuppression.Decide(sizes, positives, totalSize, totalPositives, minCell);

    /// <summary>True for each group whose rates must not be shown (hidden, or its size only).</summary>
    public static bool[] Hide(IReadOnlyList<int> sizes, IReadOnlyList<int> positives, int totalSize, int totalPositives, int minCell) =>
        [.. Decide(sizes, positives, totalSize, totalPositives, minCell).Select(p => p.Shown is CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly)];

    /// <summary>"n X, Y pos." as the treatment allows (rounded counts carry "≈").</summary>
    public static string Counts(int n, int positives, CellProtection protection) =>
        protection.Shown is CellShown.SizeOnly or CellShown.RoundedSizeOnly
            ? $"n {(protection.Shown == CellShown.RoundedSizeOnly ? "≈" + SmallCellPolicy.Round(n).ToString(CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture))}, positives not shown (few negatives)" :
        $"n {(protection.Shown == CellShown.Rounded ? "≈" + SmallCellPolicy.Round(n).ToString(CultureInfo.InvariantCulture) : n.ToString(CultureInfo.InvariantCulture))}, "
        + $"{(protection.Shown is CellShown.Rounded or CellShown.RoundedOutcome ? SmallCellPolicy.RoundedText(positives, SmallCellPolicy.DefaultMinCell) : positives.ToString(CultureInfo.InvariantCulture))} pos.";
}
