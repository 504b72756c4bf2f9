using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
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
    /// exact up to <paramref name="distinctLimit"/>, otherwise some number above it. Columns typed numeric
    /// in the file (Parquet) are numbers by type; text columns are test-cast in one scan. Distinct counts
    /// are screened on the first 20,000 rows (more than the limit there settles it) and counted over the
    /// whole column only for number columns with few values in the screen.
    /// </summary>
    public ColumnProfile[] Profile(IReadOnlyList<string> columns, int distinctLimit = 10)
    {
        if (columns.Count == 0) return [];
        foreach (var c in columns) RequireColumn(c, "--features");
        try
        {
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "SELECT column_name, column_type FROM (DESCRIBE src)";
                using var r = cmd.ExecuteReader();
                while (r.Read()) types[r.GetString(0)] = r.GetString(1);
            }
            // Screen on the first 20,000 rows: distinct values, and whether text columns hold only numbers there.
            var allNumbers = new bool[columns.Count];
            var distinct = new long[columns.Count];
            var screen = new List<string>();
            foreach (var c in columns)
            {
                var q = Quote(c);
                screen.Add($"count(DISTINCT {q})");
                screen.Add(IsNumericType(types.GetValueOrDefault(c)) ? "true" : $"count({q}) = count(TRY_CAST({q} AS DOUBLE))");
            }
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = $"SELECT {string.Join(", ", screen)} FROM (SELECT * FROM src LIMIT 20000)";
                using var r = cmd.ExecuteReader();
                r.Read();
                for (var k = 0; k < columns.Count; k++)
                {
                    distinct[k] = Convert.ToInt64(r.GetValue(2 * k), CultureInfo.InvariantCulture);
                    allNumbers[k] = r.GetBoolean(2 * k + 1);
                }
            }
            // Text columns that look numeric in the screen are checked over every row.
            var text = Enumerable.Range(0, columns.Count).Where(k => allNumbers[k] && !IsNumericType(types.GetValueOrDefault(columns[k]))).ToList();
            if (text.Count > 0)
            {
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = $"SELECT {string.Join(", ", text.Select(k => $"count({Quote(columns[k])}) = count(TRY_CAST({Quote(columns[k])} AS DOUBLE))"))} FROM src";
                using var r = cmd.ExecuteReader();
                r.Read();
                for (var j = 0; j < text.Count; j++) allNumbers[text[j]] = r.GetBoolean(j);
            }
            for (var k = 0; k < columns.Count; k++)
            {
                if (distinct[k] > distinctLimit || !allNumbers[k]) continue;
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = $"SELECT count(DISTINCT {Quote(columns[k])}) FROM src";
                distinct[k] = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            var result = new ColumnProfile[columns.Count];
            for (var k = 0; k < columns.Count; k++) result[k] = new ColumnProfile(allNumbers[k], distinct[k]);
            return result;
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    private static bool IsNumericType(string? type) =>
        type is not null && (type is "DOUBLE" or "FLOAT" or "REAL" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "HUGEINT"
            or "UINTEGER" or "UBIGINT" or "USMALLINT" or "UTINYINT" || type.StartsWith("DECIMAL", StringComparison.Ordinal));

    /// <summary>
    /// Reads numeric columns in one scan, straight from DuckDB's result vectors (each chunk's doubles
    /// copied as a block, missing cells from the validity mask set to NaN) — no per-cell reader call. Only
    /// for columns whose present values are all numbers (checked with <see cref="Profile"/> first): a value
    /// that does not parse would silently become NaN here, where <see cref="Read"/> names its row.
    /// </summary>
    public double[][] ReadNumbers(IReadOnlyList<string> columns)
    {
        foreach (var c in columns) RequireColumn(c, "--features");
        var rows = checked((int)RowCount);
        var result = new double[columns.Count][];
        for (var k = 0; k < columns.Count; k++) result[k] = new double[rows];
        if (columns.Count == 0) return result;
        // DuckDB materializes a query's whole result natively: read eight columns per query to bound that copy.
        const int batch = 8;
        for (var first = 0; first < columns.Count; first += batch)
        {
            var count = Math.Min(batch, columns.Count - first);
            ReadNumberBatch(columns.Skip(first).Take(count).ToList(), result.AsSpan(first, count), rows);
        }
        return result;
    }

    private void ReadNumberBatch(List<string> columns, Span<double[]> result, int rows)
    {
        var sql = $"SELECT {string.Join(", ", columns.Select(c => $"TRY_CAST({Quote(c)} AS DOUBLE)"))} FROM src";
        if (NativeMethods.Query.DuckDBQuery(_connection.NativeConnection, sql, out var native) == DuckDBState.Error)
        {
            var error = NativeMethods.Query.DuckDBResultError(ref native);
            NativeMethods.Query.DuckDBDestroyResult(ref native);
            throw VigilException.BadData($"{Path}: cannot read the file: {error}");
        }
        try
        {
            var row = 0;
            while (true)
            {
                using var chunk = NativeMethods.Query.DuckDBFetchChunk(native);
                if (chunk.IsInvalid) break;
                var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                if (size == 0) break;
                if (row + size > rows) throw VigilException.BadData($"{Path}: the file changed while it was read");
                for (var k = 0; k < result.Length; k++) CopyVector(NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, k), result[k].AsSpan(row, size));
                row += size;
            }
            if (row != rows) throw VigilException.BadData($"{Path}: read {row} rows, expected {rows}");
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref native);
        }
    }

    private static unsafe void CopyVector(IntPtr vector, Span<double> target)
    {
        new ReadOnlySpan<double>(NativeMethods.Vectors.DuckDBVectorGetData(vector), target.Length).CopyTo(target);
        var validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
        if (validity == null) return;
        for (var i = 0; i < target.Length; i++)
            if (((validity[i >> 6] >> (i & 63)) & 1UL) == 0) target[i] = double.NaN;
    }
}
