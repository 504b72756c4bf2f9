using System.Globalization;
using System.Text;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The SQL of a drift push-down (docs/push-down.md, drift): both queries stacked with a side column
/// (<c>SELECT 0 AS side, … FROM (REFERENCE) UNION ALL SELECT 1, … FROM (CURRENT)</c>) and summarised by side. Pass 1 gives
/// each numeric column's count, min, max, sum and distinct count; pass 2 either its counts per distinct value, or its counts
/// per (fine bin, Sturges bin) with Σ(x − mean)², the Sturges bin found as numpy.histogram finds it (edges i·step + first
/// in IEEE doubles, corrected by one bin where the division rounds across an edge); categorical columns give counts per level.
/// </summary>
public static class DriftSummarySql
{
    /// <summary>
    /// The stacked rows of both queries with the columns as <paramref name="casts"/> spells them, aliased
    /// <paramref name="prefix"/>c0, <paramref name="prefix"/>c1, … (in ClickHouse an alias replaces a column of the same
    /// name, so a user's column c0 would otherwise read another column's values).
    /// </summary>
    public static string Stacked(string reference, string current, IReadOnlyList<string> casts, string side, string prefix)
    {
        ArgumentNullException.ThrowIfNull(casts);
        var select = new StringBuilder();
        for (var k = 0; k < casts.Count; k++) select.Append(CultureInfo.InvariantCulture, $", {casts[k]} AS {prefix}c{k}");
        return $"SELECT 0 AS {side}{select} FROM ({PushdownQuery.Trim(reference)}) AS vigil_r UNION ALL SELECT 1 AS {side}{select} FROM ({PushdownQuery.Trim(current)}) AS vigil_c";
    }

    /// <summary>Pass 1: per side, the rows and per numeric column COUNT, MIN, MAX, SUM and COUNT(DISTINCT) (columns 1 + 5k …).</summary>
    public static string Moments(string reference, string current, IReadOnlyList<string> numeric, SqlDialect d)
    {
        var casts = numeric.Select(c => $"CAST({d.Quote(c)} AS {d.Real})").ToList();
        var x = d.AliasPrefix(numeric);
        var side = x + "side";
        var sql = new StringBuilder($"SELECT {side}, COUNT(*)");
        for (var k = 0; k < numeric.Count; k++)
            sql.Append(CultureInfo.InvariantCulture, $", COUNT({x}c{k}), MIN({x}c{k}), MAX({x}c{k}), SUM({x}c{k}), COUNT(DISTINCT {x}c{k})");
        sql.Append(" FROM (").Append(Stacked(reference, current, casts, side, x)).Append(") AS t GROUP BY ").Append(d.GroupBy([side]));
        return sql.ToString();
    }

    /// <summary>Pass 2, exact: side, value, count per distinct finite value of one numeric column.</summary>
    public static string Values(string reference, string current, string column, SqlDialect d)
    {
        var x = d.AliasPrefix([column]);
        var (side, c0) = (x + "side", x + "c0");
        var stacked = Stacked(reference, current, [$"CAST({d.Quote(column)} AS {d.Real})"], side, x);
        return $"SELECT {side}, {c0}, COUNT(*) FROM ({stacked}) AS t WHERE {c0} IS NOT NULL GROUP BY {d.GroupBy([side, c0])}";
    }

    /// <summary>
    /// Pass 2, binned: side, fine bin, Sturges bin, count and Σ(x − mean_side)² of one numeric column, the fine bin
    /// clamp(⌊(x − low)/width⌋, 0, fine − 1), the Sturges bin on edges i·step + first (numpy.linspace), bins bins.
    /// </summary>
    public static string Bins(string reference, string current, string column, SqlDialect d, double low, double width, int fine,
        double first, double step, int bins, double referenceMean, double currentMean)
    {
        var x = d.AliasPrefix([column]);
        var (side, c0) = (x + "side", x + "c0");
        var stacked = Stacked(reference, current, [$"CAST({d.Quote(column)} AS {d.Real})"], side, x);
        var (n, w) = (d.Number(first), d.Number(step));
        var fineBin = $"{d.Least}({d.Greatest}(CAST(FLOOR(({c0} - {d.Number(low)}) / {d.Number(width)}) AS {d.Whole}), 0), {fine - 1})";
        var guess = $"{d.Least}({d.Greatest}(CAST(FLOOR(({c0} - {n}) / {w}) AS {d.Whole}), 0), {bins - 1})";
        string Edge(string i) => $"(CAST({i} AS {d.Real}) * {w} + {n})";
        var sturges = $"{x}g - CASE WHEN {c0} < {Edge(x + "g")} THEN 1 ELSE 0 END + CASE WHEN {x}g < {bins - 1} AND {c0} >= {Edge(x + "g + 1")} THEN 1 ELSE 0 END";
        var mean = $"CASE WHEN {side} = 0 THEN {d.Number(referenceMean)} ELSE {d.Number(currentMean)} END";
        return $"SELECT {side}, {x}f, {x}b, COUNT(*), SUM({x}dd) FROM " +
               $"(SELECT {side}, {x}f, {sturges} AS {x}b, ({c0} - {mean}) * ({c0} - {mean}) AS {x}dd FROM " +
               $"(SELECT {side}, {c0}, {fineBin} AS {x}f, {guess} AS {x}g FROM ({stacked}) AS s WHERE {c0} IS NOT NULL) AS u) AS t " +
               $"GROUP BY {d.GroupBy([side, x + "f", x + "b"])}";
    }

    /// <summary>Categorical: side, level text (NULL = missing), count of one column.</summary>
    public static string Levels(string reference, string current, string column, SqlDialect d)
    {
        var x = d.AliasPrefix([column]);
        var (side, c0) = (x + "side", x + "c0");
        var stacked = Stacked(reference, current, [$"CAST({d.Quote(column)} AS {d.Text})"], side, x);
        return $"SELECT {side}, {c0}, COUNT(*) FROM ({stacked}) AS t GROUP BY {d.GroupBy([side, c0])}";
    }
}
