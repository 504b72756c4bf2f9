using DuckDB.NET.Data;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>How a column's present values look: whether every present value is a number, and how many distinct values there are (exact up to the limit asked for, else some number above it).</summary>
public readonly record struct ColumnProfile(bool AllNumbers, long Distinct);

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
        InputFileCheck.Verify(path);
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

    /// <summary>
    /// Profiles columns: whether every present value is a number, and how many distinct values there are —
    /// exact up to <paramref name="distinctLimit"/> (and up to <see cref="MaxCategoricalLevels"/>), otherwise some
    /// number above it. The columns are read once (<see cref="Prefetch"/>), as numbers and as categories, so the
    /// reads that follow the profile do not parse the file again.
    /// </summary>
    public ColumnProfile[] Profile(IReadOnlyList<string> columns, int distinctLimit = 10)
    {
        if (columns.Count == 0) return [];
        foreach (var c in columns) RequireColumn(c, Param.Ref("features"));
        Prefetch(columns, Math.Max(distinctLimit, MaxCategoricalLevels));
        var result = new ColumnProfile[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            var loaded = _loaded[columns[k]];
            result[k] = new ColumnProfile(loaded.FirstNonNumber is null, loaded.TooManyLevels ? loaded.LevelCapacity + 1L : loaded.Levels!.Length);
        }
        return result;
    }

    private static bool IsNumericType(string? type) =>
        type is not null && (type is "DOUBLE" or "FLOAT" or "REAL" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "HUGEINT"
            or "UINTEGER" or "UBIGINT" or "USMALLINT" or "UTINYINT" || type.StartsWith("DECIMAL", StringComparison.Ordinal));

    /// <summary>
    /// Reads numeric columns (one scan for those not read yet). Only for columns whose present values are all
    /// numbers (checked with <see cref="Profile"/> first); otherwise fails naming the first row that is not.
    /// </summary>
    public double[][] ReadNumbers(IReadOnlyList<string> columns)
    {
        foreach (var c in columns) RequireColumn(c, Param.Ref("features"));
        var wanted = new Dictionary<string, (Want Want, int Capacity)>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_loaded.TryGetValue(c, out var known) || !Covers(known, Want.Numbers, 0)) wanted[c] = (Want.Numbers, 0);
        Load(wanted);
        var result = new double[columns.Count][];
        for (var k = 0; k < columns.Count; k++) result[k] = TakeNumbers(columns[k], Param.Ref("features")).Values;
        return result;
    }
}
