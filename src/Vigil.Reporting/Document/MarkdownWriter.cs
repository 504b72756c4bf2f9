using System.Text;

namespace Vigil.Reporting.Document;

/// <summary>Renders blocks as GitHub-flavoured Markdown; charts link to <c>charts/FILE</c> beside the file.</summary>
public static class MarkdownWriter
{
    /// <summary>The directory (relative to the Markdown file) holding chart SVGs.</summary>
    public const string ChartDirectory = "charts";

    /// <summary>The Markdown text of <paramref name="blocks"/>.</summary>
    public static string Render(IEnumerable<Block> blocks)
    {
        var sb = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append('#', h.Level).Append(' ').Append(Escape(h.Text)).Append("\n\n");
                    break;
                case Paragraph p:
                    sb.Append(Escape(p.Text)).Append("\n\n");
                    break;
                case LinkParagraph lp:
                    sb.Append(Escape(lp.Text)).Append('[').Append(Escape(lp.LinkText)).Append("](").Append(lp.Href).Append(")\n\n");
                    break;
                case BulletList l:
                    foreach (var item in l.Items) sb.Append("- ").Append(Escape(item)).Append('\n');
                    sb.Append('\n');
                    break;
                case Table t:
                    sb.Append("| ").Append(string.Join(" | ", t.Header.Select(Cell))).Append(" |\n");
                    sb.Append('|').Append(string.Concat(t.Header.Select(_ => " --- |"))).Append('\n');
                    foreach (var row in t.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                    sb.Append('\n');
                    break;
                case Figure f:
                    sb.Append("![").Append(Escape(f.Chart.Title + ". " + f.Chart.Description)).Append("](")
                      .Append(ChartDirectory).Append('/').Append(f.Chart.FileName).Append(")\n\n");
                    break;
                case SummaryCards cards:
                    foreach (var c in cards.Cards)
                        sb.Append("- ").Append(Escape(c.Label)).Append(": **").Append(Escape(c.Value)).Append("**")
                          .Append(c.Status is { } s ? " (" + HtmlWriter.StatusWord(s) + ")" : "")
                          .Append(c.Note is { } note ? " — " + Escape(note) : "").Append('\n');
                    sb.Append('\n');
                    break;
                case StatusParagraph sp:
                    sb.Append("**").Append(HtmlWriter.StatusWord(sp.Status)).Append("**: ").Append(Escape(sp.Text)).Append("\n\n");
                    break;
                default:
                    throw new InvalidOperationException($"unknown block {block.GetType().Name}");
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Escapes characters Markdown would read as markup.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|') sb.Append('\\');
            sb.Append(c == '\n' ? ' ' : c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Escapes Markdown markup in text that may span lines (CHAI fields that hold Markdown): each line as in
    /// <see cref="Escape"/>, keeping the line breaks and a leading "- " list marker.
    /// </summary>
    public static string EscapeLines(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.StartsWith("- ", StringComparison.Ordinal) ? "- " + Escape(line[2..]) : Escape(line)));

    private static string Cell(string text) => Escape(text);
}
