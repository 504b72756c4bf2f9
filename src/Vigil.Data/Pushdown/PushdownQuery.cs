using System.Data.Common;
using Vigil.Core;

namespace Vigil.Data.Pushdown;

/// <summary>A result column of a user's query: its name and the .NET type the engine's reader gives it.</summary>
internal sealed record ResultColumn(string Name, Type Type)
{
    /// <summary>Whether the engine types the column as a number.</summary>
    public bool IsNumber
    {
        get
        {
            var t = Nullable.GetUnderlyingType(Type) ?? Type;
            return t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(long) || t == typeof(int)
                   || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ulong) || t == typeof(uint)
                   || t == typeof(ushort) || t == typeof(System.Numerics.BigInteger) || t == typeof(Int128) || t == typeof(UInt128)
                   || t == typeof(Half);
        }
    }
}

/// <summary>
/// What the push-down loaders of audit, data-audit and drift share in every engine: the user's query as a subquery, its
/// columns from a LIMIT 0 run, a role's column resolved by name, and summary queries run so that a database error
/// becomes one line naming the source (never its password).
/// </summary>
internal static class PushdownQuery
{
    /// <summary>The alias of the user's query in the generated SQL.</summary>
    public const string Alias = "vigil_q";

    /// <summary>The query without trailing semicolons and blanks, so that it can be a subquery.</summary>
    public static string Trim(string query) => query.Trim().TrimEnd(';').TrimEnd();

    /// <summary>A query that returns no rows but the user's query's columns, with their types.</summary>
    public static string Probe(string query) => $"SELECT * FROM ({Trim(query)}) AS {Alias} LIMIT 0";

    /// <summary>The result columns of <paramref name="query"/>; <paramref name="what"/> names it in the error ("query", "reference query").</summary>
    /// <exception cref="VigilException">The engine refused the query.</exception>
    public static List<ResultColumn> Columns(DbConnection connection, SqlSource source, string query, string what = "query")
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = Probe(query);
            using var reader = command.ExecuteReader();
            var columns = new List<ResultColumn>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++) columns.Add(new ResultColumn(reader.GetName(i), reader.GetFieldType(i)));
            return columns;
        }
        catch (DbException e)
        {
            throw VigilException.BadData($"{source.Name}: the {what} failed in {source.Engine}: {source.Clean(e)}");
        }
    }

    /// <summary>
    /// The result column of a role: the name as given, else the one column equal to it ignoring case (PostgreSQL folds
    /// unquoted names to lower case). <paramref name="role"/> (e.g. "(--label)") follows the name in the error, when given.
    /// </summary>
    /// <exception cref="VigilException">No such column (its <see cref="VigilException.Column"/> is <paramref name="wanted"/>).</exception>
    public static string Resolve(IReadOnlyList<ResultColumn> columns, string wanted, SqlSource source, string? role, string what = "query")
    {
        var names = columns.Select(c => c.Name).ToList();
        if (names.Contains(wanted)) return wanted;
        var similar = names.FindAll(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
        if (similar.Count == 1) return similar[0];
        throw new VigilException(FailureKind.Data,
            $"{source.Name}: the {what}'s result has no column '{wanted}'{(role is null ? "" : $" ({role})")}; its columns: {string.Join(", ", names)}") { Column = wanted };
    }

    /// <summary>Runs a summary query, calling <paramref name="row"/> on each row; <paramref name="what"/> names it in the error.</summary>
    /// <exception cref="VigilException">The engine failed while running it.</exception>
    public static void Run(DbConnection connection, SqlSource source, string sql, Action<DbDataReader> row, string what = "summary query")
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0; // a summary of many rows may take long; the user stops it
            using var reader = command.ExecuteReader();
            while (reader.Read()) row(reader);
        }
        catch (DbException e)
        {
            throw VigilException.BadData($"{source.Name}: the {what} failed in {source.Engine}: {source.Clean(e)}");
        }
    }

    /// <summary>Every row of a summary query as values (NULL as null).</summary>
    public static List<object?[]> Rows(DbConnection connection, SqlSource source, string sql)
    {
        var rows = new List<object?[]>();
        Run(connection, source, sql, reader =>
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(values);
        });
        return rows;
    }
}
