namespace Vigil.Core.Scan;

/// <summary>
/// Which error or decision rate the scan looks for an excess of. Each metric defines the scanned population
/// (the denominator) and the event (the numerator):
/// <list type="bullet">
/// <item><see cref="Fnr"/>: population = true positives' rows (y = 1); event = missed (prediction 0).</item>
/// <item><see cref="Fpr"/>: population = true negatives' rows (y = 0); event = false alarm (prediction 1).</item>
/// <item><see cref="Error"/>: population = every row; event = prediction ≠ label.</item>
/// <item><see cref="Selection"/>: population = every row; event = prediction 1 (or the label itself, when
/// the label is scanned as the prediction).</item>
/// </list>
/// </summary>
public enum ScanMetric
{
    Fnr,
    Fpr,
    Error,
    Selection,
}

/// <summary>How subgroups are searched.</summary>
public enum ScanMethod
{
    /// <summary>Multi-dimensional subset scan (Zhang and Neill 2016), as AIF360's bias scan.</summary>
    Mdss,

    /// <summary>Every conjunction of attribute values up to the maximum order, tested against its complement.</summary>
    Exhaustive,
}

/// <summary>The multiple-testing adjustment of the exhaustive scan.</summary>
public enum PValueAdjustment
{
    /// <summary>Holm (1979) step-down: controls the family-wise error rate.</summary>
    Holm,

    /// <summary>Benjamini and Hochberg (1995) step-up: controls the false discovery rate.</summary>
    BenjaminiHochberg,
}

/// <summary>Settings of a scan.</summary>
public sealed record ScanOptions
{
    public ScanMetric Metric { get; init; } = ScanMetric.Fnr;

    public ScanMethod Method { get; init; } = ScanMethod.Mdss;

    /// <summary>At most this many attributes are constrained in a subgroup.</summary>
    public int MaxOrder { get; init; } = 3;

    /// <summary>A subgroup must hold at least this many records of the scanned population (the rate's denominator).</summary>
    public int MinSize { get; init; } = 30;

    /// <summary>Report this many subgroups.</summary>
    public int Top { get; init; } = 10;

    public int Seed { get; init; } = StatisticalDefaults.Seed;

    /// <summary>Significance level used to call a subgroup significant.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>MDSS: random restarts after the first (all-values) start.</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>MDSS: parametric-bootstrap replicates of the randomization test (0 = no p-values).</summary>
    public int Replicates { get; init; } = 199;

    /// <summary>Exhaustive: multiple-testing adjustment.</summary>
    public PValueAdjustment Adjustment { get; init; } = PValueAdjustment.Holm;

    /// <summary>Groups with fewer rows are flagged small_cell (the audit's rule n &lt; 11).</summary>
    public int MinCell { get; init; } = 11;

    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Named intersections (each a list of two or more attributes): every level combination of each is evaluated and
    /// reported as a subgroup whether or not the search reaches it (docs/scan.md, "Named intersections").
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Intersections { get; init; } = [];

    /// <summary>
    /// The reference group, attribute → level (a conjunction when several are given); empty: none. Every reported
    /// subgroup then also carries its rate gap against this group.
    /// </summary>
    public IReadOnlyDictionary<string, string> Reference { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One attribute's constraint in a subgroup: the attribute takes one of <see cref="Values"/>.</summary>
public sealed record ScanCondition(string Attribute, IReadOnlyList<string> Values)
{
    public override string ToString() =>
        Values.Count == 1 ? $"{Attribute}={Values[0]}" : $"{Attribute} in {{{string.Join(", ", Values)}}}";
}

/// <summary>
/// A reported subgroup. <see cref="Rows"/> counts every row in it, <see cref="Positives"/> its rows with label 1,
/// <see cref="Population"/> its rows in the scanned population (the rate's denominator) and <see cref="Events"/>
/// the metric's events among them. <see cref="Score"/> is the Bernoulli log-likelihood ratio
/// (<see cref="BernoulliScanScore"/>), <see cref="OddsMultiplier"/> its maximizing q (null when infinite).
/// MDSS p-values come from the randomization test; exhaustive p-values from the one-sided test against the
/// complement, <see cref="AdjustedPValue"/> adjusted for every test made.
/// </summary>
public sealed record ScanSubgroup(
    IReadOnlyList<ScanCondition> Conditions,
    long Rows,
    long Positives,
    long Population,
    long Events,
    Metric Rate,
    Metric ComplementRate,
    double Score,
    double? OddsMultiplier,
    double? PValue,
    string? TestMethod,
    double? AdjustedPValue,
    bool Significant,
    bool SmallCell)
{
    /// <summary>"race=A ∧ sex=F", or "(everyone)" for the unconstrained group.</summary>
    public string Definition => Conditions.Count == 0 ? "(everyone)" : string.Join(" ∧ ", Conditions);

    /// <summary>Rate minus the reference group's rate (null when the scan has no reference group).</summary>
    public Metric? ReferenceGap { get; init; }
}

/// <summary>The reference group of a scan: its definition, counts and rate.</summary>
public sealed record ScanReference(string Definition, long Rows, long Population, long Events, Metric Rate);

/// <summary>The result of a scan.</summary>
public sealed record ScanResult(
    ScanMetric Metric,
    ScanMethod Method,
    IReadOnlyList<string> Attributes,
    long Rows,
    long Positives,
    long Population,
    long Events,
    Metric OverallRate,
    int Cells,
    ScanOptions Options,
    long Candidates,
    IReadOnlyList<double> NullScores,
    IReadOnlyList<ScanSubgroup> Subgroups)
{
    /// <summary>The cells of the named intersections (<see cref="ScanOptions.Intersections"/>), highest score first.</summary>
    public IReadOnlyList<ScanSubgroup> Intersections { get; init; } = [];

    /// <summary>The reference group (null without <see cref="ScanOptions.Reference"/>).</summary>
    public ScanReference? Reference { get; init; }
}
