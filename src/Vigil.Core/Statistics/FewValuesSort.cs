namespace Vigil.Core.Statistics;

/// <summary>
/// A counting sort for the finite values of a column with few distinct values (counts, Likert scores, flags): one pass
/// counts each distinct value in a table of at most <see cref="MaxDistinct"/> keys, then the sorted keys are written
/// out as runs. Twice as fast as the radix sort on such columns, whose long runs of equal upper bits the radix sort
/// must still finish. The keys are <see cref="RadixSort.AscendingKey"/>'s bit patterns (not the values), so -0.0
/// sorts before 0.0 and every value is written back bit for bit: the output equals <see cref="RadixSort.SortFinite"/>'s.
/// </summary>
internal static class FewValuesSort
{
    /// <summary>More distinct values than this and the column is left to the radix sort.</summary>
    public const int MaxDistinct = 64;

    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>
    /// Writes the finite values of <paramref name="raw"/> to the start of <paramref name="destination"/> in ascending
    /// order and returns how many there are, or returns -1 (having written nothing) as soon as a
    /// (<see cref="MaxDistinct"/> + 1)th distinct value shows up.
    /// </summary>
    public static int TrySort(ReadOnlySpan<double> raw, Span<double> destination)
    {
        Span<ulong> keys = stackalloc ulong[MaxDistinct];
        Span<int> counts = stackalloc int[MaxDistinct];
        var distinct = 0;
        var last = -1; // the slot of the previous value: runs of equal values skip the table search
        for (var i = 0; i < raw.Length; i++)
        {
            var v = raw[i];
            if (!double.IsFinite(v)) continue;
            var bits = BitConverter.DoubleToUInt64Bits(v);
            var key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            if (last >= 0 && keys[last] == key)
            {
                counts[last]++;
                continue;
            }
            var slot = keys[..distinct].IndexOf(key);
            if (slot < 0)
            {
                if (distinct == MaxDistinct) return -1;
                slot = distinct++;
                keys[slot] = key;
                counts[slot] = 0;
            }
            counts[slot]++;
            last = slot;
        }
        keys[..distinct].Sort(counts[..distinct]);
        var n = 0;
        for (var d = 0; d < distinct; d++)
        {
            var key = keys[d];
            var value = BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key & ~SignBit : ~key);
            destination.Slice(n, counts[d]).Fill(value);
            n += counts[d];
        }
        return n;
    }
}
