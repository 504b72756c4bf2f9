namespace Vigil.Contracts.Monitoring;

/// <summary>
/// A registered model version (vigil.model-registration/v1): what it is for, how its predictions are grouped, when its
/// labels mature, what the monitors watch and the reference they compare with. Written by `vigil monitor register`,
/// stored by the service (a new version is a new registration; an old one is never changed).
/// </summary>
/// <param name="Schema">"vigil.model-registration/v1".</param>
/// <param name="Id">Model id (e.g. "sepsis-early-warning").</param>
/// <param name="Version">Model version (e.g. "2.3.0").</param>
/// <param name="IntendedUse">The intended use, in the Model Card's words.</param>
/// <param name="Protected">Protected attributes in order (the cell key's order).</param>
/// <param name="WatchedFeatures">Numeric features whose drift and missingness are watched, in order.</param>
/// <param name="Threshold">The decision threshold the alert uses (for information and for score-only events).</param>
/// <param name="Outcome">What the label is and when it matures.</param>
/// <param name="MinCell">Small-cell threshold of shareable outputs (groups of 100 or more are never suppressed).</param>
/// <param name="Monitors">The monitors and their bounds.</param>
/// <param name="Reference">Reference summaries the monitors compare with (null: rate bounds only).</param>
public sealed record ModelRegistration(
    string Schema,
    string Id,
    string Version,
    string IntendedUse,
    IReadOnlyList<ProtectedSpec> Protected,
    IReadOnlyList<string> WatchedFeatures,
    double Threshold,
    OutcomeDefinition Outcome,
    int MinCell,
    MonitorSettings Monitors,
    ReferenceProfile? Reference)
{
    public const string SchemaName = "vigil.model-registration/v1";

    /// <summary>
    /// The governance policy the monitor checks on every evaluation window (null: none). Carried by content, with its
    /// SHA-256, so the registration says exactly which policy applies (registrations never change).
    /// </summary>
    public RegisteredPolicy? Policy { get; init; }
}

/// <summary>A governance policy by content: its name, the SHA-256 (lower-case hex) of its UTF-8 text, and the YAML text (docs/governance.md).</summary>
public sealed record RegisteredPolicy(string Name, string Sha256, string Yaml);

/// <summary>A protected attribute: its name, numeric band edges (null: categorical) and the reference group of gaps.</summary>
/// <param name="Name">Attribute name as events carry it.</param>
/// <param name="Bands">Band edges (as `--bands`: 45,65 gives "&lt;45", "45-64", "&gt;=65"), or null for a categorical attribute.</param>
/// <param name="ReferenceGroup">The level gaps are measured against (null: the largest group).</param>
public sealed record ProtectedSpec(string Name, IReadOnlyList<double>? Bands, string? ReferenceGroup);

/// <summary>
/// When a prediction's label is known. A prediction at time t is positive when an outcome of <see cref="PositiveKind"/>
/// for its encounter falls in [t, t + window]; it matures when that outcome arrives, or as a known negative at
/// t + window + label delay without one. It is censored when a <see cref="CensorKinds"/> outcome comes first, or the
/// positive outcome preceded t (the condition was already present).
/// </summary>
/// <param name="PositiveKind">Outcome kind of a positive label (e.g. "sepsis_onset").</param>
/// <param name="WindowHours">Outcome window after the prediction (e.g. 72 for sepsis).</param>
/// <param name="LabelDelayHours">How long after the window closes outcomes may still arrive (e.g. 48 for chart review).</param>
/// <param name="CensorKinds">Outcome kinds that end follow-up without the outcome (e.g. "transfer_out").</param>
public sealed record OutcomeDefinition(string PositiveKind, double WindowHours, double LabelDelayHours, IReadOnlyList<string> CensorKinds);

/// <summary>The monitors of a model. Every bound is checked per group of every protected attribute and overall.</summary>
/// <param name="Bounds">Rate bounds: a group's FNR, FPR or PPV (or its gap to the reference group) past a bound, with its interval excluding the bound.</param>
/// <param name="Sequential">CUSUM/EWMA detectors on a group's FNR.</param>
/// <param name="Drift">Feature, score and label drift against the reference (effect sizes, not p-values).</param>
/// <param name="Calibration">O/E bounds per group.</param>
/// <param name="Volume">Feed health: silence and volume drops, missing data.</param>
/// <param name="OverrideRateMax">A group's clinician override rate above this raises an alert (null: off).</param>
/// <param name="Confidence">Interval level of every monitor (default 0.95).</param>
/// <param name="MinRows">A group is judged only with at least this many matured rows in the period (default 30).</param>
/// <param name="LookbackHours">The period the monitors look at (default 720 = 30 days).</param>
/// <param name="Webhooks">Addresses that receive new alerts and state changes (POST, JSON).</param>
public sealed record MonitorSettings(
    IReadOnlyList<RateBound> Bounds,
    IReadOnlyList<SequentialMonitor> Sequential,
    DriftMonitor? Drift,
    CalibrationMonitor? Calibration,
    VolumeMonitor? Volume,
    double? OverrideRateMax,
    double Confidence,
    int MinRows,
    double LookbackHours,
    IReadOnlyList<string> Webhooks);

/// <summary>Which rate a monitor watches.</summary>
public enum MonitoredRate
{
    Fnr,
    Fpr,
    Ppv,
}

/// <summary>
/// A rate bound. Kind "absolute": the group's rate past <see cref="Bound"/> (above for FNR/FPR, below for PPV) with its
/// Wilson interval entirely past it. Kind "gap": the group's rate minus the reference group's rate past the bound
/// (the same direction), with the Newcombe interval of the difference entirely past it.
/// </summary>
public sealed record RateBound(MonitoredRate Rate, RateBoundKind Kind, double Bound);

/// <summary>An absolute bound on a rate, or a bound on its gap to the reference group.</summary>
public enum RateBoundKind
{
    Absolute,
    Gap,
}

/// <summary>
/// A sequential detector on a group's FNR over its matured positives in time order: Bernoulli CUSUM or EWMA, tuned to
/// detect a rise from the reference FNR to <see cref="TargetRate"/> with an in-control average run length of
/// <see cref="InControlRunLength"/> matured positives between false alarms.
/// </summary>
public sealed record SequentialMonitor(SequentialDetector Detector, MonitoredRate Rate, double TargetRate, double InControlRunLength);

/// <summary>CUSUM or EWMA.</summary>
public enum SequentialDetector
{
    Cusum,
    Ewma,
}

/// <summary>Drift bounds: PSI (population stability index) of each watched feature and of the score, and the label rate's change.</summary>
/// <param name="PsiMax">A feature's or the score's PSI above this is drift (0.2 is the usual "major shift").</param>
/// <param name="PrevalenceChangeMax">Absolute change of the matured label rate against the reference above this is label drift.</param>
/// <param name="MinRows">Rows a period needs before drift is judged.</param>
public sealed record DriftMonitor(double PsiMax, double PrevalenceChangeMax, int MinRows);

/// <summary>Calibration: a group's O/E (observed positives over the sum of scores) outside [low, high] with its interval outside too.</summary>
public sealed record CalibrationMonitor(double OeLow, double OeHigh);

/// <summary>
/// Feed health: no predictions for <see cref="MaxSilentHours"/> means a broken feed; an hour's volume below
/// <see cref="MinVolumeRatio"/> of the trailing median is a drop; a watched feature's missing share rising by more
/// than <see cref="MissingShareIncreaseMax"/> over the reference is a missing-data anomaly.
/// </summary>
public sealed record VolumeMonitor(double MaxSilentHours, double MinVolumeRatio, double MissingShareIncreaseMax);

/// <summary>
/// What the monitors compare with, summarised from a labelled reference file (no rows): every group's confusion
/// counts and score sum, each watched feature's bins (edges from the reference deciles) with their shares and missing
/// share, the score's bins, and the label rate.
/// </summary>
public sealed record ReferenceProfile(
    long Rows,
    double Prevalence,
    IReadOnlyList<ReferenceGroup> Groups,
    IReadOnlyList<ReferenceBins> Features,
    ReferenceBins Score)
{
    /// <summary>Calibration maps P(y | score) fitted at register time, overall and per group (null: registered before they existed; docs/estimation.md).</summary>
    public IReadOnlyList<Estimation.ReferenceCalibration>? Calibration { get; init; }
}

/// <summary>A reference group's counts (attribute null and level "overall" for all rows).</summary>
public sealed record ReferenceGroup(string? Attribute, string Level, long Tn, long Fp, long Fn, long Tp, double ScoreSum);

/// <summary>
/// Bins of a numeric column: values below Edges[0] fall in bin 0, values in [Edges[i-1], Edges[i]) in bin i, values at or
/// above the last edge in the last bin (Edges.Count + 1 bins); Shares are the reference's shares of non-missing rows per bin.
/// </summary>
public sealed record ReferenceBins(string Name, IReadOnlyList<double> Edges, IReadOnlyList<double> Shares, double MissingShare);
