using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Vigil.Core.Audit.Federation;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The summary of an audit's data file counted in .NET (docs/push-down.md, "--data through DuckDB"): DuckDB streams only
/// the audit's columns (<see cref="AuditFileQuery"/>, score and banded attributes parsed as DOUBLE by the reader) and each
/// chunk's vectors are counted straight into dense per-group histograms of score bins, without the GROUP BY over some
/// 10⁵ (levels, label, prediction, bin) keys that the SQL summary (<see cref="AuditSummarySql"/>) makes DuckDB hash. The
/// counts are those of that query row for row, so <see cref="PushdownAuditLoader"/> builds the same summary from them.
/// </summary>
public static class AuditFileScan
{
    /// <summary>Most (levels, label, prediction) groups counted densely; past it the SQL GROUP BY summarizes the file.</summary>
    private const long MaxHistogramCells = 1L << 24;

    /// <summary>Most distinct values of a banded attribute counted here (each is a level until banded).</summary>
    private const int MaxBandedValues = 1 << 16;

    /// <summary>
    /// The summary of <paramref name="path"/> for <paramref name="columns"/>, or null when this scan declines (more levels or
    /// groups than it counts densely): the caller then runs the SQL summary, which reports or handles those cases.
    /// </summary>
    /// <exception cref="Core.VigilException">A column is missing, DuckDB cannot read a value, or the values are refused as by <see cref="PushdownAuditLoader"/>.</exception>
    public static PushdownAuditResult? Load(string path, AuditColumns columns, int minCell, double binWidth)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        var source = SqlSource.Parse("duckdb:");
        var bands = new Bands?[columns.Protected.Count];
        var doubles = new List<string>();
        for (var k = 0; k < bands.Length; k++)
        {
            bands[k] = columns.Bands.FirstOrDefault(b => b.Column == columns.Protected[k]);
            if (bands[k] is not null) doubles.Add(columns.Protected[k]);
        }
        if (columns.Score is not null) doubles.Add(columns.Score);
        var query = AuditFileQuery.Select(path, doubles);
        using var connection = (DuckDBConnection)source.Open();
        var names = PushdownQuery.Columns(connection, source, query);
        var label = PushdownQuery.Resolve(names, columns.Label, source, Core.Param.Ref("label"));
        var score = columns.Score is null ? null : PushdownQuery.Resolve(names, columns.Score, source, Core.Param.Ref("score"));
        var prediction = columns.Prediction is null ? null : PushdownQuery.Resolve(names, columns.Prediction, source, Core.Param.Ref("prediction"));
        var select = new List<string>();
        for (var k = 0; k < bands.Length; k++)
        {
            var name = PushdownQuery.Resolve(names, columns.Protected[k], source, bands[k] is null ? Core.Param.Ref("protected") : Core.Param.Ref("bands"));
            select.Add($"CAST({AuditSummarySql.Quote(name)} AS {(bands[k] is null ? "VARCHAR" : "DOUBLE")})");
        }
        select.Add($"CAST({AuditSummarySql.Quote(label)} AS VARCHAR)");
        select.Add(score is not null ? $"CAST({AuditSummarySql.Quote(score)} AS DOUBLE)" : $"CAST({AuditSummarySql.Quote(prediction!)} AS VARCHAR)");
        var counter = new AuditHistogram(bands, score is not null, columns.Threshold, binWidth, MaxHistogramCells, MaxBandedValues);
        if (!counter.Fits) return null;
        var sql = $"SELECT {string.Join(", ", select)} FROM ({query}) AS vigil_q";
        if (!Scan(connection, source, sql, counter)) return null;
        Core.Diagnostics.PhaseTrace.Mark($"{path}: {counter.Rows} rows counted in {counter.GroupCount} groups");
        var groups = counter.ToGroupRows(bands);
        return PushdownAuditLoader.Summarize(source.Name, columns, groups, bands, minCell, binWidth);
    }

    /// <summary>Streams the query's chunks into <paramref name="counter"/>; false when the counter gave up.</summary>
    private static unsafe bool Scan(DuckDBConnection connection, SqlSource source, string sql, AuditHistogram counter)
    {
        var state = NativeMethods.PreparedStatements.DuckDBPrepare(connection.NativeConnection, sql, out var prepared);
        using (prepared)
        {
            if (state == DuckDBState.Error)
                throw Core.VigilException.BadData($"{source.Name}: the summary query failed in DuckDB: {NativeMethods.PreparedStatements.DuckDBPrepareError(prepared)}");
            if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(prepared, out var result) == DuckDBState.Error)
            {
                var error = NativeMethods.Query.DuckDBResultError(ref result);
                NativeMethods.Query.DuckDBDestroyResult(ref result);
                throw Core.VigilException.BadData($"{source.Name}: the summary query failed in DuckDB: {error}");
            }
            try
            {
                var columnCount = counter.Attributes + 2;
                var data = new nint[columnCount];
                var validity = new nint[columnCount];
                long fetchTicks = 0, countTicks = 0; // for VIGIL_TRACE: time in DuckDB's fetch vs counting its vectors
                while (true)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    using var chunk = NativeMethods.Query.DuckDBFetchChunk(result);
                    var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                    fetchTicks += t1 - t0;
                    if (chunk.IsInvalid) break;
                    var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                    if (size == 0) break;
                    for (var c = 0; c < columnCount; c++)
                    {
                        var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, c);
                        data[c] = (nint)NativeMethods.Vectors.DuckDBVectorGetData(vector);
                        validity[c] = (nint)NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
                    }
                    if (!counter.Add(data, validity, size)) return false;
                    countTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t1;
                }
                Core.Diagnostics.PhaseTrace.Mark(
                    $"DuckDB {fetchTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} ms, counting {countTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} ms");
                var failure = NativeMethods.Query.DuckDBResultError(ref result);
                if (!string.IsNullOrEmpty(failure)) throw Core.VigilException.BadData($"{source.Name}: the summary query failed in DuckDB: {failure}");
                return true;
            }
            finally
            {
                NativeMethods.Query.DuckDBDestroyResult(ref result);
            }
        }
    }
}
