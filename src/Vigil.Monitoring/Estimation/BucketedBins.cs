using System.Collections;

namespace Vigil.Monitoring.Estimation;

/// <summary>
/// A period's pending bins as one segment per bucket, in bucket order: what <see cref="IEstimationRows.GetPendingBinsAsync"/>
/// returns when some buckets are whole days handed on from the days already counted (<see cref="CountedDay.Bins"/>), so
/// that those bins are neither copied nor counted again. Reads as the one list of the same bins in the same order;
/// <see cref="EstimationRowSet.ByBucket"/> hands each segment on as its bucket's bins.
/// </summary>
internal sealed class BucketedBins : IReadOnlyList<PendingBin>
{
    private readonly ArraySegment<PendingBin>[] _segments;
    private readonly int[] _starts; // index of each segment's first bin in the whole list

    /// <summary>The bins of <paramref name="segments"/>, each non-empty and of one bucket, the buckets ascending.</summary>
    public BucketedBins(ArraySegment<PendingBin>[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        _segments = segments;
        _starts = new int[segments.Length];
        for (var s = 0; s < segments.Length; s++)
        {
            if (segments[s].Count == 0) throw new ArgumentException("a segment is empty", nameof(segments));
            if (s > 0 && segments[s][0].BucketMs <= segments[s - 1][0].BucketMs)
                throw new ArgumentException("the segments' buckets are not ascending", nameof(segments));
            _starts[s] = Count;
            Count += segments[s].Count;
        }
    }

    /// <summary>The segments: one per bucket that holds bins, in bucket order.</summary>
    public IReadOnlyList<ArraySegment<PendingBin>> Segments => _segments;

    public int Count { get; }

    public PendingBin this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            var s = Array.BinarySearch(_starts, index);
            if (s < 0) s = ~s - 1;
            return _segments[s][index - _starts[s]];
        }
    }

    /// <summary>
    /// <paramref name="direct"/> (each a bucket's whole bins) merged with the other buckets' bins of
    /// <paramref name="counted"/> (bucket-ordered, none in a bucket of <paramref name="direct"/>) into bucket order.
    /// </summary>
    public static BucketedBins Merge(List<PendingBin> counted, List<ArraySegment<PendingBin>> direct)
    {
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(direct);
        var all = counted.ToArray();
        var segments = new List<ArraySegment<PendingBin>>(direct.Count + 8);
        for (var start = 0; start < all.Length;)
        {
            var end = start + 1;
            while (end < all.Length && all[end].BucketMs == all[start].BucketMs) end++;
            segments.Add(new ArraySegment<PendingBin>(all, start, end - start));
            start = end;
        }
        foreach (var d in direct)
        {
            if (d.Count > 0) segments.Add(d);
        }
        segments.Sort(static (a, b) => a[0].BucketMs.CompareTo(b[0].BucketMs));
        return new BucketedBins([.. segments]);
    }

    public IEnumerator<PendingBin> GetEnumerator()
    {
        foreach (var segment in _segments)
        {
            for (var i = 0; i < segment.Count; i++) yield return segment[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
