using Vigil.Contracts.AuditSummary;
using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Audit.Federation;

namespace Vigil.Application.Audit;

/// <summary>
/// An audit's site summary and the pooled audit of several sites' summaries (docs/federated.md): a site writes its mergeable
/// summary; a network pools the sites' summaries into the audit of their pooled rows, with the site as one more
/// protected attribute so that every site and the pool are reported side by side.
/// </summary>
public static class AuditFederation
{
    /// <summary>The site's summary document (vigil.audit-summary/v2), as text to write.</summary>
    public static string Summary(string? siteName, string dataPath, AuditData data, AuditOptions options, string positiveLabel,
        double scoreBinWidth = SiteSummary.DefaultScoreBinWidth)
    {
        var site = string.IsNullOrWhiteSpace(siteName) ? SiteOf(dataPath) : siteName;
        var summary = SummaryPooling.Summarize(data, site, options.Threshold, options.MinCell, positiveLabel, scoreBinWidth);
        return AuditSummaryFile.Write(summary, [new InputRef("data", dataPath) { Rows = data.Rows }]);
    }

    /// <summary>A summary computed elsewhere (a database's push-down) as the site's summary document, named <paramref name="siteName"/> when given.</summary>
    public static string Summary(SiteSummary summary, string? siteName, string sourceName)
    {
        var named = summary with { Site = string.IsNullOrWhiteSpace(siteName) ? SiteOf(sourceName) : siteName };
        return AuditSummaryFile.Write(named, [new InputRef("data", sourceName) { Rows = summary.Rows }]);
    }

    /// <summary>
    /// The pooled summaries of the files as distinct rows with counts (audited without rebuilding rows), checked against
    /// --protected; and what the output says about them.
    /// </summary>
    public static (WeightedAuditData Rows, AuditInputInfo Info) Pool(IReadOnlyList<string> files, IReadOnlyList<string> attributes, string label)
    {
        var sites = files.Select(AuditSummaryFile.Read).ToList();
        var names = sites[0].Attributes.Select(a => a.Name).ToList();
        if (!attributes.SequenceEqual(names))
            throw VigilException.Option("protected",
                $"{string.Join(",", attributes)}: the summaries' protected attributes are {string.Join(",", names)} (in that order)");
        var data = SummaryPooling.PoolSummaries(sites);
        var first = sites[0];
        var notes = new List<string>
        {
            $"pooled from {sites.Count} site summaries ({string.Join(", ", sites.Select(s => $"{s.Site}: {s.Rows} rows"))}); " +
            $"the attribute '{SummaryPooling.SiteAttribute}' gives each site, every other grouping the pool; " +
            $"audited from the summaries' {data.Distinct.Rows} distinct rows (no row rebuilt)",
        };
        if (first.HasScore)
            notes.Add($"AUROC, AUPRC, Brier and ECE from score bins of width {first.ScoreBinWidth} (counts exact; score metrics within 1e-4 of the pooled rows')");
        var small = sites.Sum(s => s.Cells.Count(c => c.SmallCell));
        if (small > 0) notes.Add($"{small} cells of the sites' summaries have fewer rows than their min-cell");
        var info = new AuditInputInfo(string.Join(",", files), label, first.PositiveLabel, first.HasScore ? "(score bins)" : null,
            first.HasScore ? null : "(prediction counts)", first.Threshold, notes);
        return (data, info);
    }

    private static string SiteOf(string dataPath)
    {
        var name = Path.GetFileName(dataPath);
        foreach (var ext in new[] { ".gz", ".csv", ".tsv", ".txt", ".parquet", ".pq" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        return name;
    }
}
