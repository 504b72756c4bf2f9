using System.Buffers;
using System.Runtime.InteropServices;

namespace Vigil.Core.Drift.Samples;

/// <summary>
/// LSD radix sort of the finite values of a column, on their order-preserving 64-bit keys (sign bit flipped for
/// positives, all bits flipped for negatives), eight 8-bit passes (measured: wider digits are slower, their scatter misses the cache). Linear time and no allocation beyond one pooled
/// scratch buffer: sorting dominates every sample test, and on a million values this beats a comparison sort
/// severalfold. The first pass also drops non-finite values and builds every digit histogram; a pass whose digit is
/// the same for every key is skipped, so integer-valued or low-cardinality columns (whose low mantissa bits are all
/// zero) need only a few passes.
/// </summary>
internal static class RadixSort
{
    private const int ComparisonSortBelow = 2048;
    private const int DigitBits = 8;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>
    /// Writes the finite values of <paramref name="raw"/> to the start of <paramref name="destination"/> in
    /// ascending order and returns how many there are. <paramref name="destination"/> must hold at least raw.Length values.
    /// </summary>
    public static int SortFinite(ReadOnlySpan<double> raw, double[] destination)
    {
        if (raw.Length < ComparisonSortBelow)
        {
            var k = 0;
            foreach (var v in raw)
                if (double.IsFinite(v)) destination[k++] = v;
            Array.Sort(destination, 0, k);
            return k;
        }

        var keys = MemoryMarshal.Cast<double, ulong>(destination.AsSpan());
        var counts = ArrayPool<int>.Shared.Rent(Passes * Buckets);
        var scratch = ArrayPool<ulong>.Shared.Rent(raw.Length);
        try
        {
            Array.Clear(counts, 0, Passes * Buckets);
            var n = 0;
            foreach (var v in raw)
            {
                if (!double.IsFinite(v)) continue;
                var bits = BitConverter.DoubleToUInt64Bits(v);
                var key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
                keys[n++] = key;
                for (var p = 0; p < Passes; p++) counts[p * Buckets + (int)((key >> (p * DigitBits)) & (Buckets - 1))]++;
            }
            if (n == 0) return 0;

            Span<ulong> source = keys[..n];
            Span<ulong> target = scratch.AsSpan(0, n);
            for (var p = 0; p < Passes; p++)
            {
                var offset = p * Buckets;
                var shift = p * DigitBits;
                if (counts[offset + (int)((source[0] >> shift) & (Buckets - 1))] == n) continue;
                var sum = 0;
                for (var d = 0; d < Buckets; d++)
                {
                    var c = counts[offset + d];
                    counts[offset + d] = sum;
                    sum += c;
                }
                for (var i = 0; i < n; i++)
                {
                    var key = source[i];
                    target[counts[offset + (int)((key >> shift) & (Buckets - 1))]++] = key;
                }
                var swap = source;
                source = target;
                target = swap;
            }
            // Decode into the destination (copying back from the scratch buffer when the last pass ended there).
            for (var i = 0; i < n; i++)
            {
                var key = source[i];
                keys[i] = (key & SignBit) != 0 ? key & ~SignBit : ~key;
            }
            return n;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(counts);
        }
    }
}
