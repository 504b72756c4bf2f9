using System.Collections.Concurrent;
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
    public static PushdownAuditResult? Load(string path, AuditColumns columns, int minCell, double binWidth) =>
        Load(path, columns, minCell, binWidth, delimitedRanges: 0);

    /// <summary>
    /// As the public overload, a delimited file's rows split into <paramref name="delimitedRanges"/> ranges (0: one per core;
    /// −1: read by DuckDB's reader instead, for tests and benchmarks).
    /// </summary>
    internal static PushdownAuditResult? Load(string path, AuditColumns columns, int minCell, double binWidth, int delimitedRanges)
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
        AuditHistogram NewCounter(bool[]? integers = null) =>
            new(bands, columns.Score is not null, columns.Threshold, binWidth, MaxHistogramCells, MaxBandedValues, integers);
        if (!NewCounter().Fits) return null;
        var counter = delimitedRanges < 0 ? null : CountDelimited(path, columns, bands, () => NewCounter(), delimitedRanges);
        if (counter is null)
        {
            if (!AuditFileQuery.IsParquet(path))
            {
                InputFileCheck.Verify(path);
                Core.Diagnostics.PhaseTrace.Mark($"input check of {path}");
            }
            counter = CountThroughDuckDb(path, columns, bands, doubles, source, NewCounter);
            if (counter is null) return null;
        }
        Core.Diagnostics.PhaseTrace.Mark($"{path}: {counter.Rows} rows counted in {counter.GroupCount} groups");
        var groups = counter.ToGroupRows(bands);
        return PushdownAuditLoader.Summarize(source.Name, columns, groups, bands, minCell, binWidth);
    }

    /// <summary>The counts of a delimited file read from its bytes on every core, or null where <see cref="DelimitedAuditScan"/> declines.</summary>
    internal static AuditHistogram? CountDelimited(string path, AuditColumns columns, Bands?[] bands, Func<AuditHistogram> newCounter, int ranges)
    {
        var read = new List<string>(columns.Protected) { columns.Label, columns.Score ?? columns.Prediction! };
        var isNumber = new bool[read.Count];
        for (var k = 0; k < bands.Length; k++) isNumber[k] = bands[k] is not null;
        isNumber[^1] = columns.Score is not null;
        var counter = DelimitedAuditScan.TryCount(path, read, isNumber, newCounter, ranges);
        if (counter is not null) Core.Diagnostics.PhaseTrace.Mark($"{path}: read from its bytes");
        return counter;
    }

    /// <summary>The audit's columns streamed by DuckDB's reader and counted; null when a counter gave up.</summary>
    private static AuditHistogram? CountThroughDuckDb(string path, AuditColumns columns, Bands?[] bands, List<string> doubles, SqlSource source,
        Func<bool[]?, AuditHistogram> newCounter)
    {
        var query = AuditFileQuery.Select(path, doubles);
        using var connection = (DuckDBConnection)source.Open();
        var names = PushdownQuery.Columns(connection, source, query);
        var label = PushdownQuery.Resolve(names, columns.Label, source, Core.Param.Ref("label"));
        var score = columns.Score is null ? null : PushdownQuery.Resolve(names, columns.Score, source, Core.Param.Ref("score"));
        var prediction = columns.Prediction is null ? null : PushdownQuery.Resolve(names, columns.Prediction, source, Core.Param.Ref("prediction"));
        var select = new List<string>();
        var integers = new bool[bands.Length + 2];
        // A level column typed as an integer (Parquet's usual label) is read as BIGINT and named by its digits, as the cast
        // to VARCHAR would name it: DuckDB then writes no string per cell (about 0.4 s of CPU on the bench's 10M rows).
        string Level(string column, int k)
        {
            integers[k] = IsInteger(names.First(c => c.Name == column).Type);
            return $"CAST({AuditSummarySql.Quote(column)} AS {(integers[k] ? "BIGINT" : "VARCHAR")})";
        }
        for (var k = 0; k < bands.Length; k++)
        {
            var name = PushdownQuery.Resolve(names, columns.Protected[k], source, bands[k] is null ? Core.Param.Ref("protected") : Core.Param.Ref("bands"));
            select.Add(bands[k] is null ? Level(name, k) : $"CAST({AuditSummarySql.Quote(name)} AS DOUBLE)");
        }
        select.Add(Level(label, bands.Length));
        select.Add(score is not null ? $"CAST({AuditSummarySql.Quote(score)} AS DOUBLE)" : Level(prediction!, bands.Length + 1));
        var sql = $"SELECT {string.Join(", ", select)} FROM ({query}) AS vigil_q";
        return Scan(connection, source, sql, () => newCounter(integers));
    }

    /// <summary>Integer types whose every value a BIGINT holds (UBIGINT and HUGEINT stay text).</summary>
    private static bool IsInteger(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte)
               || t == typeof(ushort) || t == typeof(uint);
    }

    /// <summary>
    /// Streams the query's chunks to one counter per core (DuckDB's fetch is one thread; counting its vectors costs more
    /// than producing them), merged at the end; null when a counter gave up.
    /// </summary>
    private static AuditHistogram? Scan(DuckDBConnection connection, SqlSource source, string sql, Func<AuditHistogram> newCounter)
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
            var counters = new AuditHistogram[Math.Max(1, Environment.ProcessorCount)];
            var gaveUp = 0;
            long fetchTicks = 0; // for VIGIL_TRACE: time waiting for DuckDB's chunks
            using var queue = new BlockingCollection<DuckDBDataChunk>(boundedCapacity: 4 * counters.Length);
            var workers = new Task[counters.Length];
            for (var w = 0; w < workers.Length; w++)
            {
                var counter = counters[w] = newCounter();
                workers[w] = Task.Factory.StartNew(() => Count(queue, counter, ref gaveUp), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            try
            {
                while (Volatile.Read(ref gaveUp) == 0)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    var chunk = NativeMethods.Query.DuckDBFetchChunk(result);
                    fetchTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
                    if (chunk.IsInvalid || NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk) == 0)
                    {
                        chunk.Dispose();
                        break;
                    }
                    queue.Add(chunk);
                }
            }
            finally
            {
                queue.CompleteAdding();
                Task.WaitAll(workers);
            }
            try
            {
                Core.Diagnostics.PhaseTrace.Mark($"DuckDB fetch {fetchTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} ms, counted on {counters.Length} threads");
                var failure = NativeMethods.Query.DuckDBResultError(ref result);
                if (!string.IsNullOrEmpty(failure)) throw Core.VigilException.BadData($"{source.Name}: the summary query failed in DuckDB: {failure}");
                if (gaveUp != 0) return null;
                for (var w = 1; w < counters.Length; w++)
                    if (!counters[0].Merge(counters[w])) return null;
                return counters[0];
            }
            finally
            {
                NativeMethods.Query.DuckDBDestroyResult(ref result);
            }
        }
    }

    /// <summary>Counts chunks from <paramref name="queue"/> until it completes, disposing each; sets <paramref name="gaveUp"/> when the counter gives up.</summary>
    private static unsafe void Count(BlockingCollection<DuckDBDataChunk> queue, AuditHistogram counter, ref int gaveUp)
    {
        var columnCount = counter.Attributes + 2;
        var data = new nint[columnCount];
        var validity = new nint[columnCount];
        foreach (var chunk in queue.GetConsumingEnumerable())
        {
            using (chunk)
            {
                if (Volatile.Read(ref gaveUp) != 0) continue;
                var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                for (var c = 0; c < columnCount; c++)
                {
                    var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, c);
                    data[c] = (nint)NativeMethods.Vectors.DuckDBVectorGetData(vector);
                    validity[c] = (nint)NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
                }
                if (!counter.Add(data, validity, size)) Interlocked.Exchange(ref gaveUp, 1);
            }
        }
    }
}
