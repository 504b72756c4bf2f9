using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.AuditSummary;

/// <summary>
/// <c>vigil.audit-summary/v2</c>: the mergeable audit summary of one site, written by <c>vigil audit --summary-out</c>
/// and pooled by <c>vigil audit --summaries</c> (docs/federated.md, docs/schemas/vigil.audit-summary.v2.schema.json).
/// No rows: counts per cell of the protected attributes' cross product.
/// </summary>
public sealed record AuditSummaryDocument(
    string Schema,
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    AuditSummarySettings Settings,
    string Site,
    long Rows,
    IReadOnlyList<AuditSummaryProtected> Attributes,
    IReadOnlyList<AuditSummaryCell> Cells) : IContractDocument
{
    public const string SchemaName = "vigil.audit-summary/v2";
}

/// <summary>How the summary was made: score or predictions only, threshold, score bin width, min-cell, positive label.</summary>
public sealed record AuditSummarySettings(bool HasScore, double? Threshold, double? ScoreBinWidth, int MinCell, string PositiveLabel);

public sealed record AuditSummaryProtected(string Name, IReadOnlyList<string> Levels);

/// <summary>
/// One cell: its level per attribute (attribute order), rows, small-cell mark, rows by outcome and, with a score,
/// flat [bin, count, …] pairs per outcome.
/// </summary>
public sealed record AuditSummaryCell(
    IReadOnlyList<string> Levels,
    long N,
    bool SmallCell,
    long Tn,
    long Fp,
    long Fn,
    long Tp,
    AuditSummaryScoreBins? ScoreBins);

public sealed record AuditSummaryScoreBins(IReadOnlyList<long> Tn, IReadOnlyList<long> Fp, IReadOnlyList<long> Fn, IReadOnlyList<long> Tp);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AuditSummaryDocument))]
internal sealed partial class AuditSummaryJsonContext : JsonSerializerContext;
