using Vigil.Application.Output;
using Vigil.Contracts.Common;
using Vigil.Contracts.DriftSummary;
using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Summaries;

namespace Vigil.Application.Drift;

/// <summary>
/// A drift's site summary and the pooled drift of several sites' summaries (docs/federated.md, drift): a site writes
/// per compared column its moments and counts per distinct value, fine bin or level (vigil.drift-summary/v1, no rows);
/// a network pools them into the drift of the pooled rows (<see cref="NumericSummaryMerge"/>; levels add), tested as a
/// push-down drift is (<see cref="SummaryColumnAnalyzer"/>), and reports every site as a group of the attribute
/// <see cref="SiteAttribute"/>, with its share of drifted columns and its gap to the site with the most current rows.
/// </summary>
public static class DriftFederation
{
    /// <summary>The grouping the sites are reported under.</summary>
    public const string SiteAttribute = "site";

    /// <summary>The site summary of a drift's loaded columns.</summary>
    public static DriftSummaryDocument Summarize(DriftJobOptions request, IReadOnlyList<DriftColumnData> data, long referenceRows, long currentRows)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var maxValues = request.MaxExactValues ?? Vigil.Data.Pushdown.PushdownDriftLoader.DefaultMaxValues;
        var columns = new List<SiteColumn>(data.Count);
        foreach (var column in data)
        {
            using var samples = column.Samples();
            columns.Add(samples.Type == ColumnType.Numerical
                ? new SiteColumn(column.Name, NumericSummaryBuilder.FromSorted(samples.Reference!.Values, samples.MissingReference,
                    samples.Current!.Values, samples.MissingCurrent, maxValues, NumericColumnSummary.DefaultFineBinCount), null, samples.MissingReference, samples.MissingCurrent)
                : new SiteColumn(column.Name, null, samples.Counts, samples.MissingReference, samples.MissingCurrent));
        }
        return Summarize(request, columns, request.ReferenceData, request.CurrentData, referenceRows, currentRows);
    }

    /// <summary>One column of a site summary: its numeric summary or its level counts, and its missing cells.</summary>
    public sealed record SiteColumn(string Name, NumericColumnSummary? Numeric, CategoryCounts? Levels, long MissingReference, long MissingCurrent);

    /// <summary>The site summary of summarised columns (from files or a database's push-down).</summary>
    public static DriftSummaryDocument Summarize(DriftJobOptions request, IReadOnlyList<SiteColumn> data, string referenceName, string currentName,
        long referenceRows, long currentRows)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var maxValues = request.MaxExactValues ?? Vigil.Data.Pushdown.PushdownDriftLoader.DefaultMaxValues;
        var minCell = request.Groups?.MinCell ?? AnalysisDefaults.MinCell;
        var columns = new List<DriftSummaryColumn>(data.Count);
        foreach (var column in data)
        {
            if (column.Numeric is { } s)
            {
                columns.Add(new DriftSummaryColumn(column.Name, "numerical", column.MissingReference, column.MissingCurrent,
                    SmallCells(s, minCell), ToContract(s), null));
                continue;
            }
            var counts = column.Levels!;
            var levels = new List<DriftSummaryLevel>(counts.Count);
            var small = 0;
            for (var i = 0; i < counts.Count; i++)
            {
                levels.Add(new DriftSummaryLevel(counts.Keys[i], counts.Reference[i], counts.Current[i]));
                small += Small(counts.Reference[i], minCell) + Small(counts.Current[i], minCell);
            }
            columns.Add(new DriftSummaryColumn(column.Name, "categorical", column.MissingReference, column.MissingCurrent, small, null, levels));
        }
        var site = string.IsNullOrWhiteSpace(request.SiteName) ? SiteOf(referenceName) : request.SiteName;
        return new DriftSummaryDocument(ToolBlock.Current,
            [
                new InputRef("reference_data", referenceName) { Rows = referenceRows },
                new InputRef("current_data", currentName) { Rows = currentRows },
            ],
            new DriftSummarySettings(maxValues, NumericColumnSummary.DefaultFineBinCount, request.Score, request.Label, minCell),
            site, referenceRows, currentRows, columns);
    }

    /// <summary>Writes the summary to <paramref name="path"/> whole or not at all (a temporary file renamed).</summary>
    public static void Write(DriftSummaryDocument summary, string path) => AtomicTextFile.Write(path, DriftSummaryContract.Write(summary));

    /// <summary>The drift of the pooled summaries in <see cref="DriftJobOptions.Summaries"/>, every site a group of <see cref="SiteAttribute"/>.</summary>
    public static DriftJobResult Run(DriftJobOptions request, TestSelection selection, IReadOnlyDictionary<string, ColumnTestOverride> overrides,
        IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(progress);
        if (request.Groups is not null)
            throw VigilException.Option("protected", $"drift within groups is not pooled from summaries; each site is reported as a group of '{SiteAttribute}'");
        if (request.DomainClassifier)
            throw VigilException.Option("domain_classifier", $"the domain classifier needs the rows and cannot run on {Param.Ref("summaries")}");
        if (!string.IsNullOrEmpty(request.Stream))
            throw VigilException.Option("stream", $"the sequential detectors need the rows in order and cannot run on {Param.Ref("summaries")}");
        foreach (var test in selection.Named)
            if (SummaryColumnAnalyzer.RowTests.Contains(test.Name))
                throw VigilException.Option("tests", $"test '{test.Name}' needs the rows and cannot run on {Param.Ref("summaries")}");
        foreach (var chosen in overrides.Values)
            if (SummaryColumnAnalyzer.RowTests.Contains(chosen.Test.Name))
                throw VigilException.Option("column_test", $"test '{chosen.Test.Name}' needs the rows and cannot run on {Param.Ref("summaries")}");

        progress.Report("reading site summaries");
        var files = request.Summaries;
        var pool = DriftSummaryPool.Load(files, request.Columns);
        foreach (var (column, chosen) in overrides)
        {
            var match = pool.Columns.FirstOrDefault(c => c.Name == column)
                        ?? throw VigilException.Option("column_test", $"no column '{column}' among the compared columns ({string.Join(", ", pool.Columns.Select(c => c.Name))})");
            if (!chosen.Test.AppliesTo(match.Type))
                throw VigilException.Option("column_test", $"'{chosen.Test.Name}' does not apply to {match.Type.ToString().ToLowerInvariant()} column '{column}'");
        }

        progress.Report("testing columns");
        var all = Enumerable.Range(0, pool.Sites.Count).ToList();
        var pooled = new ColumnDrift[pool.Columns.Count];
        for (var k = 0; k < pooled.Length; k++)
        {
            overrides.TryGetValue(pool.Columns[k].Name, out var chosen);
            pooled[k] = pool.Analyze(pool.Columns[k], all, selection, chosen);
        }
        var perSite = new List<GroupDrift>(pool.Sites.Count);
        for (var s = 0; s < pool.Sites.Count; s++)
        {
            var columns = new ColumnDrift[pool.Columns.Count];
            for (var k = 0; k < columns.Length; k++)
            {
                overrides.TryGetValue(pool.Columns[k].Name, out var chosen);
                columns[k] = pool.Analyze(pool.Columns[k], [s], selection, chosen);
            }
            var site = pool.Sites[s];
            perSite.Add(new GroupDrift(site.Name, site.ReferenceRows, site.CurrentRows, new DriftResult(columns, DatasetDrift.Of(columns, request.DriftShare))));
        }
        perSite.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        var minCell = pool.Settings.MinCell;
        var small = perSite.Where(g => g.ReferenceRows < minCell || g.CurrentRows < minCell).Select(g => g.Value).ToHashSet(StringComparer.Ordinal);
        var grouped = new GroupedDrift(SiteAttribute, perSite, [], []);
        var grouping = new DriftGrouping(SiteAttribute, [SiteAttribute], grouped, small, DriftReferenceGroup.Resolve([SiteAttribute], null, perSite));

        var roles = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        var names = pooled.Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
        foreach (var (column, role) in new[] { (request.Score ?? pool.Settings.Score, ColumnRole.Score), (request.Label ?? pool.Settings.Label, ColumnRole.Label) })
            if (!string.IsNullOrEmpty(column) && names.Contains(column)) roles[column] = role;
        var overall = new DriftResult(pooled, DatasetDrift.Of(pooled, request.DriftShare));
        var name = $"summaries: {string.Join(", ", files)}";
        var report = new DriftReport(name, pool.Sites.Sum(s => s.ReferenceRows), name, pool.Sites.Sum(s => s.CurrentRows), request.Tests,
            overall, roles, grouped, null);
        progress.Report("done", 1);
        return new DriftJobResult(DriftDocumentBuilder.Build(report, request, [grouping], minCell), report, [grouping]);
    }

    private static DriftSummaryNumeric ToContract(NumericColumnSummary s)
    {
        List<long>? fine = null;
        if (!s.IsExact)
        {
            fine = [];
            for (var k = 0; k < s.FineBinCount; k++)
                if (s.FineReference![k] != 0 || s.FineCurrent![k] != 0)
                    fine.AddRange([k, s.FineReference![k], s.FineCurrent![k]]);
        }
        return new DriftSummaryNumeric(Moments(s.Reference), Moments(s.Current), s.ReferenceDistinct,
            s.Values, s.ValueReference, s.ValueCurrent,
            s.IsExact ? null : s.FineLow, s.IsExact ? null : s.FineWidth, s.FineBinCount, fine,
            s.SturgesEdges, s.IsExact ? null : s.SturgesReference, s.IsExact ? null : s.SturgesCurrent);
    }

    private static DriftSummaryMoments Moments(SideMoments m) =>
        new(m.Count, m.Count > 0 ? m.Mean : null, m.SumSquaredDeviations, m.Count > 0 ? m.Min : null, m.Count > 0 ? m.Max : null);

    private static int SmallCells(NumericColumnSummary s, int minCell)
    {
        var small = 0;
        var (r, c) = s.IsExact ? (s.ValueReference!, s.ValueCurrent!) : (s.FineReference!, s.FineCurrent!);
        for (var i = 0; i < r.Length; i++) small += Small(r[i], minCell) + Small(c[i], minCell);
        return small;
    }

    private static int Small(long count, int minCell) => count > 0 && count < minCell ? 1 : 0;

    private static string SiteOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var ext in new[] { ".gz", ".csv", ".parquet", ".tsv" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        return name.Length > 0 ? name : path;
    }
}
