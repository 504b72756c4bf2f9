using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Binned;

/// <summary>
/// Evidently's get_binned_data: the reference and current shares per bin that PSI, Jensen-Shannon and KL read.
/// A numerical column whose reference has more than 20 distinct values is cut at Sturges edges computed over the
/// concatenation of both samples (share = count / n); otherwise every distinct value of either sample is a bin.
/// Also the data of the histogram overlay in the JSON output.
/// </summary>
public sealed class BinnedShares
{
    /// <summary>A numerical reference with more distinct values than this is binned by Sturges edges.</summary>
    public const int MaxPerValueBins = 20;

    private BinnedShares(double[]? edges, IReadOnlyList<string>? keys, double[] reference, double[] current)
    {
        Edges = edges;
        Keys = keys;
        ReferenceShares = reference;
        CurrentShares = current;
    }

    /// <summary>Bin edges (numeric binning), else null.</summary>
    public IReadOnlyList<double>? Edges { get; }

    /// <summary>Category keys (per-value binning), else null.</summary>
    public IReadOnlyList<string>? Keys { get; }

    public IReadOnlyList<double> ReferenceShares { get; }

    public IReadOnlyList<double> CurrentShares { get; }

    /// <summary>Binning of a numerical column.</summary>
    public static BinnedShares ForNumeric(SortedSample reference, SortedSample current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.CountDistinct(MaxPerValueBins + 1) > MaxPerValueBins)
        {
            var min = Math.Min(reference.Values[0], current.Count > 0 ? current.Values[0] : double.PositiveInfinity);
            var max = Math.Max(reference.Values[^1], current.Count > 0 ? current.Values[^1] : double.NegativeInfinity);
            var edges = Histogram.SturgesEdges(min, max, reference.Count + current.Count);
            return new BinnedShares(edges, null,
                Shares(Histogram.Counts(reference, edges), reference.Count),
                Shares(Histogram.Counts(current, edges), current.Count));
        }
        return ForCounts(CategoryCounts.FromSorted(reference, current));
    }

    /// <summary>Sturges binning from counts already made on <paramref name="edges"/> (a summary's, e.g. computed in a database).</summary>
    public static BinnedShares ForEdgeCounts(double[] edges, ReadOnlySpan<long> reference, long referenceTotal, ReadOnlySpan<long> current,
        long currentTotal) => new(edges, null, Shares(reference, referenceTotal), Shares(current, currentTotal));

    /// <summary>Per-category binning.</summary>
    public static BinnedShares ForCounts(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new BinnedShares(null, counts.Keys,
            Shares(counts.Reference, counts.ReferenceTotal),
            Shares(counts.Current, counts.CurrentTotal));
    }

    /// <summary>
    /// Evidently's "feel_zeroes" (PSI and KL only): a zero share becomes min(nonzero shares)/10⁶ when that minimum is
    /// ≤ 1e-4, else 1e-4; reference and current are filled independently.
    /// </summary>
    public static double[] FillZeroes(IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var min = double.PositiveInfinity;
        foreach (var s in shares)
            if (s != 0 && s < min) min = s;
        var fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        var filled = new double[shares.Count];
        for (var i = 0; i < filled.Length; i++) filled[i] = shares[i] == 0 ? fill : shares[i];
        return filled;
    }

    private static double[] Shares(ReadOnlySpan<long> counts, long total)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < shares.Length; i++) shares[i] = (double)counts[i] / total;
        return shares;
    }
}
