using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.DataAudit;

/// <summary>
/// vigil.data-audit/v2: the pre-deployment audit of a training dataset — composition, labels, missingness,
/// distributions, proxies, annotator agreement, sites (docs/data-audit-json.md). Every number is the one
/// vigil.data-audit/v1 carried, except that an undefined share is null with a reason (v1 wrote 0); keys per
/// docs/contracts-v2.md.
/// </summary>
public sealed record DataAuditDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    DataAuditSettings Settings,
    long Rows,
    IReadOnlyList<CompositionValue> Composition,
    LabelsValue Labels,
    IReadOnlyList<MissingnessValue> Missingness,
    IReadOnlyList<DistributionValue> Distributions,
    IReadOnlyList<ProxyValue> Proxies,
    AnnotationsValue? Annotations,
    SitesValue? Sites) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = DataAuditContract.Schema;
}

/// <summary>The run's settings: the columns in each role, the groups and the statistics.</summary>
public sealed record DataAuditSettings(
    string Label,
    string PositiveRule,
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Intersections,
    IReadOnlyDictionary<string, double[]> Bands,
    IReadOnlyDictionary<string, string> Reference,
    string? Site,
    IReadOnlyList<string> NumericFeatures,
    IReadOnlyList<string> CategoricalFeatures,
    IReadOnlyList<string> Annotations,
    IReadOnlyList<string> Groupings,
    int MinCell,
    int Seed,
    int ConsistencyNeighbours);

/// <summary>A chi-square test: statistic, degrees of freedom, p-value and the smallest expected count.</summary>
public sealed record ChiSquareValue(string Test, double Statistic, int Df, double? PValue, double? MinExpected);

/// <summary>Rows, positives and share of each group of one grouping (whole data, or one site).</summary>
public sealed record CompositionValue(string Grouping, string? Site, IReadOnlyList<CompositionGroupValue> Groups, ReferencePopulationValue? ReferencePopulation);

public sealed record CompositionGroupValue(string Group, long N, long Positives, double? Share, bool SmallCell);

/// <summary>The groups' shares against an expected population (chi-square goodness of fit).</summary>
public sealed record ReferencePopulationValue(string Source, string Test, double Statistic, int Df, double? PValue, double? MinExpected,
    IReadOnlyList<RepresentationValue> Groups);

public sealed record RepresentationValue(string Group, long N, long Positives, double? Share, double ExpectedShare, double? RepresentationRatio, bool UnderRepresented);

/// <summary>Label prevalence overall and per group, AIF360's dataset metrics, and the consistency of labels among neighbours.</summary>
public sealed record LabelsValue(long N, long Positives, long MissingLabel, MetricValue Prevalence, IReadOnlyList<LabelGroupingValue> Groupings, ConsistencySection Consistency);

public sealed record LabelGroupingValue(string Grouping, string ReferenceGroup, IReadOnlyList<LabelGroupValue> Groups, DatasetFairnessValue Aif360, ChiSquareValue PrevalenceTest);

public sealed record LabelGroupValue(string Group, long N, long Positives, long MissingLabel, MetricValue Prevalence, MetricValue StatisticalParityDifference);

/// <summary>AIF360's BinaryLabelDatasetMetric: base rates of all rows, the reference group and the other rows; their difference and ratio.</summary>
public sealed record DatasetFairnessValue(MetricValue BaseRate, MetricValue ReferenceBaseRate, MetricValue NonReferenceBaseRate,
    MetricValue StatisticalParityDifference, MetricValue DisparateImpact);

public sealed record ConsistencySection(int K, IReadOnlyList<string> Features, ConsistencyValue Raw, ConsistencyValue Standardized);

public sealed record ConsistencyValue(MetricValue Value, string Method, long RowsUsed, long QueryRows);

/// <summary>Missing cells of one column (coded and sentinel), their share, and the test of missingness by group.</summary>
public sealed record MissingnessValue(string Column, string Kind, long N, long Missing, long MissingCoded, long MissingSentinel, double[] Sentinels,
    MetricValue Share, IReadOnlyList<MissingnessTestValue> ByGroup);

public sealed record MissingnessTestValue(string Grouping, string Test, double? Statistic, int Df, double? PValue, double? PValueAdjusted, string Adjustment,
    IReadOnlyList<MissingGroupValue> Groups);

public sealed record MissingGroupValue(string Group, long N, long Positives, string Column, long Missing, MetricValue Share);

/// <summary>
/// A feature's distribution per group against the reference group: numeric summaries (mean, sd, median, quartiles)
/// or level shares, with standardized mean differences. Fields of the other kind are null.
/// </summary>
public sealed record DistributionValue(string Feature, string Kind, string Grouping, string ReferenceGroup, IReadOnlyList<DistributionGroupValue> Groups);

public sealed record DistributionGroupValue(
    string Group,
    long N,
    long Positives,
    long Present,
    double? Mean,
    double? Sd,
    double? Median,
    double? Q1,
    double? Q3,
    double? Iqr,
    MetricValue? Smd,
    IReadOnlyList<LevelShareValue>? Levels,
    bool Imbalanced);

public sealed record LevelShareValue(string Level, long Count, double? Share, MetricValue Smd);

/// <summary>How well a feature predicts a protected attribute: Cramér's V (categorical) or per-group AUROC (numeric); the other kind's fields are null.</summary>
public sealed record ProxyValue(string Feature, string Attribute, string Kind, string Measure, double? Strength, long N, double? CramersV, double? PValue,
    IReadOnlyList<ProxyAurocValue>? Auroc);

public sealed record ProxyAurocValue(string Group, long N, long Positives, double Auroc);

public sealed record AnnotationsValue(IReadOnlyList<string> Annotators, string Method, long ItemsIncomplete, AgreementValue Overall,
    IReadOnlyList<AgreementGroupingValue> Groupings);

public sealed record AgreementGroupingValue(string Grouping, IReadOnlyList<AgreementValue> Groups);

public sealed record AgreementValue(string Group, long N, long Positives, long Items, long Disagreements, MetricValue DisagreementRate, MetricValue Kappa);

public sealed record SitesValue(string Column, ChiSquareValue PrevalenceTest, IReadOnlyList<SiteValue> Sites);

public sealed record SiteValue(string Site, string Group, long N, long Positives, long MissingLabel, MetricValue Prevalence, IReadOnlyList<SiteFeatureValue> Features);

public sealed record SiteFeatureValue(string Feature, double? Mean, double? Sd, double? MeanOtherSites, double? SdOtherSites, MetricValue Smd, bool Shifted, double? MissingShare);
