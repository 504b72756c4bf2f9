namespace Vigil.Application.Demo;

/// <summary>
/// A named end-to-end run on shipped data: its steps, where its report ends up, and the results summary.md is
/// assembled from (paths relative to the output folder): the training paragraph from <see cref="TrainJson"/>,
/// then each Markdown output under its title. The example's README embeds that summary.
/// </summary>
public sealed record DemoDefinition(string Name, string Description, IReadOnlyList<DemoStep> Steps, string ReportPath,
    string TrainJson, IReadOnlyList<DemoSummaryPart> Summary);

/// <summary>
/// A Markdown output of a step, shown in summary.md under <paramref name="Title"/>; with <paramref name="Section"/>,
/// only that "## " section of the file.
/// </summary>
public sealed record DemoSummaryPart(string Title, string Path, string? Section = null);
