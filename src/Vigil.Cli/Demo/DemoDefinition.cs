namespace Vigil.Cli.Demo;

/// <summary>A named end-to-end run on shipped data: its steps and where its report ends up (relative to the output folder).</summary>
public sealed record DemoDefinition(string Name, string Description, IReadOnlyList<DemoStep> Steps, string ReportPath);
