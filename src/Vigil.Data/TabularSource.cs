using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>
/// One CSV (comma, semicolon or tab; optionally .gz) or Parquet file, queried through an embedded,
/// in-memory DuckDB. CSV cells are read as text ('?' and empty are missing) and converted here so that
/// every conversion failure can name its row. Columns are pulled into arrays one scan at a time; nothing
/// is allocated per row.
/// </summary>
public sealed partial class TabularSource : IDisposable
{
    /// <summary>A protected attribute with more levels than this is almost surely not categorical.</summary>
    public const int MaxCategoricalLevels = 1000;

    private readonly DuckDBConnection _connection;
    private long? _rowCount;

    private TabularSource(string path, FileFormat format, DuckDBConnection connection, IReadOnlyList<string> columns)
    {
        Path = path;
        Format = format;
        _connection = connection;
        Columns = columns;
    }

    /// <summary>The file as the user named it (used in every message).</summary>
    public string Path { get; }

    public FileFormat Format { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of data rows (the header excluded).</summary>
    public long RowCount => _rowCount ??= Convert.ToInt64(Scalar("SELECT count(*) FROM src"), CultureInfo.InvariantCulture);

    /// <summary>Opens a file; the format follows the extension (.parquet, else delimited text).</summary>
    public static TabularSource Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw VigilException.Usage("no data file given");
        if (Directory.Exists(path))
            throw VigilException.BadData($"{path}: is a directory; expected a CSV or Parquet file");
        if (!File.Exists(path))
            throw VigilException.BadData($"{path}: no such file");

        var format = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase)
            ? FileFormat.Parquet
            : FileFormat.Csv;
        if (format == FileFormat.Csv) InputFileCheck.Verify(path);
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            IReadOnlyList<string> columns;
            using (var cmd = connection.CreateCommand())
            {
                if (format == FileFormat.Csv)
                {
                    var dialect = CsvDialect.Read(path);
                    var spec = string.Join(", ", dialect.Columns.Select(c => $"{Literal(c)}: 'VARCHAR'"));
                    cmd.CommandText =
                        $"CREATE VIEW src AS SELECT * FROM read_csv({Literal(path)}, header = true, auto_detect = false, " +
                        $"delim = {Literal(dialect.Delimiter.ToString())}, quote = '\"', escape = '\"', strict_mode = true, " +
                        $"nullstr = ['?', ''], columns = {{{spec}}})";
                    columns = dialect.Columns;
                    cmd.ExecuteNonQuery();
                }
                else
                {
                    cmd.CommandText = $"CREATE VIEW src AS SELECT * FROM read_parquet({Literal(path)})";
                    cmd.ExecuteNonQuery();
                    var names = new List<string>();
                    cmd.CommandText = "SELECT column_name FROM (DESCRIBE src)";
                    using var r = cmd.ExecuteReader();
                    while (r.Read()) names.Add(r.GetString(0));
                    columns = names;
                }
            }
            return new TabularSource(path, format, connection, columns);
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

    /// <summary>Fails with the list of available columns when <paramref name="column"/> is absent.</summary>
    public void RequireColumn(string column, string role)
    {
        if (Columns.Contains(column, StringComparer.Ordinal)) return;
        var close = Columns.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
        var hint = close is null ? "" : $" (did you mean '{close}'?)";
        throw VigilException.BadData(
            $"{Path}: no column '{column}' for {role}{hint}; available columns: {string.Join(", ", Columns)}");
    }

    /// <summary>
    /// Reads a column as numbers. Missing cells become NaN (and are counted); a cell that is present but
    /// not a number fails with its row and value.
    /// </summary>
    public NumericColumn ReadNumeric(string column, string role) =>
        (NumericColumn)Read([new ColumnRequest(column, role, ColumnKind.Numeric)])[0];

    /// <summary>
    /// Reads a column as categories (its text). Missing cells get code -1. Fails when the column has more
    /// than <paramref name="maxLevels"/> distinct values.
    /// </summary>
    public CategoricalColumn ReadCategorical(string column, string role, int maxLevels = MaxCategoricalLevels,
        string hint = "band a numeric attribute with --bands") =>
        (CategoricalColumn)Read([new ColumnRequest(column, role, ColumnKind.Categorical, maxLevels, hint)])[0];

    /// <summary>
    /// Reads several columns in one scan of the file (numeric ones as <see cref="NumericColumn"/>,
    /// categorical ones as <see cref="CategoricalColumn"/>, in request order). The categorical levels are
    /// found first with one DISTINCT query per column; DuckDB then turns each cell into its level's code,
    /// so no string is materialized per row.
    /// </summary>
    public IReadOnlyList<object> Read(IReadOnlyList<ColumnRequest> requests)
    {
        foreach (var request in requests) RequireColumn(request.Column, request.Role);
        var rows = checked((int)RowCount);
        try
        {
            var select = new List<string>();
            var levels = new string[requests.Count][];
            for (var k = 0; k < requests.Count; k++)
            {
                var q = Quote(requests[k].Column);
                if (requests[k].Kind == ColumnKind.Numeric)
                {
                    // Conversion failures are found by a separate count first, so the scan itself reads one
                    // field per numeric column (NULL = missing).
                    RejectNonNumeric(requests[k]);
                    select.Add($"TRY_CAST({q} AS DOUBLE)");
                }
                else
                {
                    levels[k] = DistinctLevels(requests[k]);
                    var list = levels[k].Length == 0 ? "[]::VARCHAR[]" : "[" + string.Join(", ", levels[k].Select(Literal)) + "]";
                    select.Add($"CAST(list_position({list}, CAST({q} AS VARCHAR)) AS INTEGER)");
                }
            }

            var numeric = new double[requests.Count][];
            var codes = new int[requests.Count][];
            var missing = new int[requests.Count];
            for (var k = 0; k < requests.Count; k++)
            {
                if (requests[k].Kind == ColumnKind.Numeric) numeric[k] = new double[rows];
                else codes[k] = new int[rows];
            }

            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = $"SELECT {string.Join(", ", select)} FROM src";
                using var r = cmd.ExecuteReader();
                var row = 0;
                while (r.Read())
                {
                    var field = 0;
                    for (var k = 0; k < requests.Count; k++)
                    {
                        if (requests[k].Kind == ColumnKind.Numeric)
                        {
                            if (!r.IsDBNull(field))
                            {
                                numeric[k][row] = r.GetDouble(field);
                            }
                            else
                            {
                                numeric[k][row] = double.NaN;
                                missing[k]++;
                            }
                            field++;
                        }
                        else
                        {
                            if (r.IsDBNull(field))
                            {
                                codes[k][row] = -1;
                                missing[k]++;
                            }
                            else
                            {
                                codes[k][row] = r.GetInt32(field) - 1;
                            }
                            field++;
                        }
                    }
                    row++;
                }
            }

            var result = new object[requests.Count];
            for (var k = 0; k < requests.Count; k++)
            {
                result[k] = requests[k].Kind == ColumnKind.Numeric
                    ? new NumericColumn(requests[k].Column, numeric[k], missing[k])
                    : new CategoricalColumn(requests[k].Column, codes[k], levels[k], missing[k]);
            }
            return result;
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    /// <summary>Fails naming the first row whose cell is present but not a number.</summary>
    private void RejectNonNumeric(ColumnRequest request)
    {
        if (FirstNonNumeric(request.Column) is { } problem)
            throw VigilException.BadData($"{Path}: {problem.Row}, column '{request.Column}' ({request.Role}): '{problem.Value}' is not a number");
    }

    /// <summary>
    /// The first row whose cell is present but not a number, with its text; null when every present cell
    /// of <paramref name="column"/> is numeric (a cheap count first: the row scan runs only on failure).
    /// </summary>
    public (string Row, string Value)? FirstNonNumeric(string column)
    {
        RequireColumn(column, "a numeric column");
        var q = Quote(column);
        var bad = $"{q} IS NOT NULL AND TRY_CAST({q} AS DOUBLE) IS NULL";
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM src WHERE {bad}";
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return null;
            cmd.CommandText = $"SELECT CASE WHEN {bad} THEN CAST({q} AS VARCHAR) END FROM src";
            using var r = cmd.ExecuteReader();
            var row = 0;
            while (r.Read())
            {
                if (!r.IsDBNull(0)) return (RowName(row), r.GetString(0));
                row++;
            }
            return null;
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    private string[] DistinctLevels(ColumnRequest request)
    {
        var q = Quote(request.Column);
        var levels = new List<string>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT DISTINCT CAST({q} AS VARCHAR) AS v FROM src WHERE {q} IS NOT NULL LIMIT {request.MaxLevels + 1}";
            using var r = cmd.ExecuteReader();
            while (r.Read()) levels.Add(r.GetString(0));
        }
        if (levels.Count > request.MaxLevels)
            throw VigilException.BadData(
                $"{Path}: column '{request.Column}' ({request.Role}) has more than {request.MaxLevels} distinct values; " +
                $"expected a categorical column ({request.Hint})");
        return SortLevels(levels);
    }

    /// <summary>"row 12 (line 13)" for CSV (one header line; "line 12" when opened headerless), "row 12" for Parquet; rows count from 1.</summary>
    public string RowName(int zeroBasedRow) =>
        Format == FileFormat.Csv ? $"row {zeroBasedRow + 1} (line {zeroBasedRow + (Headerless ? 1 : 2)})" : $"row {zeroBasedRow + 1}";

    public void Dispose() => _connection.Dispose();

    internal static string[] SortLevels(List<string> levels)
    {
        var allNumeric = levels.TrueForAll(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var array = levels.ToArray();
        if (allNumeric)
        {
            Array.Sort(array, (a, b) =>
            {
                var c = double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture));
                return c != 0 ? c : string.CompareOrdinal(a, b);
            });
        }
        else
        {
            Array.Sort(array, StringComparer.Ordinal);
        }
        return array;
    }

    private object? Scalar(string sql)
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar();
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    /// <summary>Turns DuckDB's multi-line CSV error into one line naming the file, line and problem.</summary>
    internal static VigilException Translate(string path, DuckDBException e)
    {
        var msg = e.Message;
        var line = LineRegex().Match(msg);
        var columns = ColumnsRegex().Match(msg);
        var original = OriginalRegex().Match(msg);
        if (line.Success && columns.Success)
        {
            return VigilException.BadData(
                $"{path}: line {line.Groups[1].Value}: expected {columns.Groups[1].Value} fields like the header, found {columns.Groups[2].Value}" +
                (original.Success ? $": \"{Truncate(original.Groups[1].Value)}\"" : ""));
        }
        if (line.Success)
        {
            return VigilException.BadData($"{path}: line {line.Groups[1].Value}: {FirstLine(msg)}" +
                                       (original.Success ? $": \"{Truncate(original.Groups[1].Value)}\"" : ""));
        }
        return VigilException.BadData($"{path}: cannot read the file: {FirstLine(msg)}");
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }

    private static string Truncate(string s) => s.Length <= 120 ? s : s[..117] + "...";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string Literal(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('\'');
        foreach (var ch in s)
        {
            if (ch == '\'') sb.Append('\'');
            sb.Append(ch);
        }
        return sb.Append('\'').ToString();
    }

    [GeneratedRegex(@"CSV Error on Line: (\d+)")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"Expected Number of Columns: (\d+) Found: (\d+)")]
    private static partial Regex ColumnsRegex();

    [GeneratedRegex(@"Original Line: ([^\n]*)")]
    private static partial Regex OriginalRegex();
}
