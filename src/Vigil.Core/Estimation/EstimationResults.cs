namespace Vigil.Core.Estimation;

/// <summary>
/// The label-free estimate of one group on the current data. Every rate is the CBPE point estimate (a ratio of
/// expected counts) with the percentile interval of the realized value on these rows (see <see cref="LabelFreeEstimator"/>).
/// </summary>
/// <param name="Group">Group name ("all" for the overall estimate).</param>
/// <param name="ReferenceRows">Reference rows of the group.</param>
/// <param name="CurrentRows">Current rows of the group.</param>
/// <param name="SmallCell">Fewer current rows than min_cell.</param>
/// <param name="OwnCalibration">True when calibrated on the group's own reference rows; false when on all reference rows.</param>
/// <param name="Method">The calibration family used for the group (chosen on its own rows when <paramref name="OwnCalibration"/>).</param>
/// <param name="Expected">The expected confusion matrix.</param>
/// <param name="Sensitivity">E[TP]/(E[TP] + E[FN]).</param>
/// <param name="FalseNegativeRate">1 − sensitivity.</param>
/// <param name="Specificity">E[TN]/(E[TN] + E[FP]).</param>
/// <param name="PositivePredictiveValue">E[TP]/predicted positives.</param>
/// <param name="NegativePredictiveValue">E[TN]/predicted negatives.</param>
/// <param name="SelectionRate">Predicted positives/rows: exact.</param>
/// <param name="Auroc">The soft-label AUROC of the calibrated probabilities.</param>
/// <param name="Prevalence">Mean calibrated probability (the prevalence CBPE implies).</param>
/// <param name="BbsePrevalence">The BBSE prevalence under label shift, with its bootstrap interval.</param>
/// <param name="MllsPrevalence">The maximum-likelihood label-shift prevalence (<see cref="LabelShiftLikelihood"/>), with its bootstrap interval.</param>
/// <param name="OutOfRangeShare">Share of the group's current scores outside the score range its calibration was fitted on.</param>
/// <param name="Reliable">False when the estimate leaves the reference's support (the reasons are in <paramref name="Notes"/>).</param>
/// <param name="Notes">Why it is unreliable, and qualifications (calibrated on all rows, clipped BBSE...).</param>
public sealed record GroupEstimate(
    string Group,
    long ReferenceRows,
    long CurrentRows,
    bool SmallCell,
    bool OwnCalibration,
    CalibrationMethod Method,
    ExpectedConfusion Expected,
    Metric Sensitivity,
    Metric FalseNegativeRate,
    Metric Specificity,
    Metric PositivePredictiveValue,
    Metric NegativePredictiveValue,
    Metric SelectionRate,
    Metric Auroc,
    Metric Prevalence,
    Metric BbsePrevalence,
    Metric MllsPrevalence,
    double OutOfRangeShare,
    bool Reliable,
    IReadOnlyList<string> Notes);

/// <summary>The estimates of every group of one attribute or intersection, and the groups present in one file only.</summary>
public sealed record GroupingEstimate(string Name, IReadOnlyList<string> Columns, IReadOnlyList<GroupEstimate> Groups,
    IReadOnlyList<string> OnlyInReference, IReadOnlyList<string> OnlyInCurrent);

/// <summary>What the domain model found and whether the calibration was importance weighted.</summary>
/// <param name="Assessed">False when no feature columns were given.</param>
/// <param name="DomainAuroc">Out-of-fold AUROC of the domain model (DeLong interval); undefined when not assessed.</param>
/// <param name="Detected">AUROC ≥ the shift bound and its interval above 0.5.</param>
/// <param name="Weighted">The calibration used density-ratio weights.</param>
/// <param name="EffectiveSampleSize">Kish's effective sample size of the weighted reference (null when unweighted).</param>
/// <param name="ClippedWeights">Reference rows whose weight was clipped.</param>
/// <param name="Features">Columns of the domain model's feature matrix.</param>
/// <param name="Reason">One sentence: what was decided and why.</param>
public sealed record ShiftAssessment(bool Assessed, Metric DomainAuroc, bool Detected, bool Weighted, double? EffectiveSampleSize,
    int ClippedWeights, int Features, string Reason);

/// <summary>A label-free estimate: calibration, shift, support, and the per-group estimates.</summary>
public sealed record EstimationReport(
    long ReferenceRows,
    long CurrentRows,
    CalibrationChoice Calibration,
    ShiftAssessment Shift,
    double ReferenceScoreMin,
    double ReferenceScoreMax,
    double OutOfRangeShare,
    bool Reliable,
    IReadOnlyList<string> UnreliableReasons,
    GroupEstimate Overall,
    IReadOnlyList<GroupingEstimate> Groupings);
