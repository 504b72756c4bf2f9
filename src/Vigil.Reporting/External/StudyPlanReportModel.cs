using System.Text.Json;

namespace Vigil.Reporting.External;

/// <summary>The precision plan of one group in a vigil.plan-study/v1 document: patients (and positives) a prospective study needs.</summary>
/// <param name="Attribute">The audited attribute.</param>
/// <param name="Group">The group's label.</param>
/// <param name="N">Patients of the group in the audited data.</param>
/// <param name="Positives">Positive patients of the group in the audited data.</param>
/// <param name="Sensitivity">The group's observed sensitivity (the plan's expected value), or null.</param>
/// <param name="Patients">Patients a study needs to estimate the sensitivity within ± the plan's width (Buderer 1996), or null.</param>
/// <param name="Cases">Positive patients among them, or null.</param>
/// <param name="Reason">Why the group has no plan, or null.</param>
public sealed record StudyPlanGroup(string Attribute, string Group, int N, int Positives, double? Sensitivity, int? Patients, int? Cases, string? Reason);

/// <summary>What a vigil.plan-study/v1 document (vigil plan-study --groups-from audit.json) says, as far as the report needs it (docs/plan-study.md).</summary>
public sealed record StudyPlanReportModel(string SourceName, double Confidence, double? Width, IReadOnlyList<StudyPlanGroup> Groups)
{
    /// <summary>The plan of <paramref name="attribute"/> = <paramref name="group"/>, or null when the plan does not cover it.</summary>
    public StudyPlanGroup? For(string attribute, string group) =>
        Groups.FirstOrDefault(g => g.Attribute == attribute && g.Group == group && g.Patients is not null);
}

/// <summary>Reads a vigil.plan-study/v1 document; anything missing or of the wrong kind is a data error naming the file and JSON path.</summary>
public static class StudyPlanJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.plan-study/v1";

    /// <summary>Reads and checks <paramref name="path"/> (given as --study-plan).</summary>
    public static StudyPlanReportModel ReadFile(string path) => Parse(JsonFields.ReadText("--study-plan", path), Path.GetFileName(path));

    /// <summary>Parses the text of a plan; <paramref name="name"/> names it in errors.</summary>
    public static StudyPlanReportModel Parse(string json, string name)
    {
        var f = new JsonFields(name);
        using var doc = f.Parse(json);
        var root = doc.RootElement;
        f.Schema(root, Schema, "vigil plan-study --groups-from audit.json --format json");
        var settings = f.Obj(root, "settings", "$");
        var groups = new List<StudyPlanGroup>();
        if (root.TryGetProperty("groups", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var g in list.EnumerateArray())
            {
                var p = $"$.groups[{i++}]";
                int? patients = null, cases = null;
                if (g.TryGetProperty("precision", out var precision) && precision.ValueKind == JsonValueKind.Object)
                {
                    patients = f.Int(precision, "patients", $"{p}.precision");
                    cases = f.Int(precision, "cases", $"{p}.precision");
                }
                groups.Add(new StudyPlanGroup(f.Str(g, "attribute", p), f.Str(g, "group", p), f.Int(g, "n", p), f.Int(g, "positives", p),
                    f.OptNum(g, "sensitivity", p), patients, cases, JsonFields.OptStr(g, "reason")));
            }
        }
        return new StudyPlanReportModel(name, f.Num(settings, "confidence", "$.settings"), f.OptNum(settings, "width", "$.settings"), groups);
    }
}
