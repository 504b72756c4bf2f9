namespace Vigil.Reporting.Card;

/// <summary>The finding kinds a card.yaml risk assignment may name (risk_register.assignments[].kind).</summary>
public static class RiskKindNames
{
    /// <summary>A group's false-negative rate above the reference group's.</summary>
    public const string FnrGap = "fnr_gap";

    /// <summary>A group's false-positive rate above the reference group's.</summary>
    public const string FprGap = "fpr_gap";

    /// <summary>Expected calibration error above the documented threshold.</summary>
    public const string Calibration = "calibration";

    /// <summary>A group under the small-cell threshold.</summary>
    public const string SmallCell = "small_cell";

    /// <summary>A metric undefined in a group.</summary>
    public const string UndefinedMetric = "undefined_metric";

    /// <summary>Every kind, in register order.</summary>
    public static readonly IReadOnlyList<string> All = [FnrGap, FprGap, Calibration, SmallCell, UndefinedMetric];
}
