using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "TVD": total variation distance ½Σ|p_ref − p_cur| between the category shares, turned into a
/// permutation p-value: the share of 1,000 random re-splits of the pooled sample (sizes kept) whose TVD is at
/// least the observed one. Evidently draws the splits with numpy's global seed 0; Vigil uses its own fixed seed,
/// so p-values agree with Evidently's in distribution, not digit for digit. Undefined when a sample is empty.
/// Cost: 1,000 × n_ref draws.
/// </summary>
public static class TotalVariationPermutation
{
    public const int Iterations = 1000;

    /// <summary>½Σ|p_ref − p_cur|, or NaN when a sample is empty.</summary>
    public static double Distance(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0) return double.NaN;
        return Distance(counts.Reference, counts.ReferenceTotal, counts.Current, counts.CurrentTotal);
    }

    /// <summary>(observed TVD, permutation p-value), or null when undefined.</summary>
    public static TestResult? Test(CategoryCounts counts, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0) return null;
        var observed = Distance(counts);
        var nRef = (int)counts.ReferenceTotal;
        var pooled = new int[checked((int)(counts.ReferenceTotal + counts.CurrentTotal))];
        var pos = 0;
        for (var k = 0; k < counts.Count; k++)
        {
            var n = counts.Reference[k] + counts.Current[k];
            for (var t = 0; t < n; t++) pooled[pos++] = k;
        }
        var pooledCounts = new long[counts.Count];
        for (var k = 0; k < counts.Count; k++) pooledCounts[k] = counts.Reference[k] + counts.Current[k];
        var refCounts = new long[counts.Count];
        var curCounts = new long[counts.Count];
        var rng = new Random(seed);
        var atLeast = 0;
        for (var it = 0; it < Iterations; it++)
        {
            // Partial Fisher-Yates: the first nRef slots are a uniform sample without replacement.
            Array.Clear(refCounts);
            for (var i = 0; i < nRef; i++)
            {
                var j = rng.Next(i, pooled.Length);
                (pooled[i], pooled[j]) = (pooled[j], pooled[i]);
                refCounts[pooled[i]]++;
            }
            for (var k = 0; k < counts.Count; k++) curCounts[k] = pooledCounts[k] - refCounts[k];
            if (observed <= Distance(refCounts, nRef, curCounts, counts.CurrentTotal)) atLeast++;
        }
        return new TestResult(observed, (double)atLeast / Iterations);
    }

    private static double Distance(ReadOnlySpan<long> reference, long nRef, ReadOnlySpan<long> current, long nCur)
    {
        var sum = 0.0;
        for (var k = 0; k < reference.Length; k++)
            sum += Math.Abs((double)reference[k] / nRef - (double)current[k] / nCur);
        return 0.5 * sum;
    }
}
