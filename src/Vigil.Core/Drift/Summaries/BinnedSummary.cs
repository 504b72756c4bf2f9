using Vigil.Core.Drift.Samples;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// A mergeable summary of one window of a numeric column: the finite values' <see cref="NumericSummary"/> (count, mean,
/// sum of squared deviations, min, max; merged by Chan et al.'s parallel formula), the missing count, and counts on
/// fixed bin edges (typically the reference's Evidently edges) with the counts below the first and above the last edge. A monitor keeps one per
/// window; merging two windows' summaries gives the summary of their union (counts exactly, moments to rounding).
/// Summary-based statistics: t_test from the moments, psi / jensenshannon / kl_div from the bin counts.
/// </summary>
public sealed class BinnedSummary
{
    private readonly double[] _edges;
    private readonly long[] _bins;
    private NumericSummary _moments;

    /// <summary>An empty summary over these bin edges (ascending, at least two).</summary>
    public BinnedSummary(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2) throw new ArgumentException("at least two edges are needed", nameof(edges));
        _edges = [.. edges];
        _bins = new long[_edges.Length - 1];
    }

    public IReadOnlyList<double> Edges => _edges;

    /// <summary>Counts per bin [e_i, e_{i+1}) (last bin closed), as numpy.histogram.</summary>
    public ReadOnlySpan<long> Bins => _bins;

    /// <summary>Count, mean, M₂, min and max of the finite values.</summary>
    public NumericSummary Moments => _moments;

    public long Count => _moments.Count;

    public long Missing { get; private set; }

    public long Below { get; private set; }

    public long Above { get; private set; }

    public double Mean => _moments.Mean;

    /// <summary>Σ(x − mean)².</summary>
    public double SumSquaredDeviations => _moments.SumSquaredDeviations;

    public double Min => _moments.Min;

    public double Max => _moments.Max;

    /// <summary>Sample variance (ddof = 1); NaN below two values.</summary>
    public double Variance => _moments.Variance;

    /// <summary>Adds values; NaN and ±infinity count as missing.</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        foreach (var x in values)
        {
            if (!double.IsFinite(x))
            {
                Missing++;
                continue;
            }
            _moments.Add(x);
            var bin = BinOf(x);
            if (bin == -1) Below++;
            else if (bin == _bins.Length) Above++;
            else _bins[bin]++;
        }
    }

    /// <summary>The summary of both windows together. Both must use the same edges.</summary>
    public BinnedSummary Merge(BinnedSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_edges.AsSpan().SequenceEqual(other._edges))
            throw new ArgumentException("summaries over different bin edges cannot be merged", nameof(other));
        var merged = new BinnedSummary(_edges)
        {
            Missing = Missing + other.Missing,
            Below = Below + other.Below,
            Above = Above + other.Above,
            _moments = NumericSummary.Merge(_moments, other._moments),
        };
        for (var i = 0; i < _bins.Length; i++) merged._bins[i] = _bins[i] + other._bins[i];
        return merged;
    }

    /// <summary>Bin shares count/Count (values outside the edges are in Count but in no bin, as Evidently).</summary>
    public double[] Shares()
    {
        var shares = new double[_bins.Length];
        for (var i = 0; i < shares.Length; i++) shares[i] = (double)_bins[i] / Count;
        return shares;
    }

    /// <summary>A summary of a whole sample with Evidently's Sturges edges over it.</summary>
    public static BinnedSummary OfSample(SortedSample sample, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var s = new BinnedSummary(edges);
        s.Add(sample.Values);
        return s;
    }

    private int BinOf(double x)
    {
        if (x < _edges[0]) return -1;
        if (x > _edges[^1]) return _bins.Length;
        if (x == _edges[^1]) return _bins.Length - 1;
        // Largest i with e_i <= x.
        int lo = 0, hi = _edges.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (_edges[mid] <= x) lo = mid;
            else hi = mid;
        }
        return lo;
    }
}
