using System.Globalization;
using Vigil.Core;
using Vigil.Core.Audit.Federation;
using Vigil.Data;
using Vigil.Data.Pushdown;

namespace Vigil.Application.Audit;

/// <summary>
/// `audit --data FILE` through DuckDB (docs/push-down.md, "--data through DuckDB"): a large file is summarized by the
/// embedded DuckDB in the push-down's one GROUP BY query (<see cref="AuditFileQuery"/> reads it as the in-process path
/// does) and audited from that summary, so neither its rows nor its scores are held in memory. Counts and count metrics
/// are identical to the in-process audit; AUROC, AUPRC, Brier and ECE come from score bins of width w (default
/// <see cref="SiteSummary.DefaultPushdownScoreBinWidth"/>). The in-process row path stays where the summary cannot give
/// the requested output or where it is not the better path: files under <see cref="DefaultMinRows"/> rows (fast anyway,
/// and small groups are where a bin's ties move AUPRC most), curves (they walk every row), a site summary of the file
/// (written at its own width, 10⁻⁶), and any data the summary refuses: the row path then fails with its row-naming message.
/// </summary>
public static class AuditFilePushdown
{
    /// <summary>Rows from which a data file is audited from its DuckDB summary by default.</summary>
    public const long DefaultMinRows = 1_000_000;

    /// <summary>
    /// The summary of <paramref name="options"/>' data file, or null when the audit reads the file's rows instead (see the
    /// class remarks). Every refusal of the summary, a file that fails <see cref="InputFileCheck"/> included, falls back to
    /// the rows, whose reader reports it with the row or byte it concerns.
    /// </summary>
    public static PushdownAudit? TryLoad(AuditJobOptions options, double threshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Data;
        var minRows = options.SummaryMinRows ?? DefaultMinRows;
        if (path is null || options.Label is null || options.Curves || options.SiteSummary || minRows == long.MaxValue || !File.Exists(path))
            return null;
        var parquet = AuditFileQuery.IsParquet(path);
        if (parquet)
        {
            if (AuditFileQuery.RowCountFromMetadata(path) is not { } rows || rows < minRows) return null;
        }
        else
        {
            // A delimited file's rows are known only after a scan (the summary counts them exactly below); a file whose
            // estimate is under half the threshold is not summarized, so that the row path is not preceded by a wasted scan.
            // The text is checked (InputFileCheck) by the scan below before DuckDB reads it.
            if (minRows > 0 && (AuditFileQuery.EstimatedCsvRows(path) is not { } estimate || estimate < minRows / 2)) return null;
        }
        var columns = new AuditColumns(options.Label, options.Score, options.Prediction, threshold, options.Groups.Protected,
            options.Groups.Bands, options.PositiveLabel);
        var width = options.ScoreBinWidth ?? SiteSummary.DefaultPushdownScoreBinWidth;
        PushdownAuditResult pushed;
        try
        {
            // Counted in .NET from DuckDB's vectors; the SQL GROUP BY only where that scan declines (levels or groups past its dense limits).
            pushed = AuditFileScan.Load(path, columns, options.Groups.MinCell, width)
                ?? PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(path), columns, options.Groups.MinCell, width);
        }
        catch (VigilException)
        {
            return null; // a missing column, a bad label or score: the row path names the rows
        }
        var summary = pushed.Summary;
        if (summary.Rows < minRows || TooManyLevels(summary)) return null;
        var rowsSummarized = SummaryPooling.PoolSummaries([summary], withSite: false);
        Core.Diagnostics.PhaseTrace.Mark("summary of the file pooled");
        var notes = new List<string>(pushed.Report.Notes)
        {
            string.Create(CultureInfo.InvariantCulture,
                $"summarized in one pass over the file: {summary.Rows} rows as {pushed.GroupRows} group rows (a data file of {minRows} rows or more is audited from its summary; docs/push-down.md)"),
        };
        if (summary.HasScore)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"AUROC, AUPRC, Brier and ECE from score bins of width {summary.ScoreBinWidth} (score_bin_width; counts exact, score metrics move by at most the ties within a bin)"));
        var info = new AuditInputInfo(path, options.Label, pushed.Report.PositiveLabel, options.Score, options.Prediction,
            options.Score is null ? null : threshold, notes);
        return new PushdownAudit(rowsSummarized, summary, info);
    }

    /// <summary>A categorical attribute with more levels than the row path accepts: that path refuses it with its advice.</summary>
    private static bool TooManyLevels(SiteSummary summary)
    {
        foreach (var attribute in summary.Attributes)
            if (attribute.Levels.Count > TabularSource.MaxCategoricalLevels) return true;
        return false;
    }
}
