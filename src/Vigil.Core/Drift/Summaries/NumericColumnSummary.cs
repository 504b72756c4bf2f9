namespace Vigil.Core.Drift.Summaries;

/// <summary>One side's moments of a numeric column: finite values, missing cells, mean, Σ(x − mean)², min and max.</summary>
public sealed record SideMoments(long Count, long Missing, double Mean, double SumSquaredDeviations, double Min, double Max)
{
    /// <summary>Population standard deviation (ddof = 0), as Evidently's wasserstein norm; NaN when empty.</summary>
    public double StdDdof0 => Count > 0 ? Math.Sqrt(SumSquaredDeviations / Count) : double.NaN;
}

/// <summary>
/// What a database returns about one numeric column of two datasets (docs/push-down.md, drift): the moments of each
/// side and either the exact counts per distinct value (<see cref="Values"/>, when few enough values exist: every test
/// on counts or CDFs is then exact) or counts on <see cref="FineBinCount"/> equal-width bins over the union's range
/// plus counts on Evidently's Sturges edges (the CDF tests are then approximate, by at most the bin width).
/// </summary>
public sealed class NumericColumnSummary
{
    /// <summary>Equal-width fine bins over the union's range when the values are too many to travel one by one.</summary>
    public const int DefaultFineBinCount = 100_000;

    /// <summary>Reference side.</summary>
    public required SideMoments Reference { get; init; }

    /// <summary>Current side.</summary>
    public required SideMoments Current { get; init; }

    /// <summary>Distinct finite reference values (for Evidently's choice of per-value vs Sturges bins).</summary>
    public required long ReferenceDistinct { get; init; }

    /// <summary>Distinct finite values of both sides together, when known (with <see cref="Values"/>); else null (many).</summary>
    public long? DistinctUnion => Values?.Length;

    /// <summary>The union's distinct values, ascending (exact summaries), else null.</summary>
    public double[]? Values { get; init; }

    /// <summary>Reference count per <see cref="Values"/> entry.</summary>
    public long[]? ValueReference { get; init; }

    /// <summary>Current count per <see cref="Values"/> entry.</summary>
    public long[]? ValueCurrent { get; init; }

    /// <summary>Left edge of the first fine bin (the union's minimum).</summary>
    public double FineLow { get; init; }

    /// <summary>Width of a fine bin: (max − min) / <see cref="FineBinCount"/>.</summary>
    public double FineWidth { get; init; }

    /// <summary>Number of fine bins (0 for exact summaries).</summary>
    public int FineBinCount { get; init; }

    /// <summary>Reference count per fine bin (value x in bin ⌊(x − low)/width⌋, clamped to the last).</summary>
    public long[]? FineReference { get; init; }

    /// <summary>Current count per fine bin.</summary>
    public long[]? FineCurrent { get; init; }

    /// <summary>Evidently's Sturges edges over the union (binned summaries with more than 20 distinct reference values).</summary>
    public double[]? SturgesEdges { get; init; }

    /// <summary>Reference counts on <see cref="SturgesEdges"/> (numpy.histogram).</summary>
    public long[]? SturgesReference { get; init; }

    /// <summary>Current counts on <see cref="SturgesEdges"/>.</summary>
    public long[]? SturgesCurrent { get; init; }

    /// <summary>True when the counts per distinct value travelled (every count- and CDF-based test exact).</summary>
    public bool IsExact => Values is not null;
}
