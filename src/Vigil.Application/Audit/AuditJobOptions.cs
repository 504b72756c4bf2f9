using Vigil.Application.Groups;

namespace Vigil.Application.Audit;

/// <summary>What `vigil audit` (or the service) asks of an audit: the data, the columns, the groups and the statistics.</summary>
public sealed record AuditJobOptions
{
    /// <summary>The data file (exactly one of <see cref="Data"/> and <see cref="Summaries"/>).</summary>
    public string? Data { get; init; }

    /// <summary>
    /// A database that computes the audit's summary where the data live (docs/push-down.md): duckdb:, duckdb:PATH,
    /// postgres://user@host:port/database or clickhouse://user@host:port/database; with <see cref="Query"/>, instead of <see cref="Data"/>.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>The SELECT whose rows are audited, run in <see cref="Source"/>.</summary>
    public string? Query { get; init; }

    /// <summary>Sites' summary files (vigil.audit-summary/v2) to pool instead of reading rows (docs/federated.md).</summary>
    public IReadOnlyList<string> Summaries { get; init; } = [];

    /// <summary>Also build this site's mergeable summary of <see cref="Data"/> (<see cref="AuditJobResult.SiteSummary"/>).</summary>
    public bool SiteSummary { get; init; }

    /// <summary>The site's name in its summary (default: the data file's name without extension).</summary>
    public string? SiteName { get; init; }

    /// <summary>
    /// The score bin width of the summary: of a push-down (default <see cref="Core.Audit.Federation.SiteSummary.DefaultPushdownScoreBinWidth"/>,
    /// 10⁻⁴) and of a site summary written from a data file (default <see cref="Core.Audit.Federation.SiteSummary.DefaultScoreBinWidth"/>, 10⁻⁶).
    /// </summary>
    public double? ScoreBinWidth { get; init; }

    /// <summary>
    /// A data file with at least this many rows is audited from the summary DuckDB computes of it (the push-down,
    /// docs/push-down.md "--data through DuckDB") instead of its rows read into memory, when the requested outputs can be
    /// computed from a summary (<see cref="AuditFilePushdown"/>); null means <see cref="AuditFilePushdown.DefaultMinRows"/>,
    /// <see cref="long.MaxValue"/> always reads the rows.
    /// </summary>
    public long? SummaryMinRows { get; init; }

    /// <summary>The label column (required with <see cref="Data"/>).</summary>
    public string? Label { get; init; }

    /// <summary>Score column (exactly one of <see cref="Score"/> and <see cref="Prediction"/>).</summary>
    public string? Score { get; init; }

    /// <summary>0/1 prediction column.</summary>
    public string? Prediction { get; init; }

    /// <summary>A prediction is positive when score ≥ threshold; null means the default 0.5 (and is the only value allowed with a prediction column).</summary>
    public double? Threshold { get; init; }

    public string? PositiveLabel { get; init; }

    public required GroupSelection Groups { get; init; }

    /// <summary>Bootstrap resamples of the percentile intervals of the groups and the curves (0 = none); null: <see cref="AnalysisDefaults.Bootstrap"/>.</summary>
    public int? Bootstrap { get; init; }

    public int Seed { get; init; } = AnalysisDefaults.Seed;

    /// <summary>Alpha of the generalized entropy indices.</summary>
    public double GeneralizedEntropyAlpha { get; init; } = 2;

    /// <summary>Add ROC, calibration and decision curves (needs a score).</summary>
    public bool Curves { get; init; }

    /// <summary>Decision-curve thresholds (null: 0.01 to 0.99 by 0.01); with <see cref="Curves"/> only.</summary>
    public double[]? DecisionThresholds { get; init; }
}
