using System.Text;

namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Adds pending-bin counts into <see cref="PendingBin"/>s in process, one stored bin (or one raw row) at a time without
/// allocating per row: the key (bucket, cell, alert, score bin) is packed into one 64-bit integer (cells numbered as
/// they first appear, looked up from their UTF-8 bytes through a reused character buffer), the count and fixed-point
/// score sum kept in an open-addressing table (<see cref="PackedBinTable"/>) updated in place. Counts may be added with
/// a negative sign (a day's bin less its hours outside the period). A bin's mean score is its sum of
/// <see cref="Store.WindowDeltas.Nano"/>(score) over its count (<see cref="Mean"/>): exact and independent of the order
/// the predictions were counted in, and within 5e-10 of the mean of the raw doubles.
/// </summary>
internal sealed class PendingBinCounter
{
    private const int BinBits = 11; // bins 0..1000
    private const int CellBits = 20;

    private readonly long _fromMs;
    private readonly long _bucketMs;
    private readonly Dictionary<string, int> _cellIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _cellLookup;
    private readonly List<string> _cells = [];
    private readonly PackedBinTable _bins = new();
    private char[] _chars = new char[64];

    /// <summary>A counter of buckets of <paramref name="bucketMs"/> from <paramref name="fromMs"/>.</summary>
    public PendingBinCounter(long fromMs, long bucketMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        _fromMs = fromMs;
        _bucketMs = bucketMs;
        _cellLookup = _cellIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Pending predictions counted so far (the signed counts added up).</summary>
    public long Rows { get; private set; }

    /// <summary>The mean score of a bin of <paramref name="count"/> predictions whose fixed-point scores sum to <paramref name="sumNano"/>.</summary>
    public static double Mean(long sumNano, long count) => sumNano / Store.WindowDeltas.ScoreScale / count;

    /// <summary>
    /// Adds <paramref name="count"/> predictions with score sum <paramref name="sumNano"/> to bucket
    /// <paramref name="bucket"/> (0, 1, ... from the counter's start), its cell given as UTF-8.
    /// </summary>
    public void Add(ReadOnlySpan<byte> cellUtf8, long bucket, bool alert, int bin, long count, long sumNano)
    {
        var length = Encoding.UTF8.GetMaxCharCount(cellUtf8.Length);
        if (length > _chars.Length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(cellUtf8, _chars));
        if (!_cellLookup.TryGetValue(chars, out var cell))
            cell = NewCell(new string(chars));
        Add(bucket, cell, alert, bin, count, sumNano);
    }

    /// <summary>Adds <paramref name="count"/> predictions with score sum <paramref name="sumNano"/> to bucket <paramref name="bucket"/>.</summary>
    public void Add(string cell, long bucket, bool alert, int bin, long count, long sumNano)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!_cellIndex.TryGetValue(cell, out var index))
            index = NewCell(cell);
        Add(bucket, index, alert, bin, count, sumNano);
    }

    /// <summary>Counts one pending prediction of hour <paramref name="hourMs"/> (≥ the counter's start): the plain recount.</summary>
    public void Add(long hourMs, string cell, bool alert, double score) =>
        Add(cell, (hourMs - _fromMs) / _bucketMs, alert, Store.PendingBinDeltas.BinOf(score), 1, Store.WindowDeltas.Nano(score));

    private int NewCell(string name)
    {
        var cell = _cells.Count;
        if (cell >= 1 << CellBits) throw new InvalidOperationException($"more than {1 << CellBits} cells among the pending predictions");
        _cellIndex[name] = cell;
        _cells.Add(name);
        return cell;
    }

    private void Add(long bucket, int cell, bool alert, int bin, long count, long sumNano)
    {
        var key = (bucket << (CellBits + 1 + BinBits)) | ((long)cell << (1 + BinBits)) | (alert ? 1L << BinBits : 0) | (long)bin;
        _bins.Add(key, count, sumNano);
        Rows += count;
    }

    /// <summary>
    /// The bins with predictions, ordered by bucket, cell (ordinal), alert (false first) and score bin: the same order
    /// whatever the order they were added in. A negative count means the counts read were not of one snapshot.
    /// </summary>
    public List<PendingBin> ToBins()
    {
        // Renumber the cells in ordinal order so that sorting the packed keys sorts by (bucket, cell, alert, bin).
        var order = new int[_cells.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => string.CompareOrdinal(_cells[a], _cells[b]));
        var rank = new long[_cells.Count];
        for (var r = 0; r < order.Length; r++) rank[order[r]] = r;
        const long cellMask = (1L << CellBits) - 1;
        const long lowMask = (1L << (1 + BinBits)) - 1;
        var (keys, sums) = _bins.Entries();
        for (var k = 0; k < keys.Length; k++)
        {
            var cell = (keys[k] >> (1 + BinBits)) & cellMask;
            keys[k] = (keys[k] & ~(cellMask << (1 + BinBits))) | (rank[cell] << (1 + BinBits));
        }
        Array.Sort(keys, sums);
        var result = new List<PendingBin>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var (count, sum) = sums[i];
            if (count < 0) throw new InvalidDataException($"a pending bin's count is {count}: the pending-bin counts read are inconsistent");
            if (count == 0) continue;
            var key = keys[i];
            var bucket = key >> (CellBits + 1 + BinBits);
            var cell = _cells[order[(int)((key >> (1 + BinBits)) & cellMask)]];
            var alert = (key & lowMask) >> BinBits != 0;
            result.Add(new PendingBin(_fromMs + bucket * _bucketMs, cell, alert, Mean(sum, count), count));
        }
        return result;
    }
}
