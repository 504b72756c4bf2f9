namespace Vigil.Cli.Output;

/// <summary>The --format choices every verb shares.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Markdown,
}
