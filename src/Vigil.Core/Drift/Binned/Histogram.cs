using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Binned;

/// <summary>numpy's histogram_bin_edges(bins='sturges') and histogram(…, bins=edges) on sorted samples.</summary>
public static class Histogram
{
    /// <summary>
    /// Sturges edges over values spanning [min, max] with <paramref name="count"/> values:
    /// width = (max − min)/(log₂ count + 1), bins = ⌈(max − min)/width⌉ (1 when the width is 0),
    /// edges = numpy.linspace(min, max, bins + 1) (i·step + min, the last edge exactly max).
    /// An empty range is widened to [min − 0.5, max + 0.5] as numpy does.
    /// </summary>
    public static double[] SturgesEdges(double min, double max, long count)
    {
        double first = min, last = max;
        var ptp = max - min;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }
        var bins = 1;
        if (count > 0)
        {
            var width = ptp / (Math.Log2(count) + 1.0);
            if (width > 0) bins = (int)Math.Ceiling((last - first) / width);
        }
        return Linspace(first, last, bins + 1);
    }

    /// <summary>
    /// Counts per bin for edges e₀ &lt; … &lt; e_B: bin i holds e_i ≤ x &lt; e_{i+1}, the last bin also x = e_B;
    /// values outside [e₀, e_B] are not counted (numpy.histogram with explicit edges).
    /// </summary>
    public static long[] Counts(SortedSample sample, ReadOnlySpan<double> edges)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var counts = new long[edges.Length - 1];
        var previous = sample.CountBelow(edges[0]);
        for (var i = 1; i < edges.Length; i++)
        {
            var cumulative = i == edges.Length - 1 ? sample.CountAtOrBelow(edges[i]) : sample.CountBelow(edges[i]);
            counts[i - 1] = cumulative - previous;
            previous = cumulative;
        }
        return counts;
    }

    private static double[] Linspace(double start, double stop, int num)
    {
        var edges = new double[num];
        var div = num - 1;
        var delta = stop - start;
        var step = delta / div;
        for (var i = 0; i < num; i++)
            edges[i] = step == 0 ? i / (double)div * delta + start : i * step + start;
        edges[num - 1] = stop;
        return edges;
    }
}
