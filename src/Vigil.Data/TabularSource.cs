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

    /// <summary>The dialect of a CSV file opened with a header (null otherwise), for scans that parse numbers in the reader.</summary>
    private CsvDialect? _csv;

    /// <summary>The rows a CSV file probably has (its lines less the header; 0 when unknown), to size column arrays once.</summary>
    private long _rowHint;
    private int _threadLimit; // 0: every core (LimitThreads)

    /// <summary>
    /// Whether columns to settle may be read from a delimited file's bytes (<see cref="DelimitedColumnScan"/>) rather than by
    /// DuckDB's reader; tests turn it off to compare the two.
    /// </summary>
    internal bool ReadsBytes { get; set; } = true;

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
        // Lines less the header: the rows, unless quoted fields span lines (a hint for sizing the columns only).
        var rowHint = format == FileFormat.Csv ? InputFileCheck.Verify(path) - 1 : 0;
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            IReadOnlyList<string> columns;
            CsvDialect? csv = null;
            using (var cmd = connection.CreateCommand())
            {
                if (format == FileFormat.Csv)
                {
                    var dialect = CsvDialect.Read(path);
                    cmd.CommandText = $"CREATE VIEW src AS SELECT * FROM {CsvRead(path, dialect, null)}";
                    columns = dialect.Columns;
                    cmd.ExecuteNonQuery();
                    csv = dialect;
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
            return new TabularSource(path, format, connection, columns) { _csv = csv, _rowHint = rowHint };
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

    /// <summary>
    /// Caps the threads DuckDB uses for this file's scans. A caller reading several files at once (drift reads its two
    /// files on two threads) gives each a share of the cores: DuckDB's own worker threads otherwise compete with the
    /// other file's scan and burn CPU waiting (measured on 2 cores: about a third more CPU for the same scans).
    /// </summary>
    public void LimitThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threadLimit = threads;
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SET threads = {threads.ToString(CultureInfo.InvariantCulture)}";
            cmd.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    /// <summary>
    /// DuckDB's read_csv of a file opened with a header: every column VARCHAR ('?' and empty are NULL), except those in
    /// <paramref name="doubles"/>, parsed as DOUBLE (a cell that is not a number then stops the read with an error).
    /// </summary>
    private static string CsvRead(string path, CsvDialect dialect, IReadOnlySet<string>? doubles)
    {
        var spec = string.Join(", ", dialect.Columns.Select(c => $"{Literal(c)}: '{(doubles?.Contains(c) == true ? "DOUBLE" : "VARCHAR")}'"));
        return $"read_csv({Literal(path)}, header = true, auto_detect = false, " +
               $"delim = {Literal(dialect.Delimiter.ToString())}, quote = '\"', escape = '\"', strict_mode = true, " +
               $"nullstr = ['?', ''], columns = {{{spec}}})";
    }

    /// <summary>
    /// The file read with <paramref name="doubles"/> parsed as DOUBLE, or null when the rows are not read from the CSV file
    /// as opened (Parquet, a headerless file, or rows kept in a table by <see cref="Materialize"/>).
    /// </summary>
    private string? CsvReadTyped(IReadOnlySet<string> doubles) =>
        _csv is null || _materialized ? null : CsvRead(Path, _csv, doubles);

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
        string? hint = null) =>
        (CategoricalColumn)Read([new ColumnRequest(column, role, ColumnKind.Categorical, maxLevels, hint)])[0];

    /// <summary>
    /// Reads several columns (numeric ones as <see cref="NumericColumn"/>, categorical ones as
    /// <see cref="CategoricalColumn"/>, in request order). Columns not read before are read together in one
    /// streaming scan of the file (<see cref="Prefetch"/>); the checks (a cell that is not a number, too many
    /// levels) run on what the scan loaded, not on the file again.
    /// </summary>
    public IReadOnlyList<object> Read(IReadOnlyList<ColumnRequest> requests)
    {
        foreach (var request in requests) RequireColumn(request.Column, request.Role);
        var wanted = new Dictionary<string, (Want Want, int Capacity)>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var want = request.Kind == ColumnKind.Numeric ? Want.Numbers : Want.Codes;
            var capacity = request.Kind == ColumnKind.Numeric ? 0 : request.MaxLevels;
            if (_loaded.TryGetValue(request.Column, out var known) && Covers(known, want, capacity)) continue;
            var (w, c) = wanted.GetValueOrDefault(request.Column);
            wanted[request.Column] = (w | want, Math.Max(c, capacity));
        }
        Load(wanted);
        var result = new object[requests.Count];
        for (var k = 0; k < requests.Count; k++)
        {
            result[k] = requests[k].Kind == ColumnKind.Numeric ? TakeNumbers(requests[k].Column, requests[k].Role) : TakeCodes(requests[k]);
        }
        return result;
    }

    /// <summary>
    /// The first row whose cell is present but not a number, with its text; null when every present cell
    /// of <paramref name="column"/> is numeric. The first question about an unread column reads every unread
    /// column of the file in the same scan (callers ask column after column).
    /// </summary>
    public (string Row, string Value)? FirstNonNumeric(string column)
    {
        RequireColumn(column, "a numeric column");
        if (!_loaded.ContainsKey(column)) Prefetch(Columns.Where(c => !_loaded.ContainsKey(c)));
        if (!_loaded.TryGetValue(column, out var loaded) || !loaded.NumbersTried) loaded = Loaded(column, Want.Numbers, 0);
        return loaded.FirstNonNumber is { } bad ? (RowName(bad.Row), bad.Value) : null;
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
    internal static VigilException Translate(string path, DuckDBException e) => Translate(path, e.Message);

    /// <summary>Turns DuckDB's multi-line error text into one line naming the file (and the line, for CSV).</summary>
    internal static VigilException Translate(string path, string msg)
    {
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
