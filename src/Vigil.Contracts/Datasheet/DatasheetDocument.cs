using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Datasheet;

/// <summary>
/// vigil.datasheet/v2: a Datasheet for Datasets (Gebru et al. 2021) written by `vigil data-audit --datasheet`:
/// every question of the paper in order, the narrative answer from the YAML (or null) and the facts the audit
/// measured. The content is vigil.datasheet/v1's; v2 adds `tool`, `inputs` and `settings` (docs/contracts-v2.md).
/// </summary>
public sealed record DatasheetDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    DatasheetSettings Settings,
    string Title,
    string Source,
    IReadOnlyList<DatasheetSectionValue> Sections) : IContractDocument
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = DatasheetContract.Schema;
}

/// <summary>The data audit's settings the measured answers depend on (catalogue keys).</summary>
public sealed record DatasheetSettings(
    string Label,
    string PositiveRule,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    string? Site,
    int MinCell);

/// <summary>One section of the paper ("motivation", "composition", ...) with its questions.</summary>
public sealed record DatasheetSectionValue(string Key, string Title, IReadOnlyList<DatasheetQuestionValue> Questions);

/// <summary>
/// One question: its key (<c>section.question</c>), the paper's text, whether the YAML must answer it, the narrative
/// answer (null when not answered) and the sentences the audit measured (possibly none).
/// </summary>
public sealed record DatasheetQuestionValue(string Key, string Question, bool Required, string? Answer, IReadOnlyList<string> Measured);
