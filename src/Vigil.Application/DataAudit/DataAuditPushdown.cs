using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Data;
using Vigil.Data.Pushdown;

namespace Vigil.Application.DataAudit;

/// <summary>
/// `data-audit --source … --query …` (docs/push-down.md): the database computes the data audit's counts, numeric summaries,
/// level counts and rank sums with GROUP BY queries (<see cref="PushdownDataAuditLoader"/>); no row leaves it, and the audit
/// is built from those aggregates (<see cref="DataAuditSummaryEngine"/>). The consistency score needs rows and is null with
/// its reason; annotator agreement is refused (it needs each item's ratings).
/// </summary>
public static class DataAuditPushdown
{
    public static DataAuditJobResult Run(DataAuditJobOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.Source is null) throw VigilException.Option("source", "is required with a query (duckdb:, duckdb:PATH or postgres://...)");
        if (options.Query is null) throw VigilException.Option("query", "is required with a source: the SELECT whose rows are audited");
        if (options.Data.Count > 0) throw VigilException.Option("source", $"reads the rows in a database; give {Param.Ref("source")} and {Param.Ref("query")}, or {Param.Ref("data")}, not both");
        if (options.ColumnNames is not null) throw VigilException.Option("header", $"names the columns of CSV files; not with {Param.Ref("source")}");
        var source = SqlSource.Parse(options.Source);
        var groups = options.Groups;
        progress.Report($"summarizing in {source.Engine}");
        var spec = new DataAuditColumns
        {
            Files = [],
            SiteColumn = options.Site,
            SiteNames = options.SiteNames,
            Label = options.Label,
            PositiveLabel = options.PositiveLabel,
            Protected = groups.Protected,
            Bands = groups.Bands,
            Features = options.Features ?? [],
            Annotations = options.Annotations,
            Sentinels = options.Sentinels,
            LevelNames = options.LevelNames,
        };
        var pushed = PushdownDataAuditLoader.Load(source, options.Query, spec);
        foreach (var note in pushed.Notes) progress.Report(note);
        progress.Report($"summarized in {source.Engine} ({source.Name}): {pushed.Rows} rows as {pushed.GroupRows} group rows; no row left the database");
        groups.RequireReferences(a => pushed.Counts.Protected.First(p => p.Name == a).Levels, source.Name);

        var auditOptions = new DataAuditOptions
        {
            References = groups.References,
            MinCell = groups.MinCell,
            Seed = options.Seed,
            Intersections = groups.Intersections.Count > 0 ? groups.Intersections.Select(groups.IntersectionColumns).ToList() : null,
            ReferencePopulation = options.ReferencePopulation is null ? null : DataAuditReferencePopulation.Read(options.ReferencePopulation, pushed.Counts.Protected),
        };
        var result = DataAuditSummaryEngine.Run(pushed.Counts, auditOptions);
        var document = DataAuditDocumentBuilder.Build(result, options, auditOptions, [new InputRef("source", source.Name), new InputRef("query", options.Query)]);
        progress.Report("done", 1);
        return new DataAuditJobResult(document, result, [source.Name], groups.MinCell, auditOptions.ConsistencyNeighbours);
    }
}
