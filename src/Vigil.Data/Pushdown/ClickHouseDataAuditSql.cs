using System.Globalization;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The data audit's queries in ClickHouse (tested with 18.16.1, which has neither interpolated quantiles of type 7 nor
/// window functions): the cells and level counts as in <see cref="DataAuditSummarySql"/>, spelled in
/// <see cref="SqlDialect.ClickHouse"/>; each group's numeric summary from its values sorted in the server
/// (<c>arraySort(groupArray(v))</c>): count, mean, the sample variance as Σ(x − mean)²/(n − 1), min, max and the
/// quartiles interpolated as quantile_cont and percentile_cont do (Hyndman–Fan type 7: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]));
/// the mid-ranks from the cumulative counts of the distinct values (twice the mid-rank of a value with c ties and
/// cumulative count C is 2·C − c + 1, an integer). Only these per-group numbers travel.
/// </summary>
public sealed class ClickHouseDataAuditSql : DataAuditSummarySql
{
    /// <inheritdoc cref="DataAuditSummarySql(string, IReadOnlyList{string}, IReadOnlyList{Bands}, string, string, IReadOnlyList{string}, IReadOnlyList{double[]}, IReadOnlyList{string}, bool)"/>
    public ClickHouseDataAuditSql(string query, IReadOnlyList<string> attributes, IReadOnlyList<Bands?> bands, string? site, string label,
        IReadOnlyList<string> numeric, IReadOnlyList<double[]> sentinels, IReadOnlyList<string> categorical)
        : base(query, attributes, bands, site, label, numeric, sentinels, categorical, SqlDialect.ClickHouse)
    {
    }

    /// <inheritdoc/>
    public override string NumericSummaries(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sorted = new List<string> { P + key };
        var columns = new List<string> { P + key };
        for (var f = 0; f < Numeric; f++)
        {
            // groupArray skips NULLs, so a holds the present values of the group, sorted.
            var a = $"{P}a{f}";
            sorted.Add($"arraySort(groupArray({P}v{f})) AS {a}");
            var n = $"length({a})";
            var mean = $"(arraySum({a}) / {n})";
            columns.Add($"toInt64({n})");
            columns.Add(mean);
            columns.Add($"(arraySum(arrayMap(x -> (x - {mean}) * (x - {mean}), {a})) / ({n} - 1))");
            columns.Add($"{a}[1]");
            columns.Add($"{a}[{n}]");
            foreach (var p in (ReadOnlySpan<double>)[0.25, 0.5, 0.75]) columns.Add(Quantile(a, p));
        }
        return $"SELECT {string.Join(", ", columns)} FROM (SELECT {string.Join(", ", sorted)} FROM {Base} GROUP BY {P}{key}) AS t";
    }

    /// <inheritdoc/>
    public override string RankSums(int f)
    {
        var keys = Keys(withSite: false);
        var (v, x, n, m) = ($"{P}v{f}", $"{P}x", $"{P}n", $"{P}m");
        var (pairs, cum) = ($"{P}pairs", $"{P}cum");
        // Per (keys, value): the rows; per value: twice its mid-rank, from the values' counts sorted in the server.
        var byKey = $"SELECT {string.Join(", ", keys)}, assumeNotNull({v}) AS {x}, count() AS {n} FROM {Base} WHERE {v} IS NOT NULL " +
                    $"GROUP BY {string.Join(", ", keys.Append(x))}";
        var counts = $"SELECT assumeNotNull({v}) AS {P}value, count() AS {P}ties FROM {Base} WHERE {v} IS NOT NULL GROUP BY {P}value";
        var sortedCounts = $"SELECT arraySort(groupArray(tuple({P}value, {P}ties))) AS {pairs}, " +
                           $"arrayCumSum(arrayMap(t -> tupleElement(t, 2), {pairs})) AS {cum} FROM ({counts}) AS c";
        var ranks = $"SELECT tupleElement({P}pair, 1) AS {x}, toInt64(2 * {P}c - tupleElement({P}pair, 2) + 1) AS {m} " +
                    $"FROM ({sortedCounts}) AS s ARRAY JOIN {pairs} AS {P}pair, {cum} AS {P}c";
        return $"SELECT {string.Join(", ", keys)}, toInt64(sum({n})), toFloat64(sum({n} * {m})) " +
               $"FROM ({byKey}) AS l ANY INNER JOIN ({ranks}) AS r USING {x} GROUP BY {string.Join(", ", keys)}";
    }

    /// <summary>The type-7 quantile <paramref name="p"/> of the sorted array <paramref name="a"/> (ClickHouse arrays count from 1).</summary>
    private static string Quantile(string a, double p)
    {
        var h = $"((length({a}) - 1) * {p.ToString("R", CultureInfo.InvariantCulture)})";
        var low = $"toUInt64(floor({h}))";
        return $"({a}[{low} + 1] + ({h} - floor({h})) * ({a}[least({low} + 2, length({a}))] - {a}[{low} + 1]))";
    }
}
