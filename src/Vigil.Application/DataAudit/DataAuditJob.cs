using Vigil.Contracts.DataAudit;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Data;

namespace Vigil.Application.DataAudit;

/// <summary>What a data-audit job returns: the vigil.data-audit/v2 document and the core result the renderers and the datasheet draw from.</summary>
public sealed record DataAuditJobResult(DataAuditDocument Document, DataAuditResult Result, IReadOnlyList<string> Files, int MinCell, int Neighbours);

/// <summary>
/// `data-audit`: reads the files (one per site, or one with a site column), audits composition, labels, missingness,
/// distributions, proxies, annotator agreement and sites (DataAuditEngine), and builds the vigil.data-audit/v2 document.
/// Without a feature list every column that is not the label, a protected attribute, the site or an annotation is a
/// feature, so missing values anywhere are seen.
/// </summary>
public static class DataAuditJob
{
    public static DataAuditJobResult Run(DataAuditJobOptions options, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NoProgress.Instance;
        var groups = options.Groups;
        groups.Validate();
        groups.RequireNotLabel(options.Label);
        if (options.Annotations.Count == 1) throw VigilException.Option("annotations", "needs two or more annotator columns");
        if (options.Features is { } given && given.Distinct(StringComparer.Ordinal).Count() != given.Count)
            throw VigilException.Option("features", "names a column twice");
        if (options.Source is not null || options.Query is not null) return DataAuditPushdown.Run(options, progress);
        var features = options.Features is { Count: > 0 } f ? f : DefaultFeatures(options);

        progress.Report("reading data");
        var spec = new DataAuditColumns
        {
            Files = options.Data,
            ColumnNames = options.ColumnNames,
            SiteColumn = options.Site,
            SiteNames = options.SiteNames,
            Label = options.Label,
            PositiveLabel = options.PositiveLabel,
            Protected = groups.Protected,
            Bands = groups.Bands,
            Features = features,
            Annotations = options.Annotations,
            Sentinels = options.Sentinels,
            LevelNames = options.LevelNames,
        };
        var input = DataAuditLoader.Load(spec);
        groups.RequireReferences(a => input.Protected.First(p => p.Name == a).Levels, "the data");

        progress.Report("auditing");
        var auditOptions = new DataAuditOptions
        {
            References = groups.References,
            MinCell = groups.MinCell,
            Seed = options.Seed,
            Intersections = groups.Intersections.Count > 0 ? groups.Intersections.Select(groups.IntersectionColumns).ToList() : null,
            ReferencePopulation = options.ReferencePopulation is null ? null : DataAuditReferencePopulation.Read(options.ReferencePopulation, input.Protected),
        };
        var result = DataAuditEngine.Run(input, auditOptions);
        var document = DataAuditDocumentBuilder.Build(result, options, auditOptions);
        progress.Report("done", 1);
        return new DataAuditJobResult(document, result, options.Data, groups.MinCell, auditOptions.ConsistencyNeighbours);
    }

    /// <summary>Every column of the first file (or of the given header) that plays no other role.</summary>
    public static IReadOnlyList<string> DefaultFeatures(DataAuditJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> columns;
        if (options.ColumnNames is { Count: > 0 } names)
        {
            columns = names;
        }
        else
        {
            if (options.Data.Count == 0) throw VigilException.Option("data", "give at least one data file");
            using var first = TabularSource.Open(options.Data[0]);
            columns = [.. first.Columns];
        }
        var taken = new HashSet<string>(StringComparer.Ordinal) { options.Label };
        taken.UnionWith(options.Groups.Protected);
        taken.UnionWith(options.Annotations);
        if (options.Site is not null) taken.Add(options.Site);
        return columns.Where(c => !taken.Contains(c)).ToList();
    }
}
