using System.Numerics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// Exact k nearest neighbours by Euclidean distance, by brute force over a row-major matrix: for each
/// query row, every data row is a candidate (the query row itself included, at distance 0). Rows are
/// scanned in cache-sized blocks shared by a batch of queries, and distances use SIMD vectors, so the
/// cost is n_queries × n × d multiply-adds with no allocation per row. Equal distances keep the lower row
/// index. Query batches run in parallel. T is double (exact) or float (twice the SIMD width, for estimates).
/// </summary>
public static class NearestNeighbours
{
    private const int RowBlock = 256;
    private const int QueryBatch = 64;

    /// <summary>
    /// Returns, for each of <paramref name="queries"/> (row indices into <paramref name="matrix"/>), the
    /// indices of its <paramref name="k"/> nearest rows, nearest first, as a queries.Length × k array.
    /// </summary>
    public static int[] Search<T>(T[] matrix, int rows, int dims, int[] queries, int k)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (matrix.Length != (long)rows * dims) throw new ArgumentException("matrix must be rows × dims", nameof(matrix));
        if (k > rows) throw new ArgumentOutOfRangeException(nameof(k), "k exceeds the number of rows");
        var result = new int[queries.Length * k];
        var batches = (queries.Length + QueryBatch - 1) / QueryBatch;
        Parallel.For(0, batches, batch =>
        {
            var q0 = batch * QueryBatch;
            var q1 = Math.Min(queries.Length, q0 + QueryBatch);
            var count = q1 - q0;
            var bestDist = new T[count * k];
            var bestIndex = new int[count * k];
            Array.Fill(bestDist, T.MaxValue);
            Array.Fill(bestIndex, -1);
            for (var r0 = 0; r0 < rows; r0 += RowBlock)
            {
                var r1 = Math.Min(rows, r0 + RowBlock);
                for (var q = 0; q < count; q++)
                {
                    var query = matrix.AsSpan(queries[q0 + q] * dims, dims);
                    var dist = bestDist.AsSpan(q * k, k);
                    var index = bestIndex.AsSpan(q * k, k);
                    for (var r = r0; r < r1; r++)
                    {
                        var d = SquaredDistance(query, matrix.AsSpan(r * dims, dims), dist[k - 1]);
                        if (d < dist[k - 1]) Insert(dist, index, d, r);
                    }
                }
            }
            bestIndex.CopyTo(result, q0 * k);
        });
        return result;
    }

    /// <summary>
    /// Squared Euclidean distance over SIMD vectors; when the vector part alone already exceeds
    /// <paramref name="bound"/> the scalar tail is skipped (every term is non-negative).
    /// </summary>
    internal static T SquaredDistance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T bound)
        where T : unmanaged, INumber<T>
    {
        var sum = T.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            var width = Vector<T>.Count;
            for (; i <= a.Length - width; i += width)
            {
                var d = new Vector<T>(a.Slice(i, width)) - new Vector<T>(b.Slice(i, width));
                acc += d * d;
            }
            sum = Vector.Sum(acc);
            if (sum > bound) return sum;
        }
        for (; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Inserts (d, r) into the ascending top-k lists, dropping the last.</summary>
    private static void Insert<T>(Span<T> dist, Span<int> index, T d, int r)
        where T : unmanaged, INumber<T>
    {
        var p = dist.Length - 1;
        while (p > 0 && dist[p - 1] > d)
        {
            dist[p] = dist[p - 1];
            index[p] = index[p - 1];
            p--;
        }
        dist[p] = d;
        index[p] = r;
    }
}
