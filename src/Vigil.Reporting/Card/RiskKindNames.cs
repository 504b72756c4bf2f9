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

    /// <summary>AUROC materially lower at an external site than internally (vigil validate).</summary>
    public const string ExternalDiscrimination = "external_discrimination";

    /// <summary>Calibration-in-the-large lost at an external site (observed/expected out of range).</summary>
    public const string ExternalCalibration = "external_calibration";

    /// <summary>Sensitivity overall, or a group's false-negative rate, materially worse at an external site.</summary>
    public const string ExternalMissRate = "external_miss_rate";

    /// <summary>A mitigation that closed the gap partly by making a group worse off (vigil mitigate).</summary>
    public const string LevellingDown = "levelling_down";

    /// <summary>GOVERN: who owns the model's risks (card.yaml).</summary>
    public const string GovernOwner = "govern_owner";

    /// <summary>MAP: intended use, users, decision role and out-of-scope uses (card.yaml).</summary>
    public const string MapIntendedUse = "map_intended_use";

    /// <summary>GOVERN: monitoring, update and regulatory policies (card.yaml).</summary>
    public const string GovernPolicies = "govern_policies";

    /// <summary>MAP: affected communities and stakeholders consulted (card.yaml).</summary>
    public const string MapAffectedCommunities = "map_affected_communities";

    /// <summary>Every kind, in register order.</summary>
    public static readonly IReadOnlyList<string> All = [FnrGap, FprGap, Calibration, SmallCell, UndefinedMetric, ExternalDiscrimination, ExternalCalibration, ExternalMissRate, LevellingDown,
        GovernOwner, MapIntendedUse, GovernPolicies, MapAffectedCommunities];
}
