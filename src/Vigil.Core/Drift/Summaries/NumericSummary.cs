using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// A mergeable summary of one window of a numeric column: count, mean and sum of squared deviations (merged by
/// Chan et al.'s parallel formula), min, max, missing count, and counts on fixed bin edges (typically the
/// reference's Evidently edges) with the counts below the first and above the last edge. A monitor keeps one per
/// window; merging two windows' summaries gives the summary of their union (counts exactly, moments to rounding).
/// Summary-based statistics: t_test from the moments, psi / jensenshannon / kl_div from the bin counts.
/// </summary>
public sealed class NumericSummary
{
    private readonly double[] _edges;
    private readonly long[] _bins;

    /// <summary>An empty summary over these bin edges (ascending, at least two).</summary>
    public NumericSummary(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2) throw new ArgumentException("at least two edges are needed", nameof(edges));
        _edges = [.. edges];
        _bins = new long[_edges.Length - 1];
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    public IReadOnlyList<double> Edges => _edges;

    /// <summary>Counts per bin [e_i, e_{i+1}) (last bin closed), as numpy.histogram.</summary>
    public ReadOnlySpan<long> Bins => _bins;

    public long Count { get; private set; }

    public long Missing { get; private set; }

    public long Below { get; private set; }

    public long Above { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Σ(x − mean)².</summary>
    public double SumSquaredDeviations { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    /// <summary>Sample variance (ddof = 1); NaN below two values.</summary>
    public double Variance => Count < 2 ? double.NaN : SumSquaredDeviations / (Count - 1);

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
            Count++;
            var delta = x - Mean;
            Mean += delta / Count;
            SumSquaredDeviations += delta * (x - Mean);
            if (x < Min) Min = x;
            if (x > Max) Max = x;
            var bin = BinOf(x);
            if (bin == -1) Below++;
            else if (bin == _bins.Length) Above++;
            else _bins[bin]++;
        }
    }

    /// <summary>The summary of both windows together. Both must use the same edges.</summary>
    public NumericSummary Merge(NumericSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_edges.AsSpan().SequenceEqual(other._edges))
            throw new ArgumentException("summaries over different bin edges cannot be merged", nameof(other));
        var merged = new NumericSummary(_edges)
        {
            Count = Count + other.Count,
            Missing = Missing + other.Missing,
            Below = Below + other.Below,
            Above = Above + other.Above,
            Min = Math.Min(Min, other.Min),
            Max = Math.Max(Max, other.Max),
        };
        for (var i = 0; i < _bins.Length; i++) merged._bins[i] = _bins[i] + other._bins[i];
        if (merged.Count > 0)
        {
            var delta = other.Mean - Mean;
            merged.Mean = Mean + delta * other.Count / merged.Count;
            merged.SumSquaredDeviations = SumSquaredDeviations + other.SumSquaredDeviations
                                          + delta * delta * Count * other.Count / merged.Count;
        }
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
    public static NumericSummary OfSample(SortedSample sample, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var s = new NumericSummary(edges);
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
