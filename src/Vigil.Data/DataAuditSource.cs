using System.Globalization;
using DuckDB.NET.Data;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>How a column's present values look: how many cells are present, how many of them parse as numbers, and how many distinct values there are (approximate above a few thousand).</summary>
public readonly record struct ColumnProfile(long Present, long Numeric, long Distinct);

public sealed partial class TabularSource
{
    /// <summary>
    /// Opens a delimited text file that has no header line (as the UCI processed.*.data files), naming its
    /// columns <paramref name="columnNames"/> in order. '?' and empty cells are missing, as in <see cref="Open"/>.
    /// A row with a different number of fields fails with its line number.
    /// </summary>
    public static TabularSource OpenHeaderless(string path, IReadOnlyList<string> columnNames)
    {
        if (string.IsNullOrWhiteSpace(path)) throw VigilException.Usage("no data file given");
        if (!File.Exists(path)) throw VigilException.BadData($"{path}: no such file");
        if (new FileInfo(path).Length == 0) throw VigilException.BadData($"{path}: the file is empty");
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            using (var cmd = connection.CreateCommand())
            {
                var spec = string.Join(", ", columnNames.Select(c => $"{Literal(c)}: 'VARCHAR'"));
                cmd.CommandText =
                    $"CREATE VIEW src AS SELECT * FROM read_csv({Literal(path)}, header = false, auto_detect = false, " +
                    $"delim = ',', quote = '\"', escape = '\"', strict_mode = true, nullstr = ['?', ''], columns = {{{spec}}})";
                cmd.ExecuteNonQuery();
            }
            return new TabularSource(path, FileFormat.Csv, connection, columnNames) { Headerless = true };
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw Translate(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when the file was opened with <see cref="OpenHeaderless"/> (row r is then on line r).</summary>
    public bool Headerless { get; private init; }

    /// <summary>Profiles several columns in one scan (present cells, cells that parse as numbers, approximate distinct count).</summary>
    public ColumnProfile[] Profile(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) return [];
        var select = new List<string>();
        foreach (var c in columns)
        {
            var q = Quote(c);
            select.Add($"count({q})");
            select.Add($"count(TRY_CAST({q} AS DOUBLE))");
            select.Add($"approx_count_distinct({q})");
        }
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {string.Join(", ", select)} FROM src";
            using var r = cmd.ExecuteReader();
            r.Read();
            var result = new ColumnProfile[columns.Count];
            for (var k = 0; k < columns.Count; k++)
                result[k] = new ColumnProfile(
                    Convert.ToInt64(r.GetValue(3 * k), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(3 * k + 1), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(3 * k + 2), CultureInfo.InvariantCulture));
            return result;
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }
}
