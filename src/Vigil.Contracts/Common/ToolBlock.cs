namespace Vigil.Contracts.Common;

/// <summary>The "tool" block of every Vigil JSON document: which program wrote it, and its version.</summary>
public sealed record ToolBlock(string Name, string Version)
{
    /// <summary>This build of Vigil.</summary>
    public static ToolBlock Current { get; } =
        new("vigil", typeof(ToolBlock).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}
