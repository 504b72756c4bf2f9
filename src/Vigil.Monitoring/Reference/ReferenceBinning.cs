using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Reference;

/// <summary>Bins a value against a reference's edges (the one binning rule of ingest, windows and the reference profile).</summary>
public static class ReferenceBinning
{
    /// <summary>
    /// The bin of <paramref name="value"/>: -1 when missing (NaN), else the number of edges at or below it
    /// (values below Edges[0] in bin 0, values at or above the last edge in bin Edges.Count).
    /// </summary>
    public static int BinOf(IReadOnlyList<double> edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (double.IsNaN(value)) return -1;
        int lo = 0, hi = edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value >= edges[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The bin of a feature value with a reference (-1 missing), or -1 when there is no reference.</summary>
    public static int BinOf(ReferenceBins? bins, double value) => bins is null ? -1 : BinOf(bins.Edges, value);
}
