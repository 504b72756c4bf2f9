using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// One distinct value of the pooled sample with its multiplicity in each sample and the number of pooled
/// values below it. Rank-based tests (Mann-Whitney, Cramér-von Mises, Anderson-Darling) are sums over these.
/// </summary>
/// <param name="Value">The value.</param>
/// <param name="InReference">How many reference values equal it.</param>
/// <param name="InCurrent">How many current values equal it.</param>
/// <param name="PooledBelow">How many pooled values are strictly smaller.</param>
public readonly record struct PooledValue(double Value, int InReference, int InCurrent, long PooledBelow)
{
    /// <summary>Multiplicity in the pooled sample.</summary>
    public int Ties => InReference + InCurrent;

    /// <summary>Average (mid) rank, 1-based, as scipy.stats.rankdata(method='average').</summary>
    public double MidRank => PooledBelow + (Ties + 1) / 2.0;
}

/// <summary>Walks the distinct values of two sorted samples in order.</summary>
public static class PooledRanks
{
    /// <summary>Calls <paramref name="visit"/> once per distinct pooled value, ascending.</summary>
    public static void ForEach<TState>(SortedSample reference, SortedSample current, ref TState state, PooledVisitor<TState> visit)
    {
        var a = reference.Values;
        var b = current.Values;
        int i = 0, j = 0;
        long below = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            int i0 = i, j0 = j;
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            visit(new PooledValue(v, i - i0, j - j0, below), ref state);
            below += i - i0 + (j - j0);
        }
    }
}

/// <summary>Callback for <see cref="PooledRanks.ForEach{TState}"/>.</summary>
public delegate void PooledVisitor<TState>(in PooledValue value, ref TState state);
