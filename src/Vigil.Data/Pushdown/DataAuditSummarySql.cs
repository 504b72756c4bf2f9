using System.Globalization;
using System.Text;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The GROUP BY queries that compute a data audit's counts in the database (docs/push-down.md, data-audit). Every query
/// reads one shared inner SELECT over the user's query:
/// <code>
/// SELECT key(attr0) AS k0, …, CAST(site AS VARCHAR) AS ks, CAST(label AS VARCHAR) AS ky,
///        CASE WHEN f IN (sentinels) THEN NULL ELSE CAST(f AS FLOAT8) END AS v0, …,   -- numeric features, sentinels removed
///        CAST(f AS FLOAT8) AS r0, …,                                                 -- numeric features as read
///        CAST(c AS VARCHAR) AS c0, …                                                -- categorical features
/// FROM (QUERY) AS vigil_q
/// </code>
/// where key(attr) is the text of the level, or for a banded attribute the band index (closed below, open above, as
/// <see cref="Bands.BandOf"/>). The standard SQL of DuckDB and PostgreSQL; only the quantile differs
/// (quantile_cont / percentile_cont, both linear interpolation, Hyndman–Fan type 7).
/// </summary>
public sealed class DataAuditSummarySql
{
    private const string Alias = "vigil_q";
    private readonly string _base;
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
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(sentinels);
        ArgumentNullException.ThrowIfNull(categorical);
        Attributes = attributes.Count;
        HasSite = site is not null;
        _postgres = postgres;
        var d = SqlDialect.Standard;
        var select = new List<string>();
        for (var k = 0; k < attributes.Count; k++)
            select.Add((bands[k] is { } b ? Band(d.Quote(attributes[k]), b) : $"CAST({d.Quote(attributes[k])} AS VARCHAR)") + $" AS k{k}");
        if (site is not null) select.Add($"CAST({d.Quote(site)} AS VARCHAR) AS ks");
        select.Add($"CAST({d.Quote(label)} AS VARCHAR) AS ky");
        for (var f = 0; f < numeric.Count; f++)
        {
            var value = $"CAST({d.Quote(numeric[f])} AS FLOAT8)";
            select.Add(sentinels[f].Length == 0 ? $"{value} AS v{f}" : $"CASE WHEN {value} IN ({string.Join(", ", sentinels[f].Select(d.Number))}) THEN NULL ELSE {value} END AS v{f}");
            select.Add($"{value} AS r{f}");
        }
        for (var f = 0; f < categorical.Count; f++) select.Add($"CAST({d.Quote(categorical[f])} AS VARCHAR) AS c{f}");
        _base = $"(SELECT {string.Join(", ", select)} FROM ({Trim(query)}) AS {Alias}) AS b";
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

    /// <summary>A query that returns no rows but the user's query's columns, with their types.</summary>
    public static string Probe(string query) => $"SELECT * FROM ({Trim(query)}) AS {Alias} LIMIT 0";

    /// <summary>COUNT(DISTINCT) of each column (whether a numeric column has more than ten values).</summary>
    public static string Distinct(string query, IReadOnlyList<string> columns) =>
        $"SELECT {string.Join(", ", columns.Select((c, i) => $"COUNT(DISTINCT {SqlDialect.Standard.Quote(c)}) AS d{i}"))} FROM ({Trim(query)}) AS {Alias}";

    /// <summary>
    /// The cells: k0 …, [ks], ky, COUNT(*), then per numeric feature COUNT(r) (present as read) and the sentinel count,
    /// then per categorical feature COUNT(c).
    /// </summary>
    public string Cells()
    {
        var keys = Keys(withSite: true);
        keys.Add("ky");
        var columns = new List<string>(keys) { "COUNT(*)" };
        for (var f = 0; f < Numeric; f++)
        {
            columns.Add($"COUNT(r{f})");
            columns.Add($"CAST(SUM(CASE WHEN r{f} IS NOT NULL AND v{f} IS NULL THEN 1 ELSE 0 END) AS BIGINT)");
        }
        for (var f = 0; f < Categorical; f++) columns.Add($"COUNT(c{f})");
        return $"SELECT {string.Join(", ", columns)} FROM {_base} GROUP BY {Ordinals(keys.Count)}";
    }

    /// <summary>Per level of one key (k0 … or ks): per numeric feature COUNT, AVG, VAR_SAMP, MIN, MAX and the 25th, 50th and 75th percentiles.</summary>
    public string NumericSummaries(string key)
    {
        var columns = new List<string> { key };
        for (var f = 0; f < Numeric; f++)
        {
            var v = $"v{f}";
            columns.Add($"COUNT({v})");
            columns.Add($"AVG({v})");
            columns.Add($"VAR_SAMP({v})");
            columns.Add($"MIN({v})");
            columns.Add($"MAX({v})");
            foreach (var p in (ReadOnlySpan<double>)[0.25, 0.5, 0.75]) columns.Add(Quantile(v, p));
        }
        return $"SELECT {string.Join(", ", columns)} FROM {_base} GROUP BY 1";
    }

    /// <summary>Rows with categorical feature <paramref name="f"/> present, per (k0 …, level): k0 …, c, COUNT(*).</summary>
    public string Levels(int f)
    {
        var keys = Keys(withSite: false);
        keys.Add($"c{f}");
        return $"SELECT {string.Join(", ", keys)}, COUNT(*) FROM {_base} WHERE c{f} IS NOT NULL GROUP BY {Ordinals(keys.Count)}";
    }

    /// <summary>
    /// Per (k0 …) of the rows with numeric feature <paramref name="f"/> present: their count and the sum of twice their
    /// mid-ranks among all present values, 2·RANK + ties − 1 (an integer, so the sum is exact).
    /// </summary>
    public string RankSums(int f)
    {
        var keys = Keys(withSite: false);
        var inner = $"SELECT {string.Join(", ", keys.Append($"2 * RANK() OVER (ORDER BY v{f}) + COUNT(*) OVER (PARTITION BY v{f}) - 1 AS m"))} FROM {_base} WHERE v{f} IS NOT NULL";
        return $"SELECT {string.Join(", ", keys)}, COUNT(*), CAST(SUM(m) AS FLOAT8) FROM ({inner}) AS t GROUP BY {Ordinals(keys.Count)}";
    }

    private List<string> Keys(bool withSite)
    {
        var keys = new List<string>();
        for (var k = 0; k < Attributes; k++) keys.Add($"k{k}");
        if (withSite && HasSite) keys.Add("ks");
        return keys;
    }

    private string Quantile(string v, double p)
    {
        var q = p.ToString("R", CultureInfo.InvariantCulture);
        return _postgres ? $"percentile_cont({q}) WITHIN GROUP (ORDER BY {v})" : $"quantile_cont({v}, {q})";
    }

    /// <summary>The band index of a numeric attribute (NULL when missing): the number of edges ≤ the value.</summary>
    private static string Band(string column, Bands bands)
    {
        var d = SqlDialect.Standard;
        var value = $"CAST({column} AS FLOAT8)";
        var sql = new StringBuilder("CAST(CASE WHEN ").Append(value).Append(" IS NULL THEN NULL");
        for (var e = 0; e < bands.Edges.Length; e++)
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {value} < {d.Number(bands.Edges[e])} THEN {e}");
        sql.Append(CultureInfo.InvariantCulture, $" ELSE {bands.Edges.Length} END AS BIGINT)");
        return sql.ToString();
    }

    private static string Ordinals(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static string Trim(string query) => query.Trim().TrimEnd(';').TrimEnd();
}
