using System.Buffers;
using System.Runtime.InteropServices;

namespace Vigil.Core.Drift.Samples;

/// <summary>
/// Radix sort of the finite values of a column, on their order-preserving 64-bit keys (sign bit flipped for
/// positives, all bits flipped for negatives). LSD passes of 8 bits (measured: wider digits are slower, their
/// scatter misses the cache) order the keys by their upper 32 bits only; runs of keys that share those bits (rare
/// for continuous data, where they agree to 1e-6 relative; made of identical keys for integer data) are then
/// finished by insertion sort, or by a comparison sort when long. Half the scatter passes of a full 64-bit sort,
/// linear time in practice, and no allocation beyond one pooled scratch buffer: sorting dominates every sample test.
/// The first pass also drops non-finite values and builds every digit histogram; a pass whose digit is the same for
/// every key is skipped.
/// </summary>
internal static class RadixSort
{
    private const int ComparisonSortBelow = 2048;
    private const int DigitBits = 8;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const int FirstPass = 32 / DigitBits; // LSD passes cover the upper 32 bits only
    private const int InsertionSortMax = 32;
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
                for (var p = FirstPass; p < Passes; p++) counts[p * Buckets + (int)((key >> (p * DigitBits)) & (Buckets - 1))]++;
            }
            if (n == 0) return 0;

            Span<ulong> source = keys[..n];
            Span<ulong> target = scratch.AsSpan(0, n);
            for (var p = FirstPass; p < Passes; p++)
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
            FinishRuns(source);
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

    /// <summary>Sorts each run of keys whose upper 32 bits are equal by the full key.</summary>
    private static void FinishRuns(Span<ulong> keys)
    {
        var start = 0;
        while (start < keys.Length)
        {
            var high = keys[start] >> 32;
            var end = start + 1;
            while (end < keys.Length && keys[end] >> 32 == high) end++;
            var run = keys[start..end];
            if (run.Length > InsertionSortMax)
            {
                if (!IsSorted(run)) run.Sort();
            }
            else
            {
                for (var i = 1; i < run.Length; i++)
                {
                    var k = run[i];
                    var j = i - 1;
                    while (j >= 0 && run[j] > k)
                    {
                        run[j + 1] = run[j];
                        j--;
                    }
                    run[j + 1] = k;
                }
            }
            start = end;
        }
    }

    private static bool IsSorted(ReadOnlySpan<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
            if (keys[i] < keys[i - 1]) return false;
        return true;
    }
}
