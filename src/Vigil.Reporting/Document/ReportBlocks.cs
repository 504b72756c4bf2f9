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
