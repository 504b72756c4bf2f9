using System.Text;
using Vigil.Core.DataAudit;

namespace Vigil.Application.DataAudit;

/// <summary>
/// Renders a Datasheet for Datasets (Gebru et al. 2021) as Markdown: every question of the paper in order, the
/// narrative answer (or "not answered"), and the facts measured by the audit. The JSON form is the
/// vigil.datasheet/v2 contract (DatasheetContract, built by the application's DatasheetBuilder).
/// </summary>
public static class DatasheetRenderer
{
    private const string NotAnswered = "Not answered.";

    /// <summary>datasheet.md of <paramref name="sheet"/> (written by data-audit --datasheet and by the report).</summary>
    public static string Markdown(Datasheet sheet)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Datasheet: {sheet.Title}");
        sb.AppendLine();
        sb.AppendLine("Questions from Gebru et al., \"Datasheets for Datasets\", Communications of the ACM 64(12), 2021. " +
                      "Narrative answers come from the datasheet YAML; lines marked *Measured* were computed by `vigil data-audit`.");
        foreach (var section in sheet.Sections)
        {
            sb.AppendLine();
            sb.AppendLine($"## {section.Section.Title}");
            foreach (var a in section.Answers)
            {
                sb.AppendLine();
                sb.AppendLine($"**{a.Question.Text}**");
                sb.AppendLine();
                sb.AppendLine(string.IsNullOrWhiteSpace(a.Narrative) ? (a.FromAudit.Count > 0 ? "" : NotAnswered) : a.Narrative);
                foreach (var fact in a.FromAudit) sb.AppendLine($"- *Measured:* {fact}");
            }
        }
        return sb.ToString().Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
    }
}
