using Vigil.Contracts.Common;
using Vigil.Contracts.Datasheet;
using Vigil.Core.DataAudit;

namespace Vigil.Application.DataAudit;

/// <summary>
/// The Datasheet for Datasets of a data audit (`data-audit --datasheet`): the narrative answers of the YAML and the
/// facts the audit measured (<see cref="Datasheet.Build"/> with <see cref="DataAuditFindings"/>), and its
/// vigil.datasheet/v2 document.
/// </summary>
public static class DatasheetBuilder
{
    /// <summary>The paper every question comes from.</summary>
    public const string Source = "Gebru et al., Datasheets for Datasets, Communications of the ACM 64(12):86-92, 2021";

    /// <summary>Fills the datasheet from the narrative answers and the audit's result.</summary>
    public static Datasheet Build(string title, IReadOnlyDictionary<string, string> narrative, DataAuditJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Datasheet.Build(title, narrative, job.Result, DataAuditFindings.Of(job.Result, job.MinCell));
    }

    /// <summary>The vigil.datasheet/v2 document of <paramref name="sheet"/>; <paramref name="datasheetPath"/> is the YAML as given.</summary>
    public static DatasheetDocument Document(Datasheet sheet, string datasheetPath, DataAuditJobResult job)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(job);
        var s = job.Document.Settings;
        var inputs = new List<InputRef> { new("datasheet", datasheetPath) };
        inputs.AddRange(job.Document.Inputs);
        return new DatasheetDocument(
            ToolBlock.Current,
            inputs,
            new DatasheetSettings(s.Label, s.PositiveRule, s.Protected, s.Intersections, s.Site, s.MinCell),
            sheet.Title,
            Source,
            sheet.Sections.Select(section => new DatasheetSectionValue(
                section.Section.Key,
                section.Section.Title,
                section.Answers.Select(a => new DatasheetQuestionValue(
                    $"{section.Section.Key}.{a.Question.Key}",
                    a.Question.Text,
                    a.Question.Required,
                    string.IsNullOrWhiteSpace(a.Narrative) ? null : a.Narrative,
                    a.FromAudit)).ToList())).ToList());
    }
}
