using Vigil.Contracts.StudyPlan;

namespace Vigil.Reporting.External;

/// <summary>The precision plan of one group in a vigil.study-plan/v2 document: patients (and positives) a prospective study needs.</summary>
/// <param name="Attribute">The audited attribute.</param>
/// <param name="Group">The group's label.</param>
/// <param name="N">Patients of the group in the audited data.</param>
/// <param name="Positives">Positive patients of the group in the audited data.</param>
/// <param name="Sensitivity">The group's observed sensitivity (the plan's expected value), or null.</param>
/// <param name="Patients">Patients a study needs to estimate the sensitivity within ± the plan's width (Buderer 1996), or null.</param>
/// <param name="Cases">Positive patients among them, or null.</param>
/// <param name="Reason">Why the group has no plan, or null.</param>
public sealed record StudyPlanGroup(string Attribute, string Group, int N, int Positives, double? Sensitivity, int? Patients, int? Cases, string? Reason);

/// <summary>What a vigil.study-plan/v2 document (vigil plan-study --groups-from audit.json) says, as far as the report needs it (docs/plan-study.md).</summary>
public sealed record StudyPlanReportModel(string SourceName, double Confidence, double? Width, IReadOnlyList<StudyPlanGroup> Groups)
{
    /// <summary>The plan of <paramref name="attribute"/> = <paramref name="group"/>, or null when the plan does not cover it.</summary>
    public StudyPlanGroup? For(string attribute, string group) =>
        Groups.FirstOrDefault(g => g.Attribute == attribute && g.Group == group && g.Patients is not null);
}

/// <summary>Reads a vigil.study-plan/v2 document through its contract (src/Vigil.Contracts/StudyPlan).</summary>
public static class StudyPlanJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = StudyPlanContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/> (given as --study-plan).</summary>
    public static StudyPlanReportModel ReadFile(string path) => From(StudyPlanContract.Read(path), Path.GetFileName(path));

    /// <summary>Parses the text of a plan; <paramref name="name"/> names it in errors.</summary>
    public static StudyPlanReportModel Parse(string json, string name) => From(StudyPlanContract.Parse(json, name), name);

    /// <summary>The report's view of a typed study plan.</summary>
    public static StudyPlanReportModel From(StudyPlanDocument d, string name)
    {
        ArgumentNullException.ThrowIfNull(d);
        var groups = (d.Groups ?? []).Select(g => new StudyPlanGroup(g.Attribute, g.Group, (int)g.N, (int)g.Positives, g.Sensitivity,
            g.Precision is { } p ? (int)p.Patients : null, g.Precision is { } q ? (int)q.Cases : null, g.Reason)).ToList();
        return new StudyPlanReportModel(name, d.Settings.Confidence, d.Settings.Width, groups);
    }
}
