namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Count and fixed-point score sum per (cell, bucket, alert, score bin) for a counter of few buckets
/// (<see cref="PendingBinCounter"/>): one block of <see cref="BlockEntries"/> entries (alert false bins 0..1000, then
/// alert true) per (cell, bucket) that holds a prediction, addressed directly, so adding a row is an index computation and
/// two additions (no hashing) and the entries come out in key order without a sort. A day's stored bins of one cell fill
/// most of a block, which is why a status (one bucket) or a daily series (30) is counted here; a sparse or wide count (an
/// hourly series, many cells) would waste blocks, so <see cref="TryAdd"/> refuses a bucket outside the table or a block
/// beyond <see cref="MaxBlocks"/>, and the counter moves to its hash table.
/// </summary>
internal sealed class DenseBinTable
{
    /// <summary>Score bins per alert state (0..1000).</summary>
    public const int Bins = 1001;

    /// <summary>Entries per (cell, bucket) block: both alert states.</summary>
    public const int BlockEntries = 2 * Bins;

    /// <summary>The most buckets a dense table is made for.</summary>
    public const int MaxBuckets = 64;

    /// <summary>The most blocks held (32 MB of counts and sums); one more moves the counter to its hash table.</summary>
    public const int MaxBlocks = 1024;

    private readonly int _buckets;
    private readonly List<long[]> _blocks = [];
    private int[] _blockOf; // [cell × buckets + bucket] = block number + 1; 0 = no block yet

    /// <summary>A table of buckets 0 .. <paramref name="buckets"/> − 1.</summary>
    public DenseBinTable(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buckets, MaxBuckets);
        _buckets = buckets;
        _blockOf = new int[8 * buckets];
    }

    /// <summary>Buckets of the table.</summary>
    public int Buckets => _buckets;

    /// <summary>
    /// Adds <paramref name="count"/> predictions with score sum <paramref name="sumNano"/> to the entry, or returns false
    /// (and changes nothing) when the bucket or bin lies outside the table or the entry would need a block beyond
    /// <see cref="MaxBlocks"/>.
    /// </summary>
    public bool TryAdd(int cell, long bucket, bool alert, int bin, long count, long sumNano)
    {
        if ((ulong)bucket >= (ulong)_buckets || (uint)bin >= Bins) return false;
        var at = (cell * _buckets) + (int)bucket;
        if (at >= _blockOf.Length) Array.Resize(ref _blockOf, Math.Max(at + 1, _blockOf.Length * 2));
        var b = _blockOf[at] - 1;
        if (b < 0)
        {
            if (_blocks.Count == MaxBlocks) return false;
            // Each block its own array of 32 KB: below the large-object heap's 85 KB, and never copied as the table grows.
            _blocks.Add(new long[2 * BlockEntries]);
            b = _blocks.Count - 1;
            _blockOf[at] = b + 1;
        }
        var block = _blocks[b];
        var i = 2 * ((alert ? Bins : 0) + bin);
        block[i] += count;
        block[i + 1] += sumNano;
        return true;
    }

    /// <summary>The block of (<paramref name="cell"/>, <paramref name="bucket"/>): its counts and sums interleaved, empty when it has none.</summary>
    public ReadOnlySpan<long> Block(int cell, int bucket)
    {
        var at = (cell * _buckets) + bucket;
        var b = at < _blockOf.Length ? _blockOf[at] - 1 : -1;
        return b < 0 ? [] : _blocks[b];
    }

    /// <summary>Every entry with a count or a sum, for a move to the hash table: (cell, bucket, alert, bin, count, sum).</summary>
    public IEnumerable<(int Cell, int Bucket, bool Alert, int Bin, long Count, long SumNano)> Entries()
    {
        for (var at = 0; at < _blockOf.Length; at++)
        {
            if (_blockOf[at] == 0) continue;
            var block = _blocks[_blockOf[at] - 1];
            for (var e = 0; e < BlockEntries; e++)
            {
                if (block[2 * e] != 0 || block[(2 * e) + 1] != 0)
                    yield return (at / _buckets, at % _buckets, e >= Bins, e % Bins, block[2 * e], block[(2 * e) + 1]);
            }
        }
    }
}
