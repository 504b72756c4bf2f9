using Vigil.Application.Groups;

namespace Vigil.Application.DataAudit;

/// <summary>What a data audit reads and measures.</summary>
public sealed record DataAuditJobOptions
{
    /// <summary>One file, or one per site (none with <see cref="Source"/>).</summary>
    public required IReadOnlyList<string> Data { get; init; }

    /// <summary>A database that computes the audit's aggregates (docs/push-down.md), with <see cref="Query"/>; null: read <see cref="Data"/>.</summary>
    public string? Source { get; init; }

    /// <summary>With <see cref="Source"/>: the SELECT whose rows are audited.</summary>
    public string? Query { get; init; }

    /// <summary>Header names of headerless CSV files (null: the files have a header line).</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    public required string Label { get; init; }

    /// <summary>Positive label value, or a rule on a numeric label such as '>0'.</summary>
    public string? PositiveLabel { get; init; }

    public required GroupSelection Groups { get; init; }

    /// <summary>Name coded levels per column (code → name).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> LevelNames { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    public string? Site { get; init; }

    /// <summary>One site name per file (default: the file names).</summary>
    public IReadOnlyList<string>? SiteNames { get; init; }

    /// <summary>Feature columns; null or empty: every column that is not the label, a protected attribute, the site or an annotation.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Annotator columns (two or more).</summary>
    public IReadOnlyList<string> Annotations { get; init; } = [];

    /// <summary>Values that mean "not measured" per column.</summary>
    public IReadOnlyDictionary<string, double[]> Sentinels { get; init; } = new Dictionary<string, double[]>(StringComparer.Ordinal);

    /// <summary>CSV attribute,group,share of the expected population (e.g. census), or null.</summary>
    public string? ReferencePopulation { get; init; }

    /// <summary>Seed of the sampled consistency estimate (more than 10,000 rows).</summary>
    public int Seed { get; init; } = AnalysisDefaults.Seed;
}
