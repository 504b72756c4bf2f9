using System.Globalization;
using System.Text;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The GROUP BY queries that compute a data audit's counts in the database (docs/push-down.md, data-audit). Every query
/// reads one shared inner SELECT over the user's query:
/// <code>
/// SELECT key(attr0) AS k0, …, CAST(site AS TEXT) AS ks, CAST(label AS TEXT) AS ky,
///        CASE WHEN f = sentinel OR … THEN NULL ELSE CAST(f AS REAL) END AS v0, …,   -- numeric features, sentinels removed
///        CAST(f AS REAL) AS r0, …,                                                 -- numeric features as read
///        CAST(c AS TEXT) AS c0, …                                                -- categorical features
/// FROM (QUERY) AS vigil_q
/// </code>
/// where key(attr) is the text of the level, or for a banded attribute the band index (closed below, open above, as
/// <see cref="Bands.BandOf"/>), and the aliases carry the dialect's prefix (<see cref="SqlDialect.AliasPrefix"/>). This
/// class speaks the standard SQL of DuckDB and PostgreSQL, where only the quantile differs (quantile_cont /
/// percentile_cont, both linear interpolation, Hyndman–Fan type 7); <see cref="ClickHouseDataAuditSql"/> replaces the
/// quantiles and window ranks that ClickHouse 18 lacks.
/// </summary>
public class DataAuditSummarySql
{
    private readonly bool _postgres;

    /// <param name="query">The user's SELECT.</param>
    /// <param name="attributes">Protected attribute columns.</param>
    /// <param name="bands">Per attribute, its bands or null.</param>
    /// <param name="site">The site column, or null.</param>
    /// <param name="label">The label column.</param>
    /// <param name="numeric">Numeric feature columns.</param>
    /// <param name="sentinels">Per numeric feature, the values that mean "not measured".</param>
    /// <param name="categorical">Categorical feature columns.</param>
    /// <param name="postgres">True for PostgreSQL (percentile_cont), false for DuckDB (quantile_cont).</param>
    public DataAuditSummarySql(string query, IReadOnlyList<string> attributes, IReadOnlyList<Bands?> bands, string? site, string label,
        IReadOnlyList<string> numeric, IReadOnlyList<double[]> sentinels, IReadOnlyList<string> categorical, bool postgres)
        : this(query, attributes, bands, site, label, numeric, sentinels, categorical, SqlDialect.Standard) => _postgres = postgres;

    /// <summary>The shared inner SELECT in <paramref name="dialect"/>, its aliases prefixed so none shadows a column of the query.</summary>
    protected DataAuditSummarySql(string query, IReadOnlyList<string> attributes, IReadOnlyList<Bands?> bands, string? site, string label,
        IReadOnlyList<string> numeric, IReadOnlyList<double[]> sentinels, IReadOnlyList<string> categorical, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(sentinels);
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentNullException.ThrowIfNull(dialect);
        Dialect = dialect;
        Attributes = attributes.Count;
        HasSite = site is not null;
        var d = dialect;
        P = d.AliasPrefix([.. attributes, site, label, .. numeric, .. categorical]);
        var select = new List<string>();
        for (var k = 0; k < attributes.Count; k++)
            select.Add((bands[k] is { } b ? Band(d.Quote(attributes[k]), b) : $"CAST({d.Quote(attributes[k])} AS {d.Text})") + $" AS {P}k{k}");
        if (site is not null) select.Add($"CAST({d.Quote(site)} AS {d.Text}) AS {P}ks");
        select.Add($"CAST({d.Quote(label)} AS {d.Text}) AS {P}ky");
        for (var f = 0; f < numeric.Count; f++)
        {
            var value = $"CAST({d.Quote(numeric[f])} AS {d.Real})";
            select.Add(sentinels[f].Length == 0
                ? $"{value} AS {P}v{f}"
                : $"CASE WHEN {string.Join(" OR ", sentinels[f].Select(s => $"{value} = {d.Number(s)}"))} THEN NULL ELSE {value} END AS {P}v{f}");
            select.Add($"{value} AS {P}r{f}");
        }
        for (var f = 0; f < categorical.Count; f++) select.Add($"CAST({d.Quote(categorical[f])} AS {d.Text}) AS {P}c{f}");
        Base = $"(SELECT {string.Join(", ", select)} FROM ({PushdownQuery.Trim(query)}) AS {PushdownQuery.Alias}) AS b";
        Numeric = numeric.Count;
        Categorical = categorical.Count;
    }

    /// <summary>Protected attributes (key columns k0 … k(n−1)).</summary>
    public int Attributes { get; }

    /// <summary>Whether the site is a key (column ks).</summary>
    public bool HasSite { get; }

    /// <summary>Numeric features.</summary>
    public int Numeric { get; }

    /// <summary>Categorical features.</summary>
    public int Categorical { get; }

    /// <summary>The SQL the queries are spelled in.</summary>
    protected SqlDialect Dialect { get; }

    /// <summary>The prefix of every alias of the generated SQL (empty in the standard dialect).</summary>
    protected string P { get; }

    /// <summary>The shared inner SELECT, as a FROM item.</summary>
    protected string Base { get; }

    /// <summary>The builder for <paramref name="engine"/> ("DuckDB", "PostgreSQL" or "ClickHouse").</summary>
    public static DataAuditSummarySql For(string engine, string query, IReadOnlyList<string> attributes, IReadOnlyList<Bands?> bands, string? site,
        string label, IReadOnlyList<string> numeric, IReadOnlyList<double[]> sentinels, IReadOnlyList<string> categorical) => engine switch
    {
        "ClickHouse" => new ClickHouseDataAuditSql(query, attributes, bands, site, label, numeric, sentinels, categorical),
        _ => new DataAuditSummarySql(query, attributes, bands, site, label, numeric, sentinels, categorical, engine == "PostgreSQL"),
    };

    /// <summary>COUNT(DISTINCT) of each column (whether a numeric column has more than ten values).</summary>
    public static string Distinct(string query, IReadOnlyList<string> columns, SqlDialect dialect) =>
        $"SELECT {string.Join(", ", columns.Select(c => $"COUNT(DISTINCT {dialect.Quote(c)})"))} FROM ({PushdownQuery.Trim(query)}) AS {PushdownQuery.Alias}";

    /// <summary>
    /// The cells: k0 …, [ks], ky, COUNT(*), then per numeric feature COUNT(r) (present as read) and the sentinel count,
    /// then per categorical feature COUNT(c).
    /// </summary>
    public string Cells()
    {
        var keys = Keys(withSite: true);
        keys.Add($"{P}ky");
        var columns = new List<string>(keys) { "COUNT(*)" };
        for (var f = 0; f < Numeric; f++)
        {
            columns.Add($"COUNT({P}r{f})");
            columns.Add($"CAST(SUM(CASE WHEN {P}r{f} IS NOT NULL AND {P}v{f} IS NULL THEN 1 ELSE 0 END) AS {Dialect.Whole})");
        }
        for (var f = 0; f < Categorical; f++) columns.Add($"COUNT({P}c{f})");
        return $"SELECT {string.Join(", ", columns)} FROM {Base} GROUP BY {Dialect.GroupBy(keys)}";
    }

    /// <summary>
    /// Per level of one key (<paramref name="key"/>: "k0" … or "ks"): per numeric feature COUNT, AVG, VAR_SAMP, MIN, MAX and
    /// the 25th, 50th and 75th percentiles.
    /// </summary>
    public virtual string NumericSummaries(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var columns = new List<string> { P + key };
        for (var f = 0; f < Numeric; f++)
        {
            var v = $"{P}v{f}";
            columns.Add($"COUNT({v})");
            columns.Add($"AVG({v})");
            columns.Add($"VAR_SAMP({v})");
            columns.Add($"MIN({v})");
            columns.Add($"MAX({v})");
            foreach (var p in (ReadOnlySpan<double>)[0.25, 0.5, 0.75]) columns.Add(Quantile(v, p));
        }
        return $"SELECT {string.Join(", ", columns)} FROM {Base} GROUP BY {Dialect.GroupBy([P + key])}";
    }

    /// <summary>Rows with categorical feature <paramref name="f"/> present, per (k0 …, level): k0 …, c, COUNT(*).</summary>
    public string Levels(int f)
    {
        var keys = Keys(withSite: false);
        keys.Add($"{P}c{f}");
        return $"SELECT {string.Join(", ", keys)}, COUNT(*) FROM {Base} WHERE {P}c{f} IS NOT NULL GROUP BY {Dialect.GroupBy(keys)}";
    }

    /// <summary>
    /// Per (k0 …) of the rows with numeric feature <paramref name="f"/> present: their count and the sum of twice their
    /// mid-ranks among all present values, 2·RANK + ties − 1 (an integer, so the sum is exact).
    /// </summary>
    public virtual string RankSums(int f)
    {
        var keys = Keys(withSite: false);
        var inner = $"SELECT {string.Join(", ", keys.Append($"2 * RANK() OVER (ORDER BY {P}v{f}) + COUNT(*) OVER (PARTITION BY {P}v{f}) - 1 AS {P}m"))} FROM {Base} WHERE {P}v{f} IS NOT NULL";
        return $"SELECT {string.Join(", ", keys)}, COUNT(*), CAST(SUM({P}m) AS {Dialect.Real}) FROM ({inner}) AS t GROUP BY {Dialect.GroupBy(keys)}";
    }

    /// <summary>The key aliases k0 …, and ks when <paramref name="withSite"/> and the site is a key.</summary>
    protected List<string> Keys(bool withSite)
    {
        var keys = new List<string>();
        for (var k = 0; k < Attributes; k++) keys.Add($"{P}k{k}");
        if (withSite && HasSite) keys.Add($"{P}ks");
        return keys;
    }

    private string Quantile(string v, double p)
    {
        var q = p.ToString("R", CultureInfo.InvariantCulture);
        return _postgres ? $"percentile_cont({q}) WITHIN GROUP (ORDER BY {v})" : $"quantile_cont({v}, {q})";
    }

    /// <summary>The band index of a numeric attribute (NULL when missing): the number of edges ≤ the value.</summary>
    private string Band(string column, Bands bands)
    {
        var d = Dialect;
        var value = $"CAST({column} AS {d.Real})";
        var sql = new StringBuilder("CAST(CASE WHEN ").Append(value).Append(" IS NULL THEN NULL");
        for (var e = 0; e < bands.Edges.Length; e++)
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {value} < {d.Number(bands.Edges[e])} THEN {e}");
        sql.Append(CultureInfo.InvariantCulture, $" ELSE {bands.Edges.Length} END AS {d.Whole})");
        return sql.ToString();
    }
}
