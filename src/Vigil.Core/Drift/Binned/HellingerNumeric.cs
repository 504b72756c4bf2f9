using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Binned;

/// <summary>
/// Evidently's "hellinger" for a numerical column: Sturges edges over the distinct values of both samples (not
/// over all values), numpy density histograms h = count/(n·Δe_i) of each sample, bin width w = (max − min)/bins,
/// distance √(1 − clip(Σ√(h_ref·h_cur)·w, 0, 1)). Undefined (NaN) when a sample is empty.
/// </summary>
public static class HellingerNumeric
{
    public static double Distance(SortedSample reference, SortedSample current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0) return double.NaN;
        var distinct = SortedSample.CountDistinctUnion(reference, current);
        var min = Math.Min(reference.Values[0], current.Values[0]);
        var max = Math.Max(reference.Values[^1], current.Values[^1]);
        var edges = Histogram.SturgesEdges(min, max, distinct);
        var h1 = Density(Histogram.Counts(reference, edges), edges);
        var h2 = Density(Histogram.Counts(current, edges), edges);
        var width = (max - min) / h1.Length;
        var bc = 0.0;
        for (var i = 0; i < h1.Length; i++) bc += Math.Sqrt(h1[i] * h2[i]) * width;
        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    private static double[] Density(long[] counts, double[] edges)
    {
        long total = 0;
        foreach (var c in counts) total += c;
        var density = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++) density[i] = counts[i] / (double)total / (edges[i + 1] - edges[i]);
        return density;
    }
}
