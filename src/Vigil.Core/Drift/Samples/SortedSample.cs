namespace Vigil.Core.Drift.Samples;

/// <summary>
/// The finite values of one column, sorted ascending. NaN (missing) and ±infinity are dropped first,
/// as Evidently does before every statistical test. Every numeric test reads this form, so a column is
/// sorted once however many tests run on it.
/// </summary>
public sealed class SortedSample
{
    private readonly double[] _values;
    private double? _mean;
    private double? _stdDdof0;

    private SortedSample(double[] sorted, int dropped)
    {
        _values = sorted;
        Dropped = dropped;
    }

    /// <summary>The sorted finite values.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Number of finite values.</summary>
    public int Count => _values.Length;

    /// <summary>How many cells were missing or infinite and so left out.</summary>
    public int Dropped { get; }

    /// <summary>Arithmetic mean (NaN when empty).</summary>
    public double Mean => _mean ??= ComputeMean(_values);

    /// <summary>Population standard deviation (numpy.std, ddof = 0).</summary>
    public double StdDdof0 => _stdDdof0 ??= ComputeStd(_values, Mean);

    /// <summary>Drops non-finite values and sorts the rest.</summary>
    public static SortedSample From(ReadOnlySpan<double> raw)
    {
        var finite = 0;
        foreach (var v in raw)
            if (double.IsFinite(v)) finite++;
        var values = new double[finite];
        var k = 0;
        foreach (var v in raw)
            if (double.IsFinite(v)) values[k++] = v;
        RadixSort.Sort(values);
        return new SortedSample(values, raw.Length - finite);
    }

    /// <summary>Takes ownership of an array that is already sorted and finite.</summary>
    internal static SortedSample FromSortedUnchecked(double[] sorted) => new(sorted, 0);

    /// <summary>
    /// The sorted union of two sorted samples (a linear merge): the exact, mergeable summary of a window, from which
    /// every sample test (ks, wasserstein, anderson, …) on the union is computed exactly.
    /// </summary>
    public static SortedSample Merge(SortedSample a, SortedSample b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var x = a._values;
        var y = b._values;
        var merged = new double[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length && j < y.Length) merged[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        while (i < x.Length) merged[k++] = x[i++];
        while (j < y.Length) merged[k++] = y[j++];
        return new SortedSample(merged, a.Dropped + b.Dropped);
    }

    /// <summary>Number of distinct values, counting no further than <paramref name="stopAfter"/>.</summary>
    public int CountDistinct(int stopAfter = int.MaxValue)
    {
        if (_values.Length == 0) return 0;
        var distinct = 1;
        for (var i = 1; i < _values.Length && distinct < stopAfter; i++)
            if (_values[i] != _values[i - 1]) distinct++;
        return distinct;
    }

    /// <summary>Number of distinct values in the union of two sorted samples, counting no further than <paramref name="stopAfter"/>.</summary>
    public static int CountDistinctUnion(SortedSample a, SortedSample b, int stopAfter = int.MaxValue)
    {
        var x = a._values;
        var y = b._values;
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
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Number of values &lt;= <paramref name="v"/> (numpy searchsorted side='right').</summary>
    public int CountAtOrBelow(double v)
    {
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double ComputeMean(double[] v)
    {
        if (v.Length == 0) return double.NaN;
        var sum = 0.0;
        foreach (var x in v) sum += x;
        return sum / v.Length;
    }

    private static double ComputeStd(double[] v, double mean)
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
