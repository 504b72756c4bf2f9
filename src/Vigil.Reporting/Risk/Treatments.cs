using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Risk;

/// <summary>
/// The concrete treatment Vigil proposes for each kind of risk (NIST AI RMF MANAGE 1.3: respond to the risk), used
/// unless card.yaml assigns one (risk_register.assignments). Each names who or what it applies to and, where the
/// study plan (vigil plan-study) covers the group, how many patients the prospective study needs.
/// </summary>
public static class Treatments
{
    /// <summary>A prospective study of the group, sized by the plan when it covers the group.</summary>
    public static string Study(string attribute, string group, StudyPlanReportModel? plan)
    {
        var display = $"{attribute} = {group}";
        if (plan?.For(attribute, group) is { Patients: int n, Cases: int cases })
            return $"a prospective validation study of {Numbers.Thousands(n)} patients ({Numbers.Thousands(cases)} with the condition; sensitivity within ±"
                + $"{(plan.Width is double w ? Numbers.Fixed(w * 100, 0) + " points" : "the planned width")}, {plan.SourceName}) at a site serving {display}";
        return $"a prospective validation study at a site serving {display}, sized with vigil plan-study (--groups-from the audit's JSON)";
    }

    /// <summary>A group's FNR above its reference's: review its negatives, re-train with reweighing, study it.</summary>
    public static string MissedCases(string attribute, string group, StudyPlanReportModel? plan, double? reviewsPerYear) =>
        $"Until re-validation, a clinician reviews every {attribute} = {group} patient the model does not flag (its negatives"
        + (reviewsPerYear is double r ? $", about {Numbers.Thousands(r)} a year at the stated volume" : "")
        + $"); re-train with reweighing on {attribute} = {group} (vigil mitigate --method reweighing --protected {Columns(attribute)}) and re-audit; "
        + Study(attribute, group, plan) + ".";

    /// <summary>A group's FPR above its reference's: measure the extra work-up and re-train.</summary>
    public static string FalseAlarms(string attribute, string group) =>
        $"Count the work-ups triggered in {attribute} = {group} without disease each month and report them to the owner; re-train with reweighing on "
        + $"{attribute} = {group} (vigil mitigate --method reweighing --protected {Columns(attribute)}) and re-audit; tell users the PPV in this group.";

    /// <summary>The columns of an attribute or intersection as --protected takes them ("race*payer_group" → "race,payer_group").</summary>
    private static string Columns(string attribute) => attribute.Replace('*', ',');

    /// <summary>Poor calibration: recalibrate before probabilities are shown.</summary>
    public static string Recalibrate(string where) =>
        $"Recalibrate on local data (logistic recalibration of the score, docs/calibration.md) before probabilities are shown for {where}; until then show only the flag, not the probability.";

    /// <summary>A group too small to assess.</summary>
    public static string SmallGroup(string attribute, string group, StudyPlanReportModel? plan) =>
        // No study size here: the plan's size follows from the group's own rates, which a small cell must not reveal.
        $"Do not rely on the model alone for {attribute} = {group}: its performance is unknown. Gather evidence by pooling sites or by "
        + Study(attribute, group, null) + ".";

    /// <summary>A metric undefined in a group.</summary>
    public static string Undefined(string attribute, string group, StudyPlanReportModel? plan) =>
        $"Collect patients of {attribute} = {group} with and without the condition before relying on the model for them: " + Study(attribute, group, plan) + ".";

    /// <summary>Discrimination lost at an external site.</summary>
    public static string ExternalDiscrimination(string site) =>
        $"Do not deploy at {site} until the model is re-trained or re-validated on {site}'s patients (vigil validate); a local prospective study before go-live.";

    /// <summary>Calibration lost at an external site.</summary>
    public static string ExternalCalibration(string site) =>
        $"Recalibrate on {site}'s patients (intercept and slope, docs/calibration.md) before use there, and re-check observed/expected after recalibration.";

    /// <summary>Miss rate worse at an external site (overall or for a group).</summary>
    public static string ExternalMissRate(string where) =>
        $"Until a local re-validation, a clinician reviews the patients the model does not flag {where}; choose the threshold on local data (vigil validate) before go-live.";

    /// <summary>A mitigation that levels down.</summary>
    public static string LevellingDown(string method) =>
        $"Do not adopt {method} as fitted: pick a setting that lowers no group's sensitivity (the sweep's Pareto points), or re-train with reweighing instead, and re-audit on held-out patients.";
}
