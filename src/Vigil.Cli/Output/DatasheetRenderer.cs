using System.Text;
using System.Text.Json;
using Vigil.Core.DataAudit;

namespace Vigil.Cli.Output;

/// <summary>
/// Renders a Datasheet for Datasets (Gebru et al. 2021) as Markdown and as JSON (schema
/// "vigil.datasheet/v1"): every question of the paper in order, the narrative answer (or "not answered"),
/// and the facts measured by the audit.
/// </summary>
public static class DatasheetRenderer
{
    public const string Schema = "vigil.datasheet/v1";
    private const string NotAnswered = "Not answered.";

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

    public static string Json(Datasheet sheet)
    {
        return JsonMetricWriter.Document(Schema, withTool: false, w =>
        {
            w.WriteString("title", sheet.Title);
            w.WriteString("source", "Gebru et al., Datasheets for Datasets, Communications of the ACM 64(12):86-92, 2021");
            w.WriteStartArray("sections");
            foreach (var section in sheet.Sections)
            {
                w.WriteStartObject();
                w.WriteString("key", section.Section.Key);
                w.WriteString("title", section.Section.Title);
                w.WriteStartArray("questions");
                foreach (var a in section.Answers)
                {
                    w.WriteStartObject();
                    w.WriteString("key", $"{section.Section.Key}.{a.Question.Key}");
                    w.WriteString("question", a.Question.Text);
                    w.WriteBoolean("required", a.Question.Required);
                    if (string.IsNullOrWhiteSpace(a.Narrative)) w.WriteNull("answer");
                    else w.WriteString("answer", a.Narrative);
                    w.WriteStartArray("measured");
                    foreach (var fact in a.FromAudit) w.WriteStringValue(fact);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }
}
