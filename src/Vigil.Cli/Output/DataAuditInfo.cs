namespace Vigil.Cli.Output;

/// <summary>What the table and Markdown renderings of a data audit show besides the result: the files, the settings and the heading.</summary>
public sealed record DataAuditInfo(IReadOnlyList<string> Files, int MinCell, int Neighbours, string Title = "Data audit");
