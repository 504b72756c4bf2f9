using System.Text;
using Vigil.Application.Audit;
using Vigil.Core.Audit;

namespace Vigil.Cli.Output;

/// <summary>Renders an audit as Markdown (GitHub tables), FNR first.</summary>
public static class AuditMarkdownRenderer
{
    public static string Render(AuditResult result, AuditInputInfo input)
    {
        var sb = new StringBuilder();
        sb.Append("# Vigil audit\n\n");
        sb.Append(Escape(AuditSummaryText.Headline(result, input))).Append("\n\n");
        sb.Append(Escape(AuditSummaryText.OverallLine(result))).Append("\n\n");
        foreach (var note in input.Notes) sb.Append("- Note: ").Append(Escape(note)).Append('\n');
        if (input.Notes.Count > 0) sb.Append('\n');
        foreach (var grouping in result.Groupings)
        {
            sb.Append("## ").Append(Escape(grouping.Name)).Append(" (reference: ").Append(Escape(grouping.ReferenceGroup)).Append(")\n\n");
            sb.Append("| ").Append(string.Join(" | ", AuditSummaryText.GroupHeaders)).Append(" |\n");
            sb.Append('|').Append(string.Concat(AuditSummaryText.GroupHeaders.Select(_ => " --- |"))).Append('\n');
            foreach (var g in grouping.Groups)
                sb.Append("| ").Append(string.Join(" | ", AuditSummaryText.GroupRow(grouping, g).Select(Escape))).Append(" |\n");
            sb.Append('\n');
            foreach (var line in AuditSummaryText.DisparityLines(grouping)) sb.Append("- ").Append(Escape(line)).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|").Replace("<", "&lt;");
}
