using System.Globalization;

namespace Vigil.Data.Pushdown;

/// <summary>
/// What differs between the SQL of the engines a summary query runs in (docs/push-down.md): type names, the spelling of
/// LEAST/GREATEST, identifier quoting, GROUP BY by ordinal or by name, and the prefix of the query's own aliases.
/// <see cref="AuditSummarySql"/> builds one query shape for every engine through these members.
/// </summary>
public sealed class SqlDialect
{
    private readonly string _aliasPrefix;
    private readonly bool _groupByOrdinal;
    private readonly bool _backslashQuoting;

    private SqlDialect(string text, string real, string integer, string least, string greatest, string aliasPrefix,
        bool groupByOrdinal, bool backslashQuoting)
    {
        Text = text;
        Real = real;
        Whole = integer;
        Least = least;
        Greatest = greatest;
        _aliasPrefix = aliasPrefix;
        _groupByOrdinal = groupByOrdinal;
        _backslashQuoting = backslashQuoting;
    }

    /// <summary>DuckDB and PostgreSQL: standard types, GROUP BY 1, 2, …, and the short aliases (a0, y, s, p, b, pv).</summary>
    public static SqlDialect Standard { get; } = new("VARCHAR", "FLOAT8", "BIGINT", "LEAST", "GREATEST", "", groupByOrdinal: true,
        backslashQuoting: false);

    /// <summary>
    /// ClickHouse (tested with 18.16.1): Nullable types (a CAST to a plain type fails on the first NULL, and CASE
    /// evaluates both branches on every row), lower-case least/greatest (the only spelling 18.16 knows), GROUP BY by
    /// name (18.16 reads <c>GROUP BY 1</c> as the constant 1), backslash escapes in quoted names, and aliases prefixed
    /// with <c>vigil_</c>: in ClickHouse an alias replaces a column of the same name anywhere in the SELECT, so a user
    /// column called <c>s</c> would otherwise silently read the score.
    /// </summary>
    public static SqlDialect ClickHouse { get; } = new("Nullable(String)", "Nullable(Float64)", "Nullable(Int64)", "least", "greatest",
        "vigil_", groupByOrdinal: false, backslashQuoting: true);

    /// <summary>The text type every grouped value travels as.</summary>
    public string Text { get; }

    /// <summary>The double type (scores, banded attributes, literals).</summary>
    public string Real { get; }

    /// <summary>The 64-bit integer type (prediction, bin, count).</summary>
    public string Whole { get; }

    /// <summary>The name of the smaller-of function.</summary>
    public string Least { get; }

    /// <summary>The name of the larger-of function.</summary>
    public string Greatest { get; }

    /// <summary>A SQL identifier, double-quoted (doubled quotes, or backslash escapes in ClickHouse).</summary>
    public string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var escaped = _backslashQuoting
            ? name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            : name.Replace("\"", "\"\"", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }

    /// <summary>A double as a literal of <see cref="Real"/> that round-trips.</summary>
    public string Number(double x) => $"CAST({x.ToString("R", CultureInfo.InvariantCulture)} AS {Real})";

    /// <summary>
    /// The prefix of the query's own aliases: none in the standard dialect; in ClickHouse <c>vigil_</c>, lengthened with
    /// underscores until no column the query reads starts with it, so no alias can shadow one of them.
    /// </summary>
    public string AliasPrefix(IEnumerable<string?> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (_aliasPrefix.Length == 0) return "";
        var names = columns.OfType<string>().ToList();
        var prefix = _aliasPrefix;
        while (names.Exists(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))) prefix += "_";
        return prefix;
    }

    /// <summary>The GROUP BY list of the outer SELECT's first <paramref name="aliases"/>.Count columns.</summary>
    public string GroupBy(IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return _groupByOrdinal
            ? string.Join(", ", Enumerable.Range(1, aliases.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)))
            : string.Join(", ", aliases);
    }
}
