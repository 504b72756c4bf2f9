using Vigil.Contracts.Common;

namespace Vigil.Contracts.Monitoring;

/// <summary>
/// A model's status over a period (vigil.monitor-status/v1; GET /v1/models/{id}/status, `vigil monitor status`):
/// every group's label maturity and realized performance over matured predictions only, its override and alert rates,
/// and the open alerts. Counts follow the small-cell policy of every shareable output (docs/suppression.md).
/// </summary>
public sealed record MonitorStatus(
    string Schema,
    ToolBlock Tool,
    string Model,
    string? Version,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    GroupStatus Overall,
    IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<MonitorAlert> OpenAlerts)
{
    public const string SchemaName = "vigil.monitor-status/v1";
}

/// <summary>
/// One group's status (attribute null and level "overall" for all predictions). Predictions = pending + matured + censored.
/// LabelCompleteness = matured / (matured + pending): how much of the realized performance is known yet.
/// Counts are null with <see cref="SuppressedReason"/> when the small-cell policy protects them; rates stay.
/// </summary>
public sealed record GroupStatus(
    string? Attribute,
    string Level,
    long? Predictions,
    long? Pending,
    long? Matured,
    long? Censored,
    MetricValue LabelCompleteness,
    long? Tn,
    long? Fp,
    long? Fn,
    long? Tp,
    MetricValue Fnr,
    MetricValue Fpr,
    MetricValue Ppv,
    MetricValue ObservedToExpected,
    MetricValue AlertRate,
    MetricValue OverrideRate,
    string? SuppressedReason)
{
    /// <summary>Recorded sensitivity, TP/(TP + FN) over matured predictions (the naive value: 1 − <see cref="Fnr"/>).</summary>
    public MetricValue? SensitivityNaive { get; init; }

    /// <summary>Sensitivity corrected for alerts whose treatment averted the outcome (weighting by the untreated; docs/estimation.md).</summary>
    public MetricValue? SensitivityCorrected { get; init; }

    /// <summary>1 − <see cref="SensitivityCorrected"/>, beside the naive <see cref="Fnr"/>.</summary>
    public MetricValue? FnrCorrected { get; init; }

    /// <summary>PPV corrected for treated alerts (the untreated alerts' outcome rate), beside the naive <see cref="Ppv"/>.</summary>
    public MetricValue? PpvCorrected { get; init; }

    /// <summary>Estimated alerted true positives whose outcome treatment averted (null when the counts are suppressed or it is undefined).</summary>
    public double? AvertedEstimated { get; init; }

    /// <summary>The assumption the corrected values rest on, or why they are undefined.</summary>
    public string? FeedbackNote { get; init; }

    /// <summary>Estimated performance on the group's pending predictions (CBPE from the reference calibration), until their labels mature.</summary>
    public Estimation.EstimatedStatusValue? Estimated { get; init; }
}

/// <summary>Where an alert is in its life.</summary>
public enum AlertState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>What raised an alert.</summary>
public enum AlertKind
{
    RateBound,
    RateGap,
    Sequential,
    FeatureDrift,
    ScoreDrift,
    LabelDrift,
    Calibration,
    FeedSilence,
    VolumeDrop,
    MissingData,
    OverrideRate,

    /// <summary>A rule of the model's governance policy failed on the evaluation window (docs/governance.md).</summary>
    Policy,
}

/// <summary>
/// An alert with its evidence and clinical translation. One alert per <see cref="DedupeKey"/> is open at a time
/// (model, version, kind, attribute, level, metric): the monitors raising it again update its evidence.
/// </summary>
/// <param name="Id">Store id.</param>
/// <param name="DedupeKey">model|version|kind|attribute|level|metric.</param>
/// <param name="Model">Model id.</param>
/// <param name="Version">Model version.</param>
/// <param name="Kind">What raised it.</param>
/// <param name="Attribute">The protected attribute of the group (null: overall or not per group).</param>
/// <param name="Level">The group's level (null: overall or not per group).</param>
/// <param name="Metric">The metric watched (e.g. "fnr", "psi:lactate", "oe", "volume").</param>
/// <param name="Value">The observed value in the period.</param>
/// <param name="Interval">Its interval at the monitor's confidence, when it has one.</param>
/// <param name="Bound">The bound it crossed.</param>
/// <param name="Message">One sentence for a clinician: what moved, for whom, since when.</param>
/// <param name="AdditionalMissedPer1000">The clinical translation for miss-rate alerts: additional missed cases per 1,000 positives against the reference (null for other kinds).</param>
/// <param name="Evidence">The numbers behind it (counts, reference value, detector statistic...).</param>
/// <param name="State">open, acknowledged or resolved.</param>
/// <param name="OpenedAt">When the monitors first raised it.</param>
/// <param name="UpdatedAt">Its last change (state or evidence).</param>
/// <param name="History">Every state change, by whom and when.</param>
public sealed record MonitorAlert(
    long Id,
    string DedupeKey,
    string Model,
    string Version,
    AlertKind Kind,
    string? Attribute,
    string? Level,
    string Metric,
    double? Value,
    double[]? Interval,
    double? Bound,
    string Message,
    double? AdditionalMissedPer1000,
    IReadOnlyDictionary<string, double?> Evidence,
    AlertState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<AlertTransition> History)
{
    /// <summary>
    /// The clinical translation in words for miss-rate alerts (<see cref="AlertTranslation"/>: "about N additional missed
    /// sepsis cases per 1,000 septic patients aged 65+ in the last 14 days", the period being the alert's window); added by
    /// the service from the registration's outcome when it returns the alert, null for other kinds.
    /// </summary>
    public string? ClinicalTranslation { get; init; }
}

/// <summary>A state change of an alert, by a named user (or "monitor" when the monitors raised or updated it).</summary>
public sealed record AlertTransition(AlertState State, string User, DateTimeOffset At, string? Note);

/// <summary>A request to acknowledge or resolve an alert (the user is the authenticated caller).</summary>
public sealed record AlertTransitionRequest(AlertState State, string? Note);

/// <summary>One entry of the append-only audit trail: Hash = SHA-256(PreviousHash ‖ canonical JSON of the entry without Hash).</summary>
public sealed record AuditLogEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject, string Detail, string PreviousHash, string Hash);
