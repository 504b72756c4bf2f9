using System.Data.Common;
using System.Globalization;

namespace Vigil.Monitoring.Store;

/// <summary>Small helpers over ADO.NET commands and readers, the same for both engines.</summary>
internal static class Sql
{
    /// <summary>A command in the transaction (null: autocommit) with the given text.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = text;
        return command;
    }

    /// <summary>Adds a named parameter (null as DBNull).</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    /// <summary>The parameters of a model's period query: @model, @version (only when given: the query's version filter
    /// is absent otherwise), @from and @to.</summary>
    public static void AddPeriod(DbCommand command, string model, string? version, long fromMs, long toMs)
    {
        Add(command, "model", model);
        if (version is not null)
            Add(command, "version", version);
        Add(command, "from", fromMs);
        Add(command, "to", toMs);
    }

    /// <summary>A 64-bit integer column (SQLite and PostgreSQL may hand back Int32 or Int64 or decimal).</summary>
    public static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    /// <summary>A 64-bit integer from a scalar.</summary>
    public static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>A nullable 64-bit integer column.</summary>
    public static long? LongOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Long(reader, ordinal);

    /// <summary>A nullable text column.</summary>
    public static string? TextOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A nullable double column.</summary>
    public static double? DoubleOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>Start of the UTC hour of a Unix-ms time (floor, also before 1970).</summary>
    public static long HourOf(long timeMs)
    {
        const long hour = 3_600_000;
        return timeMs - (((timeMs % hour) + hour) % hour);
    }

    /// <summary>Distinct values in ordinal order (the lock order of every transaction).</summary>
    public static string[] DistinctSorted(IEnumerable<string> values)
    {
        var set = new HashSet<string>(values, StringComparer.Ordinal);
        var array = set.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        return array;
    }
}
