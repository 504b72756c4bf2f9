using System.Globalization;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Audit.Federation;
using Vigil.Data;
using Vigil.Data.Pushdown;

namespace Vigil.Application.Audit;

/// <summary>
/// `audit --source … --query …` (docs/push-down.md): the database computes the audit's mergeable summary in one GROUP BY
/// query, only the counts travel, and the audit is built from the summary through the same path as pooled site
/// summaries (<see cref="SummaryPooling.Pool"/>, without the site attribute): counts exact, AUROC, AUPRC, Brier and ECE
/// from score bins of width 10⁻⁶.
/// </summary>
public static class AuditPushdown
{
    /// <summary>The audit rows rebuilt from the database's summary, and what the output says about them.</summary>
    public static (AuditData Data, AuditInputInfo Info) Load(AuditJobOptions options, double threshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source is null) throw VigilException.Option("source", "is required with a query (duckdb:, duckdb:PATH, postgres://... or clickhouse://...)");
        if (options.Query is null) throw VigilException.Option("query", "is required with a source: the SELECT whose rows are audited");
        if (options.Label is null) throw VigilException.Option("label", "is required with a source");
        var source = SqlSource.Parse(options.Source);
        var columns = new AuditColumns(options.Label, options.Score, options.Prediction, threshold, options.Groups.Protected,
            options.Groups.Bands, options.PositiveLabel);
        var pushed = PushdownAuditLoader.Load(source, options.Query, columns, options.Groups.MinCell);
        var summary = pushed.Summary;
        var data = SummaryPooling.Pool([summary], withSite: false);
        var notes = new List<string>(pushed.Report.Notes)
        {
            string.Create(CultureInfo.InvariantCulture,
                $"summarized in {source.Engine} ({source.Name}): {summary.Rows} rows as {pushed.GroupRows} group rows; no row left the database"),
        };
        if (summary.HasScore)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"AUROC, AUPRC, Brier and ECE from score bins of width {summary.ScoreBinWidth} (counts exact; score metrics within 1e-4 of the rows')"));
        var info = new AuditInputInfo(source.Name, options.Label, pushed.Report.PositiveLabel, options.Score, options.Prediction,
            options.Score is null ? null : threshold, notes);
        return (data, info);
    }
}
