using Vigil.Core.Drift.Binned;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// Pools sites' <see cref="NumericColumnSummary"/>s of one column into the summary of their pooled rows
/// (docs/federated.md, drift). Moments merge exactly (Chan et al.'s parallel formula). When every site sent counts per
/// distinct value, the union's counts are exact, and the pooled summary is the one the pooled rows give: per value when
/// few enough values, else fine and Sturges bins filled from the exact values. When a site sent bins, each of its fine
/// bins is placed at its centre on the pooled grid over the pooled range (Sturges bins from the same centres): a value
/// moves by at most one site bin width, never more than one pooled fine bin width, so CDF-based scores (ks, wasserstein)
/// are off by at most two pooled fine bins and the Sturges counts only where a site bin straddles an edge.
/// </summary>
public static class NumericSummaryMerge
{
    /// <summary>The pooled summary of <paramref name="parts"/> (at least one).</summary>
    public static NumericColumnSummary Merge(IReadOnlyList<NumericColumnSummary> parts, int maxValues, int fineBins)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("at least one summary", nameof(parts));
        var r = Moments(parts, p => p.Reference);
        var c = Moments(parts, p => p.Current);
        var allExact = true;
        long distinctLowerBound = 0;
        foreach (var p in parts)
        {
            allExact &= p.IsExact;
            distinctLowerBound = Math.Max(distinctLowerBound, p.ReferenceDistinct);
        }
        if (allExact)
        {
            var (values, vr, vc) = Union(parts);
            long distinctR = 0, distinctC = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (vr[i] > 0) distinctR++;
                if (vc[i] > 0) distinctC++;
            }
            if (NumericSummaryBuilder.SendsValues(distinctR, distinctC, maxValues) || r.Count == 0 || c.Count == 0)
                return new NumericColumnSummary
                {
                    Reference = r with { SumSquaredDeviations = NumericSummaryBuilder.SumSquaredDeviations(values, vr, r.Mean) },
                    Current = c with { SumSquaredDeviations = NumericSummaryBuilder.SumSquaredDeviations(values, vc, c.Mean) },
                    ReferenceDistinct = distinctR, Values = values, ValueReference = vr, ValueCurrent = vc,
                };
            var exactGrid = Grid(r, c, fineBins);
            var (fine, sturges) = Buffers(fineBins, exactGrid.SturgesBins);
            for (var i = 0; i < values.Length; i++)
            {
                exactGrid.Add(values[i], vr[i], fine[0], sturges[0]);
                exactGrid.Add(values[i], vc[i], fine[1], sturges[1]);
            }
            return exactGrid.Summary(r, c, distinctR, fine, sturges);
        }
        var grid = Grid(r, c, fineBins);
        var (f, s) = Buffers(fineBins, grid.SturgesBins);
        foreach (var p in parts)
        {
            if (p.IsExact)
            {
                for (var i = 0; i < p.Values!.Length; i++)
                {
                    grid.Add(p.Values[i], p.ValueReference![i], f[0], s[0]);
                    grid.Add(p.Values[i], p.ValueCurrent![i], f[1], s[1]);
                }
                continue;
            }
            for (var k = 0; k < p.FineBinCount; k++)
            {
                long nr = p.FineReference![k], nc = p.FineCurrent![k];
                if (nr == 0 && nc == 0) continue;
                // The bin's centre, kept inside the site's observed range (its first and last bins hold its min and max).
                var centre = Math.Clamp(p.FineLow + (k + 0.5) * p.FineWidth, Min(p), Max(p));
                grid.Add(centre, nr, f[0], s[0]);
                grid.Add(centre, nc, f[1], s[1]);
            }
        }
        // A binned site had more than 20 distinct reference values, so the pool has too: Evidently's Sturges bins apply.
        return grid.Summary(r, c, Math.Max(distinctLowerBound, BinnedShares.MaxPerValueBins + 1), f, s);
    }

    /// <summary>Pooled moments: counts and missing add, the mean is the weighted mean, Σ(x − mean)² by Chan et al.</summary>
    public static SideMoments Moments(IReadOnlyList<NumericColumnSummary> parts, Func<NumericColumnSummary, SideMoments> side)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(side);
        long n = 0, missing = 0;
        double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in parts)
        {
            var m = side(p);
            missing += m.Missing;
            if (m.Count == 0) continue;
            var total = n + m.Count;
            var delta = m.Mean - mean;
            mean += delta * m.Count / total;
            m2 += m.SumSquaredDeviations + delta * delta * n * m.Count / total;
            n = total;
            min = Math.Min(min, m.Min);
            max = Math.Max(max, m.Max);
        }
        return n == 0
            ? new SideMoments(0, missing, double.NaN, 0, double.NaN, double.NaN)
            : new SideMoments(n, missing, mean, m2, min, max);
    }

    private static FineGrid Grid(SideMoments r, SideMoments c, int fineBins) =>
        new(Math.Min(r.Min, c.Min), Math.Max(r.Max, c.Max), fineBins, r.Count + c.Count);

    private static (long[][] Fine, long[][] Sturges) Buffers(int fine, int sturges) =>
        (new[] { new long[fine], new long[fine] }, new[] { new long[sturges], new long[sturges] });

    private static double Min(NumericColumnSummary p) => MinOf(p.Reference.Min, p.Current.Min);

    private static double Max(NumericColumnSummary p) => -MinOf(-p.Reference.Max, -p.Current.Max);

    /// <summary>The smaller of two minima, ignoring an empty side's NaN.</summary>
    private static double MinOf(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);

    /// <summary>The union of exact summaries' values, ascending, with each side's summed counts.</summary>
    private static (double[] Values, long[] Reference, long[] Current) Union(IReadOnlyList<NumericColumnSummary> parts)
    {
        var counts = new SortedDictionary<double, (long R, long C)>();
        foreach (var p in parts)
            for (var i = 0; i < p.Values!.Length; i++)
            {
                counts.TryGetValue(p.Values[i], out var pair);
                counts[p.Values[i]] = (pair.R + p.ValueReference![i], pair.C + p.ValueCurrent![i]);
            }
        var values = new double[counts.Count];
        var vr = new long[counts.Count];
        var vc = new long[counts.Count];
        var k = 0;
        foreach (var (x, (nr, nc)) in counts)
        {
            values[k] = x;
            vr[k] = nr;
            vc[k++] = nc;
        }
        return (values, vr, vc);
    }
}
