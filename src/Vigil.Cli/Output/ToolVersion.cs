namespace Vigil.Cli.Output;

/// <summary>The tool's informational version, for outputs.</summary>
public static class ToolVersion
{
    public static string Value { get; } =
        typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
