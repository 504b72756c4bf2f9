using System.Net;
using System.Text;
using Vigil.Reporting.Charts;

namespace Vigil.Reporting.Document;

/// <summary>
/// Renders blocks as one self-contained HTML page (well-formed XHTML syntax, inline CSS, charts as inline SVG with
/// role="img", &lt;title&gt; and &lt;desc&gt;; no script, no external resource). For screen readers: one &lt;main&gt;
/// landmark, headings in order, tables with column headers (scope="col") and row headers (scope="row", the first
/// cell), each table in a keyboard-scrollable region named after its section, charts labelled by their title and
/// description. Charts scale to their container (viewBox, width 100%, at most their natural width). The CSS class
/// hooks (summary cards, status badges) are documented in docs/report.md.
/// </summary>
public static class HtmlWriter
{
    /// <summary>
    /// The page's CSS. Colours: text #1a1a1a on white (contrast 17:1), secondary text #444 (9.7:1), links and accents
    /// Okabe–Ito blue #0072B2 (5.3:1); status badges use dark text on a light tint of the Okabe–Ito bluish green,
    /// orange and vermillion (each above 7:1) with a symbol and a word, so status never depends on colour alone.
    /// </summary>
    private const string Style =
        ":root{--ink:#1a1a1a;--muted:#444;--line:#c8c8c8;--accent:#0072B2;--ready:#009E73;--conditions:#E69F00;--not-ready:#D55E00}" +
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;max-width:64rem;margin:0 auto;padding:1.5rem 1rem 3rem;color:var(--ink);background:#fff;line-height:1.5}" +
        "h1{font-size:1.75rem;line-height:1.25;margin:0 0 .75rem;padding-bottom:.5rem;border-bottom:4px solid var(--accent)}" +
        "h2{font-size:1.35rem;line-height:1.3;margin:2.5rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}" +
        "h3{font-size:1.1rem;margin:1.75rem 0 .5rem}h4{font-size:1rem;margin:1.25rem 0 .5rem}" +
        "p,ul{max-width:48rem}li{margin:.2rem 0}a{color:var(--accent)}" +
        // Long file paths and identifiers wrap instead of widening the page (tables scroll inside their region instead).
        "h1,h2,h3,h4,p,li,figcaption{overflow-wrap:anywhere}" +
        ".table-wrap{overflow-x:auto;margin:1rem 0;max-width:100%}" +
        ".table-wrap:focus{outline:2px solid var(--accent);outline-offset:2px}" +
        "table{border-collapse:collapse;font-size:.875rem;font-variant-numeric:tabular-nums}" +
        "th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}" +
        "thead th{background:#e6eef5}tbody th{font-weight:600}tbody tr:nth-child(even){background:#f6f7f8}" +
        "figure{margin:1.75rem 0;padding:.75rem;border:1px solid #ddd;border-radius:6px;max-width:100%;box-sizing:border-box}" +
        "figure svg.chart{display:block;width:100%;height:auto;margin:0 auto}" +
        "figcaption{font-size:.875rem;color:#333;margin-top:.5rem}figcaption details{margin-top:.25rem}" +
        "figcaption summary{cursor:pointer;color:var(--accent)}" +
        ".summary-cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;list-style:none;margin:1rem 0 1.5rem;padding:0;max-width:none}" +
        ".summary-card{margin:0;overflow-wrap:anywhere;border:1px solid var(--line);border-left:6px solid var(--accent);border-radius:6px;padding:.6rem .8rem;background:#fafafa}" +
        ".summary-card .card-label{display:block;font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}" +
        ".summary-card .card-value{display:block;font-size:1.45rem;font-weight:700;line-height:1.25}" +
        ".summary-card .card-note{display:block;font-size:.8rem;color:var(--muted)}" +
        ".summary-card.status-ready{border-left-color:var(--ready)}.summary-card.status-conditions{border-left-color:var(--conditions)}.summary-card.status-not-ready{border-left-color:var(--not-ready)}" +
        ".status{display:inline-block;font-weight:700;padding:.05rem .5rem;border-radius:4px;border:2px solid;white-space:nowrap}" +
        ".status.status-ready{border-color:var(--ready);background:#dff3ec;color:#00513b}" +
        ".status.status-conditions{border-color:var(--conditions);background:#fdefd3;color:#5c3f00}" +
        ".status.status-not-ready{border-color:var(--not-ready);background:#fbe2d5;color:#7f2f00}" +
        "p.verdict{font-size:1.1rem}" +
        "@media print{body{max-width:none;padding:0}figure,table,.summary-card{break-inside:avoid}h2,h3{break-after:avoid}.table-wrap{overflow:visible}}";

    /// <summary>The page.</summary>
    public static string Render(string title, IEnumerable<Block> blocks)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>").Append(E(title)).Append("</title>\n")
          .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        var section = title;
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append($"<h{h.Level}>").Append(E(h.Text)).Append($"</h{h.Level}>\n");
                    section = h.Text;
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
                    AppendTable(sb, t, section);
                    break;
                case Figure f:
                    AppendFigure(sb, f.Chart);
                    break;
                case SummaryCards cards:
                    sb.Append("<ul class=\"summary-cards\">\n");
                    foreach (var c in cards.Cards)
                    {
                        sb.Append("<li class=\"summary-card").Append(c.Status is { } s ? " " + StatusClass(s) : "").Append("\">")
                          .Append("<span class=\"card-label\">").Append(E(c.Label)).Append("</span>")
                          .Append("<span class=\"card-value\">").Append(E(c.Value)).Append("</span>");
                        if (c.Status is { } status) sb.Append(Badge(status));
                        if (c.Note is { } note) sb.Append("<span class=\"card-note\">").Append(E(note)).Append("</span>");
                        sb.Append("</li>\n");
                    }
                    sb.Append("</ul>\n");
                    break;
                case StatusParagraph sp:
                    sb.Append("<p class=\"verdict\">").Append(Badge(sp.Status)).Append(' ').Append(E(sp.Text)).Append("</p>\n");
                    break;
                default:
                    throw new InvalidOperationException($"unknown block {block.GetType().Name}");
            }
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The word of a status, as both writers print it.</summary>
    public static string StatusWord(ReadinessStatus status) => status switch
    {
        ReadinessStatus.Ready => "Ready",
        ReadinessStatus.ReadyWithConditions => "Ready with conditions",
        _ => "Not ready",
    };

    /// <summary>The CSS class of a status: status-ready, status-conditions or status-not-ready.</summary>
    public static string StatusClass(ReadinessStatus status) => status switch
    {
        ReadinessStatus.Ready => "status-ready",
        ReadinessStatus.ReadyWithConditions => "status-conditions",
        _ => "status-not-ready",
    };

    /// <summary>A status badge: a symbol hidden from screen readers (✓, !, ✕: the shape differs, not only the colour) and the word.</summary>
    private static string Badge(ReadinessStatus status)
    {
        var symbol = status switch { ReadinessStatus.Ready => "✓", ReadinessStatus.ReadyWithConditions => "!", _ => "✕" };
        return $"<span class=\"status {StatusClass(status)}\"><span aria-hidden=\"true\">{symbol} </span>{E(StatusWord(status))}</span>";
    }

    /// <summary>A table in a focusable, labelled region that scrolls sideways when wider than the page; the first cell of each row is its header.</summary>
    private static void AppendTable(StringBuilder sb, Table t, string section)
    {
        sb.Append("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(E($"Table: {section}")).Append("\">\n");
        sb.Append("<table>\n<thead><tr>").Append(string.Concat(t.Header.Select(c => $"<th scope=\"col\">{E(c)}</th>"))).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                sb.Append(i == 0 ? $"<th scope=\"row\">{E(row[i])}</th>" : $"<td>{E(row[i])}</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</div>\n");
    }

    /// <summary>
    /// A chart: the scalable inline SVG, then the caption: title and first sentence (what is drawn) in view, the values
    /// behind a "Values shown" disclosure (the SVG's own description carries them all for screen readers).
    /// </summary>
    private static void AppendFigure(StringBuilder sb, Chart chart)
    {
        sb.Append("<figure>\n").Append(SvgAccessibility.Scalable(chart.Svg)).Append("\n<figcaption><strong>").Append(E(chart.Title)).Append(".</strong> ");
        // Most descriptions start with the title (the SVG's desc must stand alone); the caption shows the title once.
        var description = chart.Description.StartsWith(chart.Title + ": ", StringComparison.Ordinal)
            ? string.Concat(chart.Description.Substring(chart.Title.Length + 2, 1).ToUpperInvariant(), chart.Description.AsSpan(chart.Title.Length + 3))
            : chart.Description;
        var split = description.IndexOf(". ", StringComparison.Ordinal);
        if (split < 0 || split + 2 >= description.Length)
            sb.Append(E(description));
        else
            sb.Append(E(description[..(split + 1)])).Append("<details><summary>Values shown</summary>")
              .Append(E(description[(split + 2)..])).Append("</details>");
        sb.Append("</figcaption>\n</figure>\n");
    }

    /// <summary>Escapes text for HTML/XML content and attributes.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);
}
