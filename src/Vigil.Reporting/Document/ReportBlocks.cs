namespace Vigil.Reporting.Document;

/// <summary>
/// A report as a list of blocks, rendered to Markdown and to HTML by <see cref="MarkdownWriter"/> and
/// <see cref="HtmlWriter"/>, so both formats carry the same content. Text is plain (no markup).
/// </summary>
public abstract record Block;

/// <summary>A heading of level 1–4.</summary>
public sealed record Heading(int Level, string Text) : Block;

/// <summary>A paragraph.</summary>
public sealed record Paragraph(string Text) : Block;

/// <summary>A paragraph ending in a link to a file beside the report (relative <paramref name="Href"/>).</summary>
public sealed record LinkParagraph(string Text, string Href, string LinkText) : Block;

/// <summary>A bulleted list.</summary>
public sealed record BulletList(IReadOnlyList<string> Items) : Block;

/// <summary>A table with a header row.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

/// <summary>A chart: inline SVG in HTML, an image link to charts/FILE in Markdown.</summary>
public sealed record Figure(Chart Chart) : Block;

/// <summary>An SVG chart with its accessible title and description (also its alt text).</summary>
public sealed record Chart(string FileName, string Title, string Description, string Svg);

/// <summary>
/// A readiness status of a governance decision. report.html shows it as a word in a coloured badge (CSS classes
/// <c>status-ready</c>, <c>status-conditions</c>, <c>status-not-ready</c>; Okabe–Ito colours with a symbol, so the
/// word, not the colour, carries the meaning); report.md as the word in bold.
/// </summary>
public enum ReadinessStatus
{
    /// <summary>"Ready".</summary>
    Ready,

    /// <summary>"Ready with conditions".</summary>
    ReadyWithConditions,

    /// <summary>"Not ready".</summary>
    NotReady,
}

/// <summary>One card of a <see cref="SummaryCards"/> row: a label, a headline value, an optional note and status.</summary>
public sealed record SummaryCard(string Label, string Value, string? Note = null, ReadinessStatus? Status = null);

/// <summary>A row of summary cards (report.html: <c>ul.summary-cards</c> of <c>li.summary-card</c>; report.md: a bulleted list).</summary>
public sealed record SummaryCards(IReadOnlyList<SummaryCard> Cards) : Block;

/// <summary>A paragraph that starts with a status badge, e.g. the verdict (report.html: <c>p.verdict</c>).</summary>
public sealed record StatusParagraph(ReadinessStatus Status, string Text) : Block;
