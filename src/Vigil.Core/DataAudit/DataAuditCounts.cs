using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// One cell of the rows grouped by every protected attribute and the site (push-down, docs/push-down.md): rows, rows with
/// a missing label, positives, and per feature the missing cells (numeric: coded and sentinel apart; categorical: empty).
/// </summary>
public sealed record DataAuditCell(long N, long MissingLabel, long Positives, long[] NumericMissingCoded, long[] NumericMissingSentinel, long[] CategoricalMissing);

/// <summary>
/// What a data audit needs when the rows stay in a database: counts per cell (the cross of the protected attributes and
/// the site), numeric summaries per group of each single attribute and per site, categorical level counts per group of
/// each single attribute, and each group's sum of mid-ranks per numeric feature (the one-vs-rest AUROC). Every number is
/// computed by the engine with GROUP BY and aggregates; <see cref="DataAuditSummaryEngine"/> builds the audit from them.
/// </summary>
/// <param name="LabelColumn">The label column's name.</param>
/// <param name="PositiveRule">Which label values count as positive, in words (e.g. "num &gt; 0").</param>
/// <param name="LabelSet">The label's distinct values.</param>
/// <param name="Protected">Protected attributes; <see cref="CategoricalVariable.Codes"/> holds each <em>cell's</em> level (one entry per cell).</param>
/// <param name="Site">The site column with each cell's site, or null.</param>
/// <param name="Cells">The cells, in the order of the codes.</param>
/// <param name="NumericFeatures">Numeric feature names.</param>
/// <param name="Sentinels">Per numeric feature, the values that meant "not measured".</param>
/// <param name="NumericByAttribute">[feature][attribute][level]: present values' count, mean, M₂ and quartiles.</param>
/// <param name="NumericBySite">[feature][site]: the present values' moments, or null without a site.</param>
/// <param name="CategoricalFeatures">Categorical feature names.</param>
/// <param name="CategoricalLevels">[feature]: its levels (present values).</param>
/// <param name="CategoricalByAttribute">[feature][attribute]: attribute levels × feature levels (row-major), rows with the feature present.</param>
/// <param name="RankSums">[feature][attribute][level]: (present values, sum of their mid-ranks among all present values).</param>
public sealed record DataAuditCounts(
    string LabelColumn,
    string PositiveRule,
    string[] LabelSet,
    IReadOnlyList<CategoricalVariable> Protected,
    CategoricalVariable? Site,
    IReadOnlyList<DataAuditCell> Cells,
    IReadOnlyList<string> NumericFeatures,
    IReadOnlyList<double[]> Sentinels,
    DescriptiveSummary[][][] NumericByAttribute,
    NumericSummary[][]? NumericBySite,
    IReadOnlyList<string> CategoricalFeatures,
    IReadOnlyList<string[]> CategoricalLevels,
    long[][][] CategoricalByAttribute,
    (long N, double RankSum)[][][] RankSums);
