using System.Buffers;
using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// The present (non-NaN) values of a numeric column in ascending order, with the row each came from,
/// sorted once by an LSD radix sort on order-preserving 64-bit keys (no comparisons). Per-group sorted
/// values (for quantiles) and mid-ranks (for AUROC) then follow in O(n) per grouping.
/// </summary>
internal sealed class SortedFeature
{
    private SortedFeature(double[] values, int[] rows)
    {
        Values = values;
        Rows = rows;
    }

    /// <summary>Present values, ascending.</summary>
    public double[] Values { get; }

    /// <summary>Rows[i] is the row of Values[i].</summary>
    public int[] Rows { get; }

    public static SortedFeature Of(double[] column)
    {
        var n = 0;
        foreach (var v in column) if (!double.IsNaN(v)) n++;
        var keys = new ulong[n];
        var rows = new int[n];
        var j = 0;
        for (var i = 0; i < column.Length; i++)
        {
            var v = column[i];
            if (double.IsNaN(v)) continue;
            keys[j] = RadixSort.AscendingKey(v);
            rows[j++] = i;
        }
        var keyScratch = ArrayPool<ulong>.Shared.Rent(n);
        var rowScratch = ArrayPool<int>.Shared.Rent(n);
        RadixSort.Sort(keys, rows, keyScratch, rowScratch, n);
        ArrayPool<ulong>.Shared.Return(keyScratch);
        ArrayPool<int>.Shared.Return(rowScratch);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = RadixSort.ValueOfAscendingKey(keys[i]);
        return new SortedFeature(values, rows);
    }

    /// <summary>Summaries of every group (codes[row] in 0..groups−1; negative codes skipped), from the sorted values in one pass.</summary>
    public DescriptiveSummary[] Summaries(int[] codes, int groups)
    {
        var counts = new int[groups + 1];
        foreach (var r in Rows)
        {
            var c = codes[r];
            if (c >= 0) counts[c + 1]++;
        }
        for (var c = 1; c <= groups; c++) counts[c] += counts[c - 1];
        var buffer = new double[counts[groups]];
        var cursor = (int[])counts.Clone();
        for (var i = 0; i < Values.Length; i++)
        {
            var c = codes[Rows[i]];
            if (c >= 0) buffer[cursor[c]++] = Values[i];
        }
        var result = new DescriptiveSummary[groups];
        for (var c = 0; c < groups; c++) result[c] = DescriptiveSummary.OfSorted(buffer.AsSpan(counts[c], counts[c + 1] - counts[c]));
        return result;
    }
}
