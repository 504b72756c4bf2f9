using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The DuckDB SELECT that reads an audit's data file (`audit --data FILE`, docs/push-down.md "--data through DuckDB")
/// exactly as <see cref="TabularSource"/> reads it for the in-process path, so that the summary query over it sees the same
/// values: a delimited text file through <c>read_csv</c> with the header's delimiter (<see cref="CsvDialect"/>), no
/// sniffing, every column as text ('?' and empty are missing); a Parquet file through <c>read_parquet</c> with its own
/// types. The summary query selects only the audit's columns, so DuckDB materializes those alone.
/// </summary>
public static class AuditFileQuery
{
    /// <summary>The SELECT of every row of <paramref name="path"/> (CSV, optionally .gz, or Parquet, chosen by extension as <see cref="TabularSource.Open"/> does).</summary>
    public static string Select(string path) => Select(path, []);

    /// <summary>
    /// As <see cref="Select(string)"/>, with the delimited file's columns named in <paramref name="doubles"/> parsed as DOUBLE
    /// by the reader itself (no text per cell, nothing sniffed); a cell that is not a number then fails the read.
    /// </summary>
    public static string Select(string path, IReadOnlyCollection<string> doubles)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(doubles);
        if (IsParquet(path)) return $"SELECT * FROM read_parquet({Literal(path)})";
        var dialect = CsvDialect.Read(path);
        var spec = new StringBuilder();
        foreach (var column in dialect.Columns)
        {
            if (spec.Length > 0) spec.Append(", ");
            spec.Append(Literal(column)).Append(doubles.Contains(column) ? ": 'DOUBLE'" : ": 'VARCHAR'");
        }
        return $"SELECT * FROM read_csv({Literal(path)}, header = true, auto_detect = false, " +
            $"delim = {Literal(dialect.Delimiter.ToString())}, quote = '\"', escape = '\"', strict_mode = true, " +
            $"nullstr = ['?', ''], columns = {{{spec}}})";
    }

    /// <summary>True for the extensions <see cref="TabularSource.Open"/> reads as Parquet.</summary>
    public static bool IsParquet(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pq", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The rows of a file without reading them where that is cheap: a Parquet file's count from its footer; null for a
    /// delimited text file (counting its rows is a scan) or when DuckDB cannot read the footer.
    /// </summary>
    public static long? RowCountFromMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsParquet(path)) return null;
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            // DuckDB answers count(*) over read_parquet from the row groups' metadata, without a scan.
            command.CommandText = $"SELECT count(*) FROM read_parquet({Literal(path)})";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException)
        {
            return null; // the in-process path reports the file's problem with its own message
        }
    }

    /// <summary>
    /// About how many rows a delimited text file holds, without a scan: its (uncompressed) size over the mean length of
    /// the lines in its first 64 KiB. A .gz file's size is the gzip trailer's (the length modulo 2³², so past 4 GiB the
    /// estimate is too small); null when the file cannot be sampled.
    /// </summary>
    public static long? EstimatedCsvRows(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            long size;
            using var file = File.OpenRead(path);
            if (gzip)
            {
                if (file.Length < 18) return null;
                Span<byte> trailer = stackalloc byte[4];
                file.Seek(-4, SeekOrigin.End);
                file.ReadExactly(trailer);
                size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
                file.Seek(0, SeekOrigin.Begin);
            }
            else
            {
                size = file.Length;
            }
            using Stream text = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
            var sample = new byte[1 << 16];
            var read = text.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
            var lines = sample.AsSpan(0, read).Count((byte)'\n');
            if (lines <= 1 || read == 0) return lines == 0 ? 0 : lines - 1; // the whole file is in the sample
            return Math.Max(0, (long)(size / ((double)read / lines)) - 1);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A SQL string literal.</summary>
    private static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
