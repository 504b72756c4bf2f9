using Vigil.Contracts.Common;
using Vigil.Contracts.DataAudit;
using Vigil.Core;
using Vigil.Core.DataAudit;

namespace Vigil.Application.DataAudit;

/// <summary>The vigil.data-audit/v2 document of a data audit: v1's numbers under the v2 keys (docs/contracts-v2.md).</summary>
public static class DataAuditDocumentBuilder
{
    /// <summary>The adjustment of the missingness tests' p-values across columns.</summary>
    public const string Adjustment = "holm";

    /// <summary>The document of <paramref name="r"/>; <paramref name="inputs"/> names what was read (default: the --data files).</summary>
    public static DataAuditDocument Build(DataAuditResult r, DataAuditJobOptions options, DataAuditOptions settings, IReadOnlyList<InputRef>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var counts = GroupLookup.Of(r);
        var input = r.Input;
        var groups = options.Groups;
        return new DataAuditDocument(
            ToolBlock.Current,
            inputs ?? options.Data.Select(f => new InputRef("data", f)).ToList(),
            new DataAuditSettings(
                input.LabelColumn, input.PositiveRule, input.Protected.Select(p => p.Name).ToList(),
                r.Groupings.Where(g => g.Attributes.Count > 1).Select(g => g.Name).ToList(),
                groups.BandEdges(), groups.References, input.Site?.Name,
                input.NumericFeatures.Select(f => f.Name).ToList(), input.CategoricalFeatures.Select(f => f.Name).ToList(),
                input.Annotations.Select(a => a.Name).ToList(), r.Groupings.Select(g => g.Name).ToList(),
                settings.MinCell, settings.Seed, settings.ConsistencyNeighbours),
            input.Rows,
            r.Composition.Select(Composition).ToList(),
            Labels(r, settings.ConsistencyNeighbours),
            r.Missingness.Select(m => Missingness(m, counts)).ToList(),
            r.Distributions.Select(d => Distribution(d, counts)).ToList(),
            r.Proxies.Select(p => Proxy(p, counts)).ToList(),
            r.Annotations is { } a ? Annotations(a, r, counts) : null,
            r.Sites is { } s ? Sites(s) : null);
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static MetricValue M(Metric m) => MetricValue.From(m);

    /// <summary>A share as a METRIC: null with the reason when its denominator is 0 (v1 wrote 0).</summary>
    private static MetricValue Share(long part, long whole, string noRows) =>
        whole > 0 ? new MetricValue((double)part / whole, null, null) : new MetricValue(null, null, noRows);

    private static ChiSquareValue ChiSquare(ChiSquareResult t, string test = "chi_square") =>
        new(test, t.ChiSquare, t.DegreesOfFreedom, Finite(t.PValue), Finite(t.MinExpected));

    private static CompositionValue Composition(GroupingComposition c)
    {
        ReferencePopulationValue? reference = null;
        if (c.Reference is { } rp)
        {
            reference = new ReferencePopulationValue(rp.Source, "chi_square_goodness_of_fit", rp.ChiSquare, rp.DegreesOfFreedom, Finite(rp.PValue), Finite(rp.MinExpected),
                rp.Groups.Select(g => new RepresentationValue(g.Group, g.N, c.Groups.FirstOrDefault(x => x.Group == g.Group)?.Positives ?? 0,
                    Finite(g.Share), g.ExpectedShare, Finite(g.RepresentationRatio), g.UnderRepresented)).ToList());
        }
        return new CompositionValue(c.Grouping, c.Site,
            c.Groups.Select(g => new CompositionGroupValue(g.Group, g.N, g.Positives, Finite(g.Share), g.SmallCell)).ToList(), reference);
    }

    private static LabelsValue Labels(DataAuditResult r, int neighbours)
    {
        var l = r.Labels;
        return new LabelsValue(l.N, l.Positives, l.MissingLabel, M(l.Prevalence),
            l.Groupings.Select(g => new LabelGroupingValue(g.Grouping, g.Privileged,
                g.Groups.Select(x => new LabelGroupValue(x.Group, x.N, x.Positives, x.MissingLabel, M(x.Prevalence), M(x.StatisticalParityDifference))).ToList(),
                new DatasetFairnessValue(M(g.Aif360.BaseRate), M(g.Aif360.PrivilegedBaseRate), M(g.Aif360.UnprivilegedBaseRate),
                    M(g.Aif360.StatisticalParityDifference), M(g.Aif360.DisparateImpact)),
                ChiSquare(g.PrevalenceTest))).ToList(),
            new ConsistencySection(neighbours, l.ConsistencyFeatures, Consistency(l.Consistency), Consistency(l.ConsistencyStandardized)));
    }

    private static ConsistencyValue Consistency(ConsistencyResult c) => new(M(c.Value), c.Method, c.Rows, c.QueryRows);

    private static MissingnessValue Missingness(MissingnessRow m, GroupLookup counts) =>
        new(m.Column, m.Kind, m.N, m.Missing, m.MissingCoded, m.MissingSentinel, m.Sentinels,
            Share(m.Missing, m.N, "no rows"),
            m.ByGroup.Select(t => new MissingnessTestValue(t.Grouping, t.Method, Finite(t.Statistic), t.DegreesOfFreedom, Finite(t.PValue), Finite(t.PValueHolm), Adjustment,
                t.Groups.Select(g => new MissingGroupValue(g.Group, g.N, counts.Positives(t.Grouping, g.Group), m.Column, g.Missing,
                    double.IsFinite(g.Share) ? new MetricValue(g.Share, null, null) : new MetricValue(null, null, "no rows in the group"))).ToList())).ToList());

    private static DistributionValue Distribution(FeatureDistribution d, GroupLookup counts)
    {
        var groups = new List<DistributionGroupValue>();
        foreach (var g in d.Numeric ?? [])
        {
            var s = g.Summary;
            groups.Add(new DistributionGroupValue(g.Group, counts.N(d.Grouping, g.Group), counts.Positives(d.Grouping, g.Group), s.N,
                Finite(s.Mean), Finite(s.Sd), Finite(s.Median), Finite(s.Q1), Finite(s.Q3), Finite(s.Q3 - s.Q1), M(g.Smd), null, g.Imbalanced));
        }
        foreach (var g in d.Categorical ?? [])
        {
            groups.Add(new DistributionGroupValue(g.Group, counts.N(d.Grouping, g.Group), counts.Positives(d.Grouping, g.Group), g.N,
                null, null, null, null, null, null, null,
                g.Levels.Select(l => new LevelShareValue(l.Level, l.Count, Finite(l.Share), M(l.Smd))).ToList(), g.Imbalanced));
        }
        return new DistributionValue(d.Feature, d.Kind, d.Grouping, d.Reference, groups);
    }

    private static ProxyValue Proxy(ProxyRow p, GroupLookup counts)
    {
        var categorical = p.Kind == "categorical";
        return new ProxyValue(p.Feature, p.Attribute, p.Kind, p.Measure, Finite(p.Strength), p.N,
            categorical ? Finite(p.CramersV) : null, categorical ? Finite(p.PValue) : null,
            categorical ? null : (p.GroupAuroc ?? []).Select(x => new ProxyAurocValue(x.Group, counts.N(p.Attribute, x.Group), counts.Positives(p.Attribute, x.Group), x.Auroc)).ToList());
    }

    private static AgreementValue Agreement(AgreementGroup g, long n, long positives) =>
        new(g.Group, n, positives, g.N, g.Disagreements, M(g.DisagreementRate), M(g.Kappa));

    private static AnnotationsValue Annotations(AnnotationSummary a, DataAuditResult r, GroupLookup counts) =>
        new(a.Annotators, a.Method, a.ItemsIncomplete, Agreement(a.Overall, r.Input.Rows, r.Labels.Positives),
            a.ByGroup.Select(x => new AgreementGroupingValue(x.Grouping,
                x.Groups.Select(g => Agreement(g, counts.N(x.Grouping, g.Group), counts.Positives(x.Grouping, g.Group))).ToList())).ToList());

    private static SitesValue Sites(SiteSummary s) =>
        new(s.Column, ChiSquare(s.PrevalenceTest),
            s.Sites.Select(site => new SiteValue(site.Site, site.Site, site.N, site.Positives, site.MissingLabel, M(site.Prevalence),
                site.Features.Select(f => new SiteFeatureValue(f.Feature, Finite(f.Site.Mean), Finite(f.Site.Sd), Finite(f.Others.Mean), Finite(f.Others.Sd),
                    M(f.Smd), f.Shifted, Finite(f.MissingShare))).ToList())).ToList());

    /// <summary>Rows and positives per (grouping, group), from the whole-data composition and the sites.</summary>
    private sealed class GroupLookup
    {
        private readonly Dictionary<(string, string), (long N, long Positives)> _counts = [];

        public static GroupLookup Of(DataAuditResult r)
        {
            var lookup = new GroupLookup();
            foreach (var c in r.Composition.Where(c => c.Site is null))
                foreach (var g in c.Groups) lookup._counts[(c.Grouping, g.Group)] = (g.N, g.Positives);
            if (r.Sites is { } sites)
                foreach (var s in sites.Sites) lookup._counts[(sites.Column, s.Site)] = (s.N, s.Positives);
            return lookup;
        }

        public long N(string grouping, string group) => _counts.TryGetValue((grouping, group), out var g) ? g.N : 0;

        public long Positives(string grouping, string group) => _counts.TryGetValue((grouping, group), out var g) ? g.Positives : 0;
    }
}
