using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.DriftSummary;

/// <summary>
/// vigil.drift-summary/v1: the mergeable drift summary of one site, written by <c>vigil drift --summary-out</c> and
/// pooled by <c>vigil drift --summaries</c> (docs/federated.md, docs/schemas/vigil.drift-summary.v1.schema.json). No
/// rows: per compared column, each side's moments and counts per distinct value, per fine bin or per level.
/// </summary>
/// <param name="Tool">The program that summarised.</param>
/// <param name="Inputs">The site's reference and current data files (or queries) with their rows.</param>
/// <param name="Settings">How the summary was made.</param>
/// <param name="Site">The site's name.</param>
/// <param name="ReferenceRows">Rows of the site's reference data.</param>
/// <param name="CurrentRows">Rows of the site's current data.</param>
/// <param name="Columns">One per compared column, in the data's order.</param>
public sealed record DriftSummaryDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    DriftSummarySettings Settings,
    string Site,
    long ReferenceRows,
    long CurrentRows,
    IReadOnlyList<DriftSummaryColumn> Columns) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = DriftSummaryContract.Schema;
}

/// <summary>
/// The summary's settings: the limit on distinct values sent one by one (<paramref name="MaxExactValues"/>), the fine
/// bins over a column's range otherwise, the column roles (score, label) and the small-cell threshold its marks use.
/// </summary>
public sealed record DriftSummarySettings(int MaxExactValues, int FineBins, string? Score, string? Label, int MinCell);

/// <summary>
/// One column: numerical (with <paramref name="Numeric"/>) or categorical (with <paramref name="Levels"/>), its
/// missing cells per side, and how many of its counts (values, bins or levels) hold 1 to min_cell − 1 rows
/// (<paramref name="SmallCells"/>: for whoever shares the summary further; the counts stay, the pool needs them).
/// </summary>
public sealed record DriftSummaryColumn(
    string Name,
    string Type,
    long MissingReference,
    long MissingCurrent,
    int SmallCells,
    DriftSummaryNumeric? Numeric,
    IReadOnlyList<DriftSummaryLevel>? Levels);

/// <summary>A level's rows on each side.</summary>
public sealed record DriftSummaryLevel(string Level, long Reference, long Current);

/// <summary>
/// A numerical column: each side's moments, the reference's distinct values, and either the counts per distinct value
/// (<paramref name="Values"/>, exact) or the counts on <paramref name="FineBinCount"/> equal-width bins from
/// <paramref name="FineLow"/> (flat [bin, reference, current, …] triples of the non-empty bins) with the counts on
/// Evidently's Sturges edges.
/// </summary>
public sealed record DriftSummaryNumeric(
    DriftSummaryMoments Reference,
    DriftSummaryMoments Current,
    long ReferenceDistinct,
    IReadOnlyList<double>? Values,
    IReadOnlyList<long>? ValueReference,
    IReadOnlyList<long>? ValueCurrent,
    double? FineLow,
    double? FineWidth,
    int FineBinCount,
    IReadOnlyList<long>? FineBins,
    IReadOnlyList<double>? SturgesEdges,
    IReadOnlyList<long>? SturgesReference,
    IReadOnlyList<long>? SturgesCurrent);

/// <summary>One side's finite values: count, mean, Σ(x − mean)², min and max (null when there are none).</summary>
public sealed record DriftSummaryMoments(long Count, double? Mean, double SumSquaredDeviations, double? Min, double? Max);

/// <summary>Source-generated serialization of vigil.drift-summary/v1 (compact: one line; bin arrays indented would be a number per line).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DriftSummaryDocument))]
public sealed partial class DriftSummaryJsonContext : JsonSerializerContext;
