namespace Vigil.Core.DataAudit;

/// <summary>Everything `vigil data-audit` reports (schema vigil.data-audit/v1).</summary>
public sealed record DataAuditResult(
    DataAuditInput Input,
    IReadOnlyList<Grouping> Groupings,
    IReadOnlyList<GroupingComposition> Composition,
    LabelSummary Labels,
    IReadOnlyList<MissingnessRow> Missingness,
    IReadOnlyList<FeatureDistribution> Distributions,
    IReadOnlyList<ProxyRow> Proxies,
    AnnotationSummary? Annotations,
    SiteSummary? Sites);

/// <summary>
/// The pre-deployment audit of a training dataset: composition, labels, missingness, feature
/// distributions, proxies, annotator agreement and site differences, each over every protected attribute
/// and (with two or more attributes) their full intersection; missingness is also tested by site.
/// </summary>
public static class DataAuditEngine
{
    public static DataAuditResult Run(DataAuditInput input, DataAuditOptions options)
    {
        if (input.Rows == 0) throw VigilException.BadData("the data have no rows");
        var groupings = new List<Grouping>();
        foreach (var p in input.Protected) groupings.Add(Grouping.Of(p));
        if (input.Protected.Count > 1) groupings.Add(Grouping.Intersect(input.Protected));
        var singles = groupings.Where(g => g.Attributes.Count == 1).ToList();
        return new DataAuditResult(
            input,
            groupings,
            CompositionSection.Build(input, groupings, options),
            LabelSection.Build(input, groupings, options),
            MissingnessSection.Build(input, input.Site is null ? groupings : [.. groupings, Grouping.Of(input.Site)]),
            DistributionSection.Build(input, singles, options),
            ProxySection.Build(input),
            AnnotationSection.Build(input, groupings),
            SiteSection.Build(input));
    }
}
