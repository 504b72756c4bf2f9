using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift;

/// <summary>
/// One column's reference and current data in the forms the tests read, each built once on first use:
/// sorted finite samples (numerical), counts per category (categorical, or per distinct value of a numerical
/// column), and Evidently's binned shares.
/// </summary>
public sealed class ColumnSamples : IDisposable
{
    private CategoryCounts? _counts;
    private BinnedShares? _binned;

    private ColumnSamples(ColumnType type, SortedSample? reference, SortedSample? current, CategoryCounts? counts,
        long missingReference, long missingCurrent)
    {
        Type = type;
        Reference = reference;
        Current = current;
        _counts = counts;
        MissingReference = missingReference;
        MissingCurrent = missingCurrent;
    }

    public ColumnType Type { get; }

    /// <summary>Sorted finite reference values (numerical columns only).</summary>
    public SortedSample? Reference { get; }

    /// <summary>Sorted finite current values (numerical columns only).</summary>
    public SortedSample? Current { get; }

    public long MissingReference { get; }

    public long MissingCurrent { get; }

    /// <summary>Non-missing reference values.</summary>
    public long ReferenceCount => Type == ColumnType.Numerical ? Reference!.Count : Counts.ReferenceTotal;

    /// <summary>Non-missing current values.</summary>
    public long CurrentCount => Type == ColumnType.Numerical ? Current!.Count : Counts.CurrentTotal;

    /// <summary>Counts per category (per distinct value for a numerical column).</summary>
    public CategoryCounts Counts => _counts ??= CategoryCounts.FromSorted(Reference!, Current!);

    /// <summary>Evidently's binned shares (get_binned_data).</summary>
    public BinnedShares Binned => _binned ??= Type == ColumnType.Numerical
        ? BinnedShares.ForNumeric(Reference!, Current!)
        : BinnedShares.ForCounts(Counts);

    /// <summary>Number of distinct values over both samples, counted no further than <paramref name="stopAfter"/>.</summary>
    public int DistinctUnion(int stopAfter = int.MaxValue) => Type == ColumnType.Numerical
        ? SortedSample.CountDistinctUnion(Reference!, Current!, stopAfter)
        : Counts.Count;

    /// <summary>A numerical column from raw values (NaN = missing).</summary>
    public static ColumnSamples Numerical(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var r = SortedSample.From(reference);
        var c = SortedSample.From(current);
        return new ColumnSamples(ColumnType.Numerical, r, c, null, r.Dropped, c.Dropped);
    }

    /// <summary>
    /// A numerical column whose sorted samples live in pooled storage, given back by <see cref="Dispose"/>
    /// (for the analysis of many large columns, see <see cref="DriftAnalysis"/>).
    /// </summary>
    public static ColumnSamples NumericalPooled(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var r = SortedSample.FromPooled(reference);
        var c = SortedSample.FromPooled(current);
        return new ColumnSamples(ColumnType.Numerical, r, c, null, r.Dropped, c.Dropped);
    }

    /// <summary>Returns pooled sample storage (a no-op for samples not built by <see cref="NumericalPooled"/>).</summary>
    public void Dispose()
    {
        Reference?.ReturnToPool();
        Current?.ReturnToPool();
    }

    /// <summary>A numerical column from samples already sorted.</summary>
    public static ColumnSamples Numerical(SortedSample reference, SortedSample current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return new ColumnSamples(ColumnType.Numerical, reference, current, null, reference.Dropped, current.Dropped);
    }

    /// <summary>A categorical column from its counts.</summary>
    public static ColumnSamples Categorical(CategoryCounts counts, long missingReference, long missingCurrent)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new ColumnSamples(ColumnType.Categorical, null, null, counts, missingReference, missingCurrent);
    }
}
