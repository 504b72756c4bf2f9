namespace Vigil.Application.Demo;

/// <summary>
/// A named end-to-end run on shipped data: its steps, where its report ends up, and the results summary.md is
/// assembled from (paths relative to the output folder): the training paragraph from <see cref="TrainJson"/>,
/// then each Markdown output under its title. The example's README embeds that summary.
/// </summary>
public sealed record DemoDefinition(string Name, string Description, IReadOnlyList<DemoStep> Steps, string ReportPath,
    string TrainJson, IReadOnlyList<DemoSummaryPart> Summary)
{
    /// <summary>Where summary.md explains why accuracy looks high (and what the underserved groups' sensitivity is), or null.</summary>
    public HeadlineAccuracy? Headline { get; init; }
}

/// <summary>
/// The "high accuracy" headline of a demo, recomputed from the run's files: accuracy, sensitivity and alert rate of
/// <paramref name="Predictions"/> at <paramref name="Threshold"/> against always predicting the majority class, and the
/// sensitivity (with its Wilson interval) of <paramref name="Groups"/> of <paramref name="Attribute"/> in
/// <paramref name="AuditJson"/> at the audit's operating threshold. Paths are relative to the output folder.
/// </summary>
public sealed record HeadlineAccuracy(string Predictions, string Label, string Score, double Threshold, string AuditJson, string Attribute, IReadOnlyList<string> Groups);

/// <summary>
/// A Markdown output of a step, shown in summary.md under <paramref name="Title"/>; with <paramref name="Section"/>,
/// only that "## " section of the file.
/// </summary>
public sealed record DemoSummaryPart(string Title, string Path, string? Section = null);
