using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// Descriptive statistics of the present (non-NaN) values of a numeric column in one group: count, mean,
/// sample standard deviation (n − 1 denominator; NaN when n &lt; 2), median and quartiles by linear
/// interpolation (numpy's default, Hyndman–Fan type 7). All NaN when n = 0.
/// </summary>
public readonly record struct NumericSummary(long N, double Mean, double Sd, double Median, double Q1, double Q3)
{
    public double Variance => Sd * Sd;

    /// <summary>Summarises <paramref name="values"/>[i] for the rows i with <paramref name="codes"/>[i] == <paramref name="group"/> (all rows when group &lt; 0).</summary>
    public static NumericSummary Of(ReadOnlySpan<double> values, ReadOnlySpan<int> codes, int group)
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
    public static NumericSummary OfPresent(Span<double> present)
    {
        present.Sort();
        return OfSorted(present);
    }

    /// <summary>Summarises present values already in ascending order.</summary>
    public static NumericSummary OfSorted(ReadOnlySpan<double> present)
    {
        var n = present.Length;
        if (n == 0) return new NumericSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        // Welford's update keeps the variance accurate for large values with small spread.
        double mean = 0, m2 = 0;
        for (var i = 0; i < n; i++)
        {
            var d = present[i] - mean;
            mean += d / (i + 1);
            m2 += d * (present[i] - mean);
        }
        var sd = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        return new NumericSummary(n, mean, sd, Percentile.OfSorted(present, 0.5), Percentile.OfSorted(present, 0.25), Percentile.OfSorted(present, 0.75));
    }
}
