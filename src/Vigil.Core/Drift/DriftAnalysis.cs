namespace Vigil.Core.Drift;

/// <summary>The drift of a set of columns and the dataset verdict they give.</summary>
public sealed record DriftResult(IReadOnlyList<ColumnDrift> Columns, DatasetDrift Dataset);

/// <summary>Options shared by every column of one run.</summary>
/// <param name="Selection">Which tests run.</param>
/// <param name="Overrides">Per-column drift test (and threshold), by column name.</param>
/// <param name="DriftShare">Dataset drift threshold on the share of drifted columns (Evidently's drift_share, 0.5).</param>
public sealed record DriftOptions(TestSelection Selection, IReadOnlyDictionary<string, ColumnTestOverride> Overrides, double DriftShare = DatasetDrift.DefaultShareThreshold)
{
    public static DriftOptions Default { get; } = new(TestSelection.Auto, new Dictionary<string, ColumnTestOverride>());
}

/// <summary>
/// Runs the column tests on many columns, in parallel across columns (each column's samples are built, sorted and
/// tested on one thread and then dropped, so memory holds only the columns in flight).
/// </summary>
public static class DriftAnalysis
{
    /// <param name="columns">Column names, in report order.</param>
    /// <param name="samples">Builds the samples of column i (called once per column, possibly concurrently); they are
    /// disposed once the column is analysed.</param>
    /// <param name="options">Test selection, overrides and the dataset threshold.</param>
    public static DriftResult Run(IReadOnlyList<string> columns, Func<int, ColumnSamples> samples, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var results = new ColumnDrift[columns.Count];
        long sampleTicks = 0, testTicks = 0; // for VIGIL_TRACE: thread time building (sorting) samples vs running tests
        try
        {
            Parallel.For(0, columns.Count, i =>
            {
                options.Overrides.TryGetValue(columns[i], out var chosen);
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                using var column = samples(i);
                var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                results[i] = ColumnDriftAnalyzer.Analyze(columns[i], column, options.Selection, chosen);
                var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
                Interlocked.Add(ref sampleTicks, t1 - t0);
                Interlocked.Add(ref testTicks, t2 - t1);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failure as itself (a VigilException keeps its exit code and one-line message).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        Diagnostics.PhaseTrace.Mark($"column samples {Ms(sampleTicks)} ms, tests {Ms(testTicks)} ms (summed over threads)");
        return new DriftResult(results, DatasetDrift.Of(results, options.DriftShare));
    }

    private static long Ms(long ticks) => ticks * 1000 / System.Diagnostics.Stopwatch.Frequency;
}
