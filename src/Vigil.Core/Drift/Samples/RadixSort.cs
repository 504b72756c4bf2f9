using System.Buffers;
using System.Runtime.InteropServices;

namespace Vigil.Core.Drift.Samples;

/// <summary>
/// LSD radix sort of doubles, in place on their order-preserving 64-bit keys (sign bit flipped for positives, all
/// bits flipped for negatives), eight 8-bit passes. Linear time, one pooled scratch buffer and no other allocation:
/// sorting dominates every sample test, and on a million values this beats a comparison sort severalfold. A pass
/// whose digit is the same for every key is skipped, so integer-valued or low-cardinality columns (whose low
/// mantissa bytes are all zero) need only a few passes.
/// </summary>
internal static class RadixSort
{
    private const int ComparisonSortBelow = 2048;
    private const int Passes = 8;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>Sorts finite values (no NaN) ascending in place.</summary>
    public static void Sort(double[] values)
    {
        if (values.Length < ComparisonSortBelow)
        {
            Array.Sort(values);
            return;
        }
        var n = values.Length;
        var keys = MemoryMarshal.Cast<double, ulong>(values.AsSpan());
        Span<int> counts = stackalloc int[Passes * 256];
        counts.Clear();
        for (var i = 0; i < n; i++)
        {
            var bits = keys[i];
            var k = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            keys[i] = k;
            for (var p = 0; p < Passes; p++) counts[(p << 8) + (int)((k >> (p * 8)) & 0xFF)]++;
        }

        var rented = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            Span<ulong> source = keys;
            Span<ulong> target = rented.AsSpan(0, n);
            var inScratch = false;
            for (var p = 0; p < Passes; p++)
            {
                var offset = p << 8;
                var shift = p * 8;
                if (counts[offset + (int)((source[0] >> shift) & 0xFF)] == n) continue;
                var sum = 0;
                for (var d = 0; d < 256; d++)
                {
                    var c = counts[offset + d];
                    counts[offset + d] = sum;
                    sum += c;
                }
                for (var i = 0; i < n; i++)
                {
                    var k = source[i];
                    target[counts[offset + (int)((k >> shift) & 0xFF)]++] = k;
                }
                var swap = source;
                source = target;
                target = swap;
                inScratch = !inScratch;
            }
            if (inScratch) source.CopyTo(keys);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            keys[i] = (k & SignBit) != 0 ? k & ~SignBit : ~k;
        }
    }
}
