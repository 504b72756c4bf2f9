using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Samples;

/// <summary>
/// The finite values of one column, sorted ascending. NaN (missing) and ±infinity are dropped first,
/// as Evidently does before every statistical test. Every numeric test reads this form, so a column is
/// sorted once however many tests run on it.
/// </summary>
public sealed class SortedSample
{
    // The sorted values are _buffer[0.._count); the buffer may be longer (missing values were dropped in place).
    private double[] _buffer;
    private readonly int _count;
    private bool _pooled;
    private double? _mean;
    private double? _stdDdof0;

    private SortedSample(double[] sorted, int count, int dropped)
    {
        _buffer = sorted;
        _count = count;
        Dropped = dropped;
    }

    private ReadOnlySpan<double> Sorted => _buffer.AsSpan(0, Math.Min(_count, _buffer.Length));

    /// <summary>The sorted finite values.</summary>
    public ReadOnlySpan<double> Values => Sorted;

    /// <summary>Number of finite values.</summary>
    public int Count => _count;

    /// <summary>How many cells were missing or infinite and so left out.</summary>
    public int Dropped { get; }

    /// <summary>Arithmetic mean (NaN when empty).</summary>
    public double Mean => _mean ??= ComputeMean(Sorted);

    /// <summary>Population standard deviation (numpy.std, ddof = 0).</summary>
    public double StdDdof0 => _stdDdof0 ??= ComputeStd(Sorted, Mean);

    /// <summary>Drops non-finite values and sorts the rest.</summary>
    public static SortedSample From(ReadOnlySpan<double> raw)
    {
        var buffer = new double[raw.Length];
        var n = RadixSort.SortFinite(raw, buffer);
        return new SortedSample(buffer, n, raw.Length - n);
    }

    /// <summary>
    /// Sorts the finite values of <paramref name="values"/> to the start of the array itself and takes the array: its
    /// order is lost and the cells past <see cref="Count"/> hold leftovers. Saves a column-sized copy when nothing else
    /// needs the values in their original order.
    /// </summary>
    public static SortedSample SortInPlace(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // SortFinite reads each value before it writes that cell or any later one, so source and destination may be one array.
        var n = RadixSort.SortFinite(values, values);
        return new SortedSample(values, n, values.Length - n);
    }

    /// <summary>
    /// Like <see cref="From"/>, with the storage rented from the shared array pool: the caller must
    /// <see cref="ReturnToPool"/> it when done (a million-value column otherwise costs a fresh 8 MB allocation).
    /// </summary>
    internal static SortedSample FromPooled(ReadOnlySpan<double> raw)
    {
        var buffer = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(raw.Length, 1));
        var n = RadixSort.SortFinite(raw, buffer);
        return new SortedSample(buffer, n, raw.Length - n) { _pooled = true };
    }

    /// <summary>Gives pooled storage back; the sample must not be used afterwards.</summary>
    internal void ReturnToPool()
    {
        if (!_pooled) return;
        _pooled = false;
        System.Buffers.ArrayPool<double>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Takes ownership of an array that is already sorted and finite.</summary>
    internal static SortedSample FromSortedUnchecked(double[] sorted) => new(sorted, sorted.Length, 0);

    /// <summary>
    /// The sorted union of two sorted samples (a linear merge): the exact, mergeable summary of a window, from which
    /// every sample test (ks, wasserstein, anderson, …) on the union is computed exactly.
    /// </summary>
    public static SortedSample Merge(SortedSample a, SortedSample b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var x = a.Sorted;
        var y = b.Sorted;
        var merged = new double[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length && j < y.Length) merged[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        while (i < x.Length) merged[k++] = x[i++];
        while (j < y.Length) merged[k++] = y[j++];
        return new SortedSample(merged, merged.Length, a.Dropped + b.Dropped);
    }

    /// <summary>Number of distinct values, counting no further than <paramref name="stopAfter"/>.</summary>
    public int CountDistinct(int stopAfter = int.MaxValue)
    {
        if (Sorted.Length == 0) return 0;
        var distinct = 1;
        for (var i = 1; i < Sorted.Length && distinct < stopAfter; i++)
            if (Sorted[i] != Sorted[i - 1]) distinct++;
        return distinct;
    }

    /// <summary>Number of distinct values in the union of two sorted samples, counting no further than <paramref name="stopAfter"/>.</summary>
    public static int CountDistinctUnion(SortedSample a, SortedSample b, int stopAfter = int.MaxValue)
    {
        var x = a.Sorted;
        var y = b.Sorted;
        int i = 0, j = 0, distinct = 0;
        while ((i < x.Length || j < y.Length) && distinct < stopAfter)
        {
            var v = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            while (i < x.Length && x[i] == v) i++;
            while (j < y.Length && y[j] == v) j++;
            distinct++;
        }
        return distinct;
    }

    /// <summary>Number of values &lt; <paramref name="v"/> (numpy searchsorted side='left').</summary>
    public int CountBelow(double v)
    {
        int lo = 0, hi = Sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Sorted[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Number of values &lt;= <paramref name="v"/> (numpy searchsorted side='right').</summary>
    public int CountAtOrBelow(double v)
    {
        int lo = 0, hi = Sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Sorted[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double ComputeMean(ReadOnlySpan<double> v)
    {
        if (v.Length == 0) return double.NaN;
        var sum = 0.0;
        foreach (var x in v) sum += x;
        return sum / v.Length;
    }

    private static double ComputeStd(ReadOnlySpan<double> v, double mean)
    {
        if (v.Length == 0) return double.NaN;
        var ss = 0.0;
        foreach (var x in v)
        {
            var d = x - mean;
            ss += d * d;
        }
        return Math.Sqrt(ss / v.Length);
    }
}
