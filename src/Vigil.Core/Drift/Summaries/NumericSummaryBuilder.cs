using Vigil.Core.Drift.Binned;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// The <see cref="NumericColumnSummary"/> of two sorted samples, by the rules a database follows for a push-down drift
/// (docs/push-down.md): counts per distinct value when both sides have at most <c>maxValues</c> distinct values together
/// or the reference at most 20 (Evidently bins those per value), else counts on <c>fineBins</c> equal-width bins over the
/// union's range (x in bin clamp(⌊(x − min)/width⌋, 0, fineBins − 1)) and on Evidently's Sturges edges. A site's
/// mergeable drift summary (docs/federated.md) is this summary of its rows.
/// </summary>
public static class NumericSummaryBuilder
{
    /// <summary>Summarises sorted finite values of each side with their missing counts.</summary>
    public static NumericColumnSummary FromSorted(ReadOnlySpan<double> reference, long referenceMissing, ReadOnlySpan<double> current,
        long currentMissing, int maxValues, int fineBins)
    {
        if (maxValues < 0) throw VigilException.Option("max_exact_values", "must not be negative");
        if (fineBins < 1) throw new ArgumentOutOfRangeException(nameof(fineBins), fineBins, "at least one fine bin");
        long distinctR = Distinct(reference), distinctC = Distinct(current);
        double meanR = Mean(reference), meanC = Mean(current);
        var r = new SideMoments(reference.Length, referenceMissing, meanR, Ssd(reference, meanR), First(reference), Last(reference));
        var c = new SideMoments(current.Length, currentMissing, meanC, Ssd(current, meanC), First(current), Last(current));
        if (SendsValues(distinctR, distinctC, maxValues) || reference.Length == 0 || current.Length == 0)
        {
            var (values, vr, vc) = UnionCounts(reference, current);
            // Σ count·(x − mean)² over the distinct values, as the push-down path computes it for exact summaries.
            r = r with { SumSquaredDeviations = SumSquaredDeviations(values, vr, meanR) };
            c = c with { SumSquaredDeviations = SumSquaredDeviations(values, vc, meanC) };
            return new NumericColumnSummary { Reference = r, Current = c, ReferenceDistinct = distinctR, Values = values, ValueReference = vr, ValueCurrent = vc };
        }
        double min = Math.Min(reference[0], current[0]), max = Math.Max(reference[^1], current[^1]);
        var grid = new FineGrid(min, max, fineBins, reference.Length + current.Length);
        var fine = new long[2][] { new long[fineBins], new long[fineBins] };
        var sturges = new long[2][] { new long[grid.SturgesBins], new long[grid.SturgesBins] };
        foreach (var x in reference) grid.Add(x, 1, fine[0], sturges[0]);
        foreach (var x in current) grid.Add(x, 1, fine[1], sturges[1]);
        return grid.Summary(r, c, distinctR, fine, sturges);
    }

    /// <summary>
    /// Whether a column travels as counts per distinct value: both sides have at most <paramref name="maxValues"/> distinct
    /// values together, or the reference at most 20 (Evidently bins those per value, over both sides' values).
    /// </summary>
    public static bool SendsValues(long distinctReference, long distinctCurrent, int maxValues) =>
        distinctReference + distinctCurrent <= maxValues || distinctReference <= BinnedShares.MaxPerValueBins;

    /// <summary>Distinct values of a sorted span.</summary>
    internal static long Distinct(ReadOnlySpan<double> sorted)
    {
        long n = 0;
        for (var i = 0; i < sorted.Length; i++)
            if (i == 0 || sorted[i] != sorted[i - 1]) n++;
        return n;
    }

    /// <summary>The union's distinct values, ascending, and each side's count per value (one merge pass).</summary>
    private static (double[] Values, long[] Reference, long[] Current) UnionCounts(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var values = new List<double>();
        var ra = new List<long>();
        var rb = new List<long>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            long ca = 0, cb = 0;
            while (i < a.Length && a[i] == x) { i++; ca++; }
            while (j < b.Length && b[j] == x) { j++; cb++; }
            values.Add(x);
            ra.Add(ca);
            rb.Add(cb);
        }
        return ([.. values], [.. ra], [.. rb]);
    }

    /// <summary>SUM(x) / COUNT(x), as the database computes it (NaN when empty).</summary>
    private static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) return double.NaN;
        var sum = 0.0;
        foreach (var v in x) sum += v;
        return sum / x.Length;
    }

    private static double Ssd(ReadOnlySpan<double> x, double mean)
    {
        var ss = 0.0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        return ss;
    }

    /// <summary>Σ count·(x − mean)² over distinct values; 0 for an empty side (NaN mean).</summary>
    public static double SumSquaredDeviations(double[] x, long[] counts, double mean)
    {
        if (double.IsNaN(mean)) return 0; // an empty side
        var ss = 0.0;
        for (var i = 0; i < x.Length; i++) ss += counts[i] * (x[i] - mean) * (x[i] - mean);
        return ss;
    }

    private static double First(ReadOnlySpan<double> x) => x.Length > 0 ? x[0] : double.NaN;

    private static double Last(ReadOnlySpan<double> x) => x.Length > 0 ? x[^1] : double.NaN;
}

/// <summary>
/// The fine and Sturges bins of a binned summary over [min, max], with the bin rules of the push-down SQL
/// (DriftSummarySql.Bins): fine bin clamp(⌊(x − min)/width⌋, 0, bins − 1); Sturges bin i for edges i·step + first, a
/// first guess ⌊(x − first)/step⌋ corrected by one against the computed edges (numpy.histogram's rule).
/// </summary>
public sealed class FineGrid
{
    private readonly double _min;
    private readonly double _width;
    private readonly int _bins;
    private readonly double[] _edges;
    private readonly double _first;
    private readonly double _step;

    /// <summary>The grid over [<paramref name="min"/>, <paramref name="max"/>] with <paramref name="bins"/> fine bins and Evidently's Sturges edges for <paramref name="count"/> values.</summary>
    public FineGrid(double min, double max, int bins, long count)
        : this(min, max, bins, Histogram.SturgesEdges(min, max, count))
    {
    }

    private FineGrid(double min, double max, int bins, double[] sturgesEdges)
    {
        _min = min;
        _bins = bins;
        _width = (max - min) / bins;
        _edges = sturgesEdges;
        _first = sturgesEdges[0];
        _step = (sturgesEdges[^1] - sturgesEdges[0]) / (sturgesEdges.Length - 1);
    }

    /// <summary>Left edge of the first fine bin.</summary>
    public double Low => _min;

    /// <summary>Width of a fine bin.</summary>
    public double Width => _width;

    /// <summary>Number of fine bins.</summary>
    public int Bins => _bins;

    /// <summary>The first Sturges edge.</summary>
    public double SturgesFirst => _first;

    /// <summary>The Sturges bin width (edges i·step + first).</summary>
    public double SturgesStep => _step;

    public int SturgesBins => _edges.Length - 1;

    public int FineBin(double x) => (int)Math.Clamp(Math.Floor((x - _min) / _width), 0, _bins - 1);

    public int SturgesBin(double x)
    {
        var last = SturgesBins - 1;
        var g = (int)Math.Clamp(Math.Floor((x - _first) / _step), 0, last);
        var b = g;
        if (x < g * _step + _first) b--;
        if (g < last && x >= (g + 1) * _step + _first) b++;
        return b;
    }

    /// <summary>Adds <paramref name="count"/> values at <paramref name="x"/>.</summary>
    public void Add(double x, long count, long[] fine, long[] sturges)
    {
        fine[FineBin(x)] += count;
        sturges[SturgesBin(x)] += count;
    }

    public NumericColumnSummary Summary(SideMoments reference, SideMoments current, long referenceDistinct, long[][] fine, long[][] sturges) => new()
    {
        Reference = reference,
        Current = current,
        ReferenceDistinct = referenceDistinct,
        FineLow = _min,
        FineWidth = _width,
        FineBinCount = _bins,
        FineReference = fine[0],
        FineCurrent = fine[1],
        SturgesEdges = referenceDistinct > BinnedShares.MaxPerValueBins ? _edges : null,
        SturgesReference = sturges[0],
        SturgesCurrent = sturges[1],
    };
}
