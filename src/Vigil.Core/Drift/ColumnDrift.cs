using Vigil.Core.Drift.Binned;

namespace Vigil.Core.Drift;

/// <summary>The drift report of one column.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Type">Numerical or categorical.</param>
/// <param name="ReferenceCount">Non-missing reference values.</param>
/// <param name="CurrentCount">Non-missing current values.</param>
/// <param name="MissingReference">Missing or infinite reference cells (left out of every test).</param>
/// <param name="MissingCurrent">Missing or infinite current cells.</param>
/// <param name="DefaultTest">Evidently's automatic choice for this column.</param>
/// <param name="DriftTest">The test that decides the verdict: the default unless overridden.</param>
/// <param name="Drift">The drift test's verdict; null when it is undefined.</param>
/// <param name="Score">The drift test's score.</param>
/// <param name="Tests">Every test run, in catalog order.</param>
/// <param name="Histogram">Evidently's binned shares, the data of a histogram overlay; null when a sample is empty.</param>
public sealed record ColumnDrift(
    string Column,
    ColumnType Type,
    long ReferenceCount,
    long CurrentCount,
    long MissingReference,
    long MissingCurrent,
    string DefaultTest,
    string DriftTest,
    bool? Drift,
    double? Score,
    IReadOnlyList<TestOutcome> Tests,
    BinnedShares? Histogram);

/// <summary>Evidently's dataset drift: drift when the share of drifted columns is at least the threshold (0.5).</summary>
/// <param name="Columns">Columns with a defined verdict (the share's denominator).</param>
/// <param name="DriftedColumns">Columns whose drift test found drift.</param>
/// <param name="UndefinedColumns">Columns left out because their drift test is undefined.</param>
/// <param name="Share">DriftedColumns / Columns; null when no column has a verdict.</param>
/// <param name="Threshold">drift_share, default 0.5.</param>
/// <param name="Drift">Share ≥ Threshold; null when Share is.</param>
public sealed record DatasetDrift(int Columns, int DriftedColumns, int UndefinedColumns, double? Share, double Threshold, bool? Drift)
{
    public const double DefaultShareThreshold = 0.5;

    public static DatasetDrift Of(IReadOnlyList<ColumnDrift> columns, double threshold = DefaultShareThreshold)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int defined = 0, drifted = 0;
        foreach (var c in columns)
        {
            if (c.Drift is not { } d) continue;
            defined++;
            if (d) drifted++;
        }
        double? share = defined == 0 ? null : (double)drifted / defined;
        return new DatasetDrift(defined, drifted, columns.Count - defined, share, threshold, share is { } s ? s >= threshold : null);
    }
}
