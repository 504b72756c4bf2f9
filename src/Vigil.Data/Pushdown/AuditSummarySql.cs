using System.Globalization;
using System.Text;
using Vigil.Core.Audit.Federation;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The one SQL query that computes an audit's mergeable summary in the database (docs/push-down.md), in the SQL that
/// DuckDB and PostgreSQL both speak (CAST, CASE, CEIL, LEAST/GREATEST, GROUP BY ordinal):
/// <code>
/// SELECT a0 … ak, y, p, b, COUNT(*) AS n
/// FROM (SELECT CAST(attr AS VARCHAR) AS a0, …, CAST(label AS VARCHAR) AS y, CAST(score AS FLOAT8) AS s FROM (QUERY) q) t
/// GROUP BY a0 … ak, y, p, b
/// </code>
/// with p = 1 when s ≥ threshold, and b the right-closed score bin of width w, clamp(⌈s/w − 10⁻⁹⌉ − 1, 0, 1/w − 1)
/// (exactly <c>SummaryPooling.Bin</c>, in IEEE doubles in every engine), or −1 when s is missing or outside [0, 1].
/// A banded attribute travels as its value (CAST AS FLOAT8) and is banded after; a predictions-only audit groups by the
/// prediction's text instead of p and b. Identifiers are double-quoted, so names are taken as the query spells them.
/// ClickHouse speaks another dialect of the same query (<see cref="SqlDialect.ClickHouse"/>: Nullable types, GROUP BY by
/// name, prefixed aliases).
/// </summary>
public static class AuditSummarySql
{
    /// <summary>The summary query. <paramref name="banded"/>[k] is true when attribute k travels as a number to be banded.
    /// <paramref name="dialect"/> spells it for the engine (<see cref="SqlDialect.Standard"/> when null: DuckDB, PostgreSQL).</summary>
    public static string Summary(string query, IReadOnlyList<string> attributes, IReadOnlyList<bool> banded, string label, string? score,
        string? prediction, double threshold, double binWidth, SqlDialect? dialect = null)
    {
        var d = dialect ?? SqlDialect.Standard;
        var x = d.AliasPrefix([.. attributes, label, score, prediction]);
        var inner = new StringBuilder("SELECT ");
        var groups = new List<string>();
        for (var k = 0; k < attributes.Count; k++)
        {
            inner.Append(CultureInfo.InvariantCulture, $"CAST({d.Quote(attributes[k])} AS {(banded[k] ? d.Real : d.Text)}) AS {x}a{k}, ");
            groups.Add($"{x}a{k}");
        }
        inner.Append(CultureInfo.InvariantCulture, $"CAST({d.Quote(label)} AS {d.Text}) AS {x}y, ");
        groups.Add($"{x}y");
        var outer = new StringBuilder("SELECT ").Append(string.Join(", ", groups));
        if (score is not null)
        {
            inner.Append(CultureInfo.InvariantCulture, $"CAST({d.Quote(score)} AS {d.Real}) AS {x}s");
            var (s, w) = (x + "s", d.Number(binWidth));
            var last = (SiteSummary.BinCount(binWidth) - 1).ToString(CultureInfo.InvariantCulture);
            outer.Append(CultureInfo.InvariantCulture, $", CAST(CASE WHEN {s} >= {d.Number(threshold)} THEN 1 ELSE 0 END AS {d.Whole}) AS {x}p")
                .Append(CultureInfo.InvariantCulture,
                    $", CAST(CASE WHEN {s} >= 0 AND {s} <= 1 THEN {d.Least}({d.Greatest}(CAST(CEIL({s} / {w} - {d.Number(1e-9)}) AS {d.Whole}) - 1, 0), {last}) ELSE -1 END AS {d.Whole}) AS {x}b");
            groups.Add($"{x}p");
            groups.Add($"{x}b");
        }
        else
        {
            inner.Append(CultureInfo.InvariantCulture, $"CAST({d.Quote(prediction!)} AS {d.Text}) AS {x}pv");
            outer.Append(CultureInfo.InvariantCulture, $", {x}pv");
            groups.Add($"{x}pv");
        }
        inner.Append(CultureInfo.InvariantCulture, $" FROM ({PushdownQuery.Trim(query)}) AS {PushdownQuery.Alias}");
        outer.Append(", COUNT(*) AS ").Append(x).Append("n FROM (").Append(inner).Append(") AS t GROUP BY ");
        outer.Append(d.GroupBy(groups));
        return outer.ToString();
    }

    /// <summary>A SQL identifier, double-quoted (the standard dialect's quoting).</summary>
    public static string Quote(string name) => SqlDialect.Standard.Quote(name);
}
