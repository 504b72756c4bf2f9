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
        try
        {
            Parallel.For(0, columns.Count, i =>
            {
                options.Overrides.TryGetValue(columns[i], out var chosen);
                using var column = samples(i);
                results[i] = ColumnDriftAnalyzer.Analyze(columns[i], column, options.Selection, chosen);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failure as itself (a VigilException keeps its exit code and one-line message).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        return new DriftResult(results, DatasetDrift.Of(results, options.DriftShare));
    }
}
