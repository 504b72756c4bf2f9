using DuckDB.NET.Data;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>A column appended to a file's rows on export: integers or doubles (NaN and null are written as missing).</summary>
public sealed record ExtraColumn(string Name, int[]? Integers = null, double[]? Doubles = null);

public sealed partial class TabularSource
{
    private bool _materialized;

    /// <summary>
    /// Copies a CSV file's rows into an in-memory DuckDB table once (file order kept), so that the many per-column
    /// queries of a model load (numeric checks, distinct levels, the scan) do not re-read and re-parse the file each
    /// time. A no-op for Parquet, which DuckDB reads column by column anyway, and on the second call.
    /// </summary>
    public void Materialize()
    {
        if (_materialized || Format != FileFormat.Csv) return;
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "CREATE TEMP TABLE __rows AS SELECT * FROM src; CREATE OR REPLACE VIEW src AS SELECT * FROM __rows";
            cmd.ExecuteNonQuery();
            _materialized = true;
        }
        catch (DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    /// <summary>
    /// Writes every column of the file, in file order, followed by <paramref name="extra"/>, for the rows where
    /// <paramref name="keep"/> is true (all rows when null), in file order, as CSV (header, comma, missing = empty) or
    /// Parquet (by <paramref name="outPath"/>'s extension), through DuckDB's COPY with a positional join. A column of the file
    /// with the name of an extra column is replaced by it (the old one dropped). CSV cells are written as read (text); the file appears atomically (written beside it, then renamed).
    /// </summary>
    /// <returns>The file's columns that an extra column of the same name replaced (dropped from their place).</returns>
    public IReadOnlyList<string> ExportWith(string outPath, IReadOnlyList<ExtraColumn> extra, bool[]? keep = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        ArgumentNullException.ThrowIfNull(extra);
        var rows = checked((int)RowCount);
        var replaced = new List<string>();
        foreach (var e in extra)
        {
            if (Columns.Contains(e.Name, StringComparer.Ordinal)) replaced.Add(e.Name);
            if ((e.Integers?.Length ?? e.Doubles?.Length) != rows)
                throw new ArgumentException($"extra column '{e.Name}' does not have {rows} values");
        }
        if (keep is not null && keep.Length != rows) throw new ArgumentException("keep does not match the row count");
        var parquet = outPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        var full = System.IO.Path.GetFullPath(outPath);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var tmp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            using (var cmd = _connection.CreateCommand())
            {
                var defs = new List<string> { "__keep BOOLEAN" };
                foreach (var e in extra) defs.Add($"{Quote(e.Name)} {(e.Integers is not null ? "INTEGER" : "DOUBLE")}");
                cmd.CommandText = $"CREATE OR REPLACE TEMP TABLE __extra ({string.Join(", ", defs)})";
                cmd.ExecuteNonQuery();
            }
            using (var appender = _connection.CreateAppender("__extra"))
            {
                for (var i = 0; i < rows; i++)
                {
                    var row = appender.CreateRow().AppendValue(keep is null || keep[i]);
                    foreach (var e in extra)
                    {
                        if (e.Integers is not null) row = row.AppendValue((int?)e.Integers[i]);
                        else row = row.AppendValue(double.IsFinite(e.Doubles![i]) ? e.Doubles[i] : (double?)null);
                    }
                    row.EndRow();
                }
            }
            using (var cmd = _connection.CreateCommand())
            {
                var exclude = replaced.Count == 0 ? "" : $" EXCLUDE ({string.Join(", ", replaced.Select(Quote))})";
                var format = parquet ? "FORMAT PARQUET" : "FORMAT CSV, HEADER true, DELIMITER ','";
                cmd.CommandText =
                    $"COPY (SELECT src.*{exclude}, __extra.* EXCLUDE (__keep) FROM src POSITIONAL JOIN __extra WHERE __extra.__keep) TO {Literal(tmp)} ({format})";
                cmd.ExecuteNonQuery();
                cmd.CommandText = "DROP TABLE __extra";
                cmd.ExecuteNonQuery();
            }
            File.Move(tmp, full, overwrite: true);
            return replaced;
        }
        catch (DuckDBException e)
        {
            throw VigilException.BadData($"{outPath}: cannot write: {e.Message.Split('\n')[0]}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Usage($"cannot write {outPath}: {e.Message}");
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
