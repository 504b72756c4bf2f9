using Vigil.Core.DataAudit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>A Datasheet for Datasets to ship with the report: the sheet, its Markdown (written as datasheet.md) and the data-audit file it was measured from.</summary>
public sealed record DatasheetPart(Datasheet Sheet, string Markdown, string DataAuditName);

/// <summary>
/// The report's Datasheet section: a link to datasheet.md (Gebru et al. 2021, filled by the data audit's generator)
/// and, per section of the paper, how many questions have a narrative answer and how many facts the data audit measured.
/// </summary>
public static class DatasheetSection
{
    /// <summary>The file name of the datasheet beside report.html.</summary>
    public const string FileName = "datasheet.md";

    /// <summary>The section's blocks (none without a datasheet).</summary>
    public static IEnumerable<Block> Build(DatasheetPart? part)
    {
        if (part is null) yield break;
        yield return new Heading(2, "Datasheet for the data");
        yield return new LinkParagraph($"Datasheet for Datasets (Gebru et al., Communications of the ACM 64(12), 2021) of \"{part.Sheet.Title}\", with the facts measured by vigil data-audit ({part.DataAuditName}): ",
            FileName, FileName);
        yield return new Table(["section", "questions", "answered in words", "facts measured"],
            part.Sheet.Sections.Select(s => (IReadOnlyList<string>)[s.Section.Title, Numbers.Count(s.Answers.Count),
                Numbers.Count(s.Answers.Count(a => !string.IsNullOrWhiteSpace(a.Narrative))), Numbers.Count(s.Answers.Sum(a => a.FromAudit.Count))]).ToList());
        var unanswered = part.Sheet.Sections.SelectMany(s => s.Answers.Where(a => a.Question.Required && string.IsNullOrWhiteSpace(a.Narrative) && a.FromAudit.Count == 0)
            .Select(a => $"{s.Section.Title}: {a.Question.Text}")).ToList();
        if (unanswered.Count > 0)
        {
            yield return new Paragraph($"{Numbers.Count(unanswered.Count)} required questions are not answered yet:");
            yield return new BulletList(unanswered);
        }
    }
}
