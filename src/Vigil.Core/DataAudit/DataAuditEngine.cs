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
/// and the chosen intersections (default: with two or more attributes, their full intersection); missingness is also tested by site.
/// </summary>
public static class DataAuditEngine
{
    public static DataAuditResult Run(DataAuditInput input, DataAuditOptions options)
    {
        if (input.Rows == 0) throw VigilException.BadData("the data have no rows");
        var groupings = new List<Grouping>();
        foreach (var p in input.Protected) groupings.Add(Grouping.Of(p));
        if (options.Intersections is { } chosen)
        {
            foreach (var columns in chosen)
                groupings.Add(Grouping.Intersect(columns.Select(c => input.Protected.First(p => p.Name == c)).ToList()));
        }
        else if (input.Protected.Count > 1)
        {
            groupings.Add(Grouping.Intersect(input.Protected));
        }
        var singles = groupings.Where(g => g.Attributes.Count == 1).ToList();
        // Each numeric feature is sorted once, for its distributions by group and its proxy AUROCs.
        var attributes = input.Protected.Select(Grouping.Of).ToList();
        var references = DistributionSection.References(singles, options);
        var numericDistributions = new FeatureDistribution[input.NumericFeatures.Count, singles.Count];
        var numericProxies = new ProxyRow[input.NumericFeatures.Count, attributes.Count];
        // Two features at a time (each holds its sorted copy, about 30 MB per million rows, only while it is processed).
        Parallel.For(0, input.NumericFeatures.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f =>
        {
            var feature = input.NumericFeatures[f];
            var sorted = SortedFeature.Of(feature.Values);
            for (var g = 0; g < singles.Count; g++) numericDistributions[f, g] = DistributionSection.Numeric(feature.Name, sorted, singles[g], references[g]);
            for (var a = 0; a < attributes.Count; a++) numericProxies[f, a] = ProxySection.Numeric(feature.Name, sorted, attributes[a]);
        });
        var distributions = DistributionSection.Build(input, singles, options, numericDistributions);
        var proxies = ProxySection.Build(input, numericProxies);
        return new DataAuditResult(
            input,
            groupings,
            CompositionSection.Build(input, groupings, options),
            LabelSection.Build(input, groupings, options),
            MissingnessSection.Build(input, input.Site is null ? groupings : [.. groupings, Grouping.Of(input.Site)]),
            distributions,
            proxies,
            AnnotationSection.Build(input, groupings),
            SiteSection.Build(input));
    }
}
