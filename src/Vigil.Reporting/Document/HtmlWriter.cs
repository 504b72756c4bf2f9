using System.Net;
using System.Text;

namespace Vigil.Reporting.Document;

/// <summary>
/// Renders blocks as one self-contained HTML page (well-formed XHTML syntax, inline CSS, charts as inline SVG
/// with role="img", &lt;title&gt; and &lt;desc&gt;; no script, no external resource).
/// </summary>
public static class HtmlWriter
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}" +
        "table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}" +
        "th{background:#eee}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#333}";

    /// <summary>The HTML page.</summary>
    public static string Render(string title, IEnumerable<Block> blocks)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>").Append(E(title)).Append("</title>\n")
          .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append($"<h{h.Level}>").Append(E(h.Text)).Append($"</h{h.Level}>\n");
                    break;
                case Paragraph p:
                    sb.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case LinkParagraph lp:
                    sb.Append("<p>").Append(E(lp.Text)).Append("<a href=\"").Append(E(lp.Href)).Append("\">").Append(E(lp.LinkText)).Append("</a></p>\n");
                    break;
                case BulletList l:
                    sb.Append("<ul>\n");
                    foreach (var item in l.Items) sb.Append("<li>").Append(E(item)).Append("</li>\n");
                    sb.Append("</ul>\n");
                    break;
                case Table t:
                    sb.Append("<table>\n<thead><tr>").Append(string.Concat(t.Header.Select(c => $"<th scope=\"col\">{E(c)}</th>"))).Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>\n");
                    sb.Append("</tbody>\n</table>\n");
                    break;
                case Figure f:
                    sb.Append("<figure>\n").Append(f.Chart.Svg).Append("\n<figcaption>").Append(E(f.Chart.Title)).Append(". ").Append(E(f.Chart.Description)).Append("</figcaption>\n</figure>\n");
                    break;
                default:
                    throw new InvalidOperationException($"unknown block {block.GetType().Name}");
            }
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Escapes text for HTML/XML content and attributes.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);
}
