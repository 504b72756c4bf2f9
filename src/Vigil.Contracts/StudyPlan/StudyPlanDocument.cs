using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.StudyPlan;

/// <summary>
/// vigil.study-plan/v2 (was vigil.plan-study/v1): patients and positives to estimate sensitivity (and specificity) within
/// ±w (Buderer 1996) and to detect a sensitivity gap between two groups (Fleiss, Levin and Paik 2003), overall or for
/// each group of a vigil.audit/v2 file (docs/plan-study.md).
/// </summary>
public sealed record StudyPlanDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    StudyPlanSettings Settings,
    PrecisionPlanValue? Sensitivity,
    PrecisionPlanValue? Specificity,
    long? Patients,
    GapPlanValue? Gap,
    IReadOnlyList<GroupPlanValue>? Groups) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = StudyPlanContract.Schema;
}

/// <summary>The request: precision and gap targets, the expected values given (null when the groups come from an audit), and the group settings.</summary>
public sealed record StudyPlanSettings(
    double Confidence,
    double? Width,
    double? Gap,
    double Power,
    double Alpha,
    double Ratio,
    double? Sensitivity,
    double? Specificity,
    double? Prevalence,
    double? PrevalenceGroup2,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, string> Reference,
    int MinCell,
    IReadOnlyDictionary<string, double[]> Bands);

/// <summary>A precision plan: cases (positives, or negatives for specificity) and patients to estimate a proportion within ±half_width.</summary>
public sealed record PrecisionPlanValue(string Measure, double Expected, double HalfWidth, double Confidence, double Z, double Prevalence,
    double CasesExact, long Cases, double PatientsExact, long Patients, string Method);

/// <summary>A two-proportion plan: positives and patients per group to detect sensitivity_group1 − sensitivity_group2.</summary>
public sealed record GapPlanValue(double SensitivityGroup1, double SensitivityGroup2, double Difference, double Alpha, string Sided, double Power, double Ratio,
    double PrevalenceGroup1, double PrevalenceGroup2, double ZAlpha, double ZBeta, GapSizesValue ContinuityCorrected, GapSizesValue Uncorrected, string Method);

public sealed record GapSizesValue(double PositivesGroup1Exact, long PositivesGroup1, long PositivesGroup2, long PatientsGroup1, long PatientsGroup2, long PatientsTotal);

/// <summary>One group of the audit and its plans; a reason when there is none.</summary>
public sealed record GroupPlanValue(
    string Attribute,
    string Group,
    string ReferenceGroup,
    long N,
    long Positives,
    bool SmallCell,
    double? Sensitivity,
    double? Prevalence,
    PrecisionPlanValue? Precision,
    bool? ObservedPositivesSufficient,
    GapPlanValue? Gap,
    string? Reason);
