using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// Descriptive statistics of the present (non-NaN) values of a numeric column in one group: the
/// <see cref="NumericSummary"/> of the values (count, mean by Welford's update), the sample standard deviation
/// √(M₂/(n − 1)) (NaN when n &lt; 2), and the median and quartiles by linear interpolation (numpy's default,
/// Hyndman–Fan type 7). Mean, median and quartiles are NaN when n = 0.
/// </summary>
public readonly record struct DescriptiveSummary(NumericSummary Moments, double Median, double Q1, double Q3)
{
    /// <summary>Present values.</summary>
    public long N => Moments.Count;

    public double Mean => N == 0 ? double.NaN : Moments.Mean;

    /// <summary>Sample standard deviation √(M₂/(n − 1)); NaN when n &lt; 2.</summary>
    public double Sd => N > 1 ? Math.Sqrt(Moments.SumSquaredDeviations / (N - 1)) : double.NaN;

    /// <summary>Sd² (the square of the reported standard deviation, as the SMD uses it).</summary>
    public double Variance => Sd * Sd;

    /// <summary>Summarises <paramref name="values"/>[i] for the rows i with <paramref name="codes"/>[i] == <paramref name="group"/> (all rows when group &lt; 0).</summary>
    public static DescriptiveSummary Of(ReadOnlySpan<double> values, ReadOnlySpan<int> codes, int group)
    {
        var buffer = new double[values.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v) || (group >= 0 && codes[i] != group)) continue;
            buffer[n++] = v;
        }
        return OfPresent(buffer.AsSpan(0, n));
    }

    /// <summary>Summarises values that are all present; sorts <paramref name="present"/> in place.</summary>
    public static DescriptiveSummary OfPresent(Span<double> present)
    {
        present.Sort();
        return OfSorted(present);
    }

    /// <summary>Summarises present values already in ascending order.</summary>
    public static DescriptiveSummary OfSorted(ReadOnlySpan<double> present)
    {
        if (present.Length == 0) return new DescriptiveSummary(default, double.NaN, double.NaN, double.NaN);
        return new DescriptiveSummary(NumericSummary.Of(present),
            Percentile.OfSorted(present, 0.5), Percentile.OfSorted(present, 0.25), Percentile.OfSorted(present, 0.75));
    }
}
