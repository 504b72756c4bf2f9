using Vigil.Application.Groups;

namespace Vigil.Application.Drift;

/// <summary>What a drift job compares: two files, which columns and tests, within which groups, and the extras.</summary>
public sealed record DriftJobOptions
{
    public required string ReferenceData { get; init; }

    public required string CurrentData { get; init; }

    /// <summary>Columns to compare (empty: every column; both files must have them).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>auto, all, or a comma-separated list of test names.</summary>
    public string Tests { get; init; } = "auto";

    /// <summary>Per-column test overrides COLUMN=TEST[:THRESHOLD].</summary>
    public IReadOnlyList<string> ColumnTests { get; init; } = [];

    /// <summary>Drift within each group of these attributes and intersections (null: none), with gaps to each attribute's reference group (default: the most current rows); protected columns are not compared.</summary>
    public GroupSelection? Groups { get; init; }

    public string? Score { get; init; }

    public string? Label { get; init; }

    public double DriftShare { get; init; } = Core.Drift.DatasetDrift.DefaultShareThreshold;

    public bool DomainClassifier { get; init; }

    /// <summary>Run the sequential detectors over this numeric column of the current file.</summary>
    public string? Stream { get; init; }

    /// <summary>A database that summarises both datasets where they live (docs/push-down.md); with the two queries, instead of the files.</summary>
    public string? Source { get; init; }

    /// <summary>With <see cref="Source"/>: the SELECT of the reference rows.</summary>
    public string? ReferenceQuery { get; init; }

    /// <summary>With <see cref="Source"/>: the SELECT of the current rows.</summary>
    public string? CurrentQuery { get; init; }

    /// <summary>With <see cref="Source"/>: numeric columns with at most this many distinct values (both sides) travel as counts per value (exact); others as fine bins (null: the default).</summary>
    public int? MaxExactValues { get; init; }

    /// <summary>Sites' drift summaries (vigil.drift-summary/v1) to pool instead of reading files (docs/federated.md).</summary>
    public IReadOnlyList<string> Summaries { get; init; } = [];

    /// <summary>Also write this site's mergeable drift summary (no rows) to this file.</summary>
    public string? SummaryOut { get; init; }

    /// <summary>The site's name in its summary (default: the reference file's name).</summary>
    public string? SiteName { get; init; }

    /// <summary>Detector settings NAME.PARAM=VALUE (with <see cref="Stream"/>).</summary>
    public IReadOnlyList<string> Detectors { get; init; } = [];
}
