using System.Globalization;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Audit.Federation;
using Vigil.Data;
using Vigil.Data.Pushdown;

namespace Vigil.Application.Audit;

/// <summary>What a push-down gives the audit: the summary's distinct rows with counts, the summary itself (for --summary-out), and the notes.</summary>
public sealed record PushdownAudit(WeightedAuditData Rows, SiteSummary Summary, AuditInputInfo Info);

/// <summary>
/// `audit --source … --query …` (docs/push-down.md): the database computes the audit's mergeable summary in one GROUP BY
/// query, only the counts travel, and the audit is computed from the summary's rows and counts as pooled site summaries
/// are (<see cref="SummaryPooling.PoolSummaries"/>, without the site attribute; no row rebuilt): counts exact, AUROC, AUPRC,
/// Brier and ECE from score bins of width w (default <see cref="SiteSummary.DefaultPushdownScoreBinWidth"/>).
/// </summary>
public static class AuditPushdown
{
    /// <summary>The database's summary as weighted audit rows, and what the output says about them.</summary>
    public static PushdownAudit Load(AuditJobOptions options, double threshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source is null) throw VigilException.Option("source", "is required with a query (duckdb:, duckdb:PATH, postgres://... or clickhouse://...)");
        if (options.Query is null) throw VigilException.Option("query", "is required with a source: the SELECT whose rows are audited");
        if (options.Label is null) throw VigilException.Option("label", "is required with a source");
        var source = SqlSource.Parse(options.Source);
        var columns = new AuditColumns(options.Label, options.Score, options.Prediction, threshold, options.Groups.Protected,
            options.Groups.Bands, options.PositiveLabel);
        var width = options.ScoreBinWidth ?? SiteSummary.DefaultPushdownScoreBinWidth;
        var pushed = PushdownAuditLoader.Load(source, options.Query, columns, options.Groups.MinCell, width);
        var summary = pushed.Summary;
        var rows = SummaryPooling.PoolSummaries([summary], withSite: false);
        var notes = new List<string>(pushed.Report.Notes)
        {
            string.Create(CultureInfo.InvariantCulture,
                $"summarized in {source.Engine} ({source.Name}): {summary.Rows} rows as {pushed.GroupRows} group rows; no row left the database"),
        };
        if (summary.HasScore)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"AUROC, AUPRC, Brier and ECE from score bins of width {summary.ScoreBinWidth} (score_bin_width; counts exact, score metrics move by at most the ties within a bin)"));
        var info = new AuditInputInfo(source.Name, options.Label, pushed.Report.PositiveLabel, options.Score, options.Prediction,
            options.Score is null ? null : threshold, notes);
        return new PushdownAudit(rows, summary, info);
    }
}
