using System.Text;

namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Adds pending-bin counts into <see cref="PendingBin"/>s in process, one stored bin (or one raw row) at a time without
/// allocating per row: cells are numbered as they first appear, looked up from their UTF-8 bytes through a reused
/// character buffer (skipped while the rows keep to one cell, as the stored bins do in key order). A counter told its
/// number of buckets (at most <see cref="DenseBinTable.MaxBuckets"/>: a status, a daily series) adds into a
/// <see cref="DenseBinTable"/>, addressed directly and read out in key order; otherwise, or once that table refuses an
/// entry (too many cells), the key (bucket, cell, alert, score bin) is packed into one 64-bit integer and the count and
/// fixed-point score sum kept in an open-addressing table (<see cref="PackedBinTable"/>) updated in place. Both give the
/// same bins. Counts may be added with
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
    private DenseBinTable? _dense;
    private char[] _chars = new char[64];
    private byte[] _lastUtf8 = new byte[64];
    private int _lastUtf8Length = -1;
    private int _lastCell;

    /// <summary>
    /// A counter of buckets of <paramref name="bucketMs"/> from <paramref name="fromMs"/>; <paramref name="buckets"/>, when
    /// known (the period's bucket count), lets a counter of few buckets add into a <see cref="DenseBinTable"/>.
    /// </summary>
    public PendingBinCounter(long fromMs, long bucketMs, int buckets = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        ArgumentOutOfRangeException.ThrowIfNegative(buckets);
        _fromMs = fromMs;
        _bucketMs = bucketMs;
        _cellLookup = _cellIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (buckets is > 0 and <= DenseBinTable.MaxBuckets) _dense = new DenseBinTable(buckets);
    }

    /// <summary>Whether the counts are kept in the dense table (false once it refused an entry, or when never given one).</summary>
    public bool Dense => _dense is not null;

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
        if (_lastUtf8Length < 0 || !cellUtf8.SequenceEqual(_lastUtf8.AsSpan(0, _lastUtf8Length)))
        {
            var length = Encoding.UTF8.GetMaxCharCount(cellUtf8.Length);
            if (length > _chars.Length) _chars = new char[Math.Max(length, _chars.Length * 2)];
            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(cellUtf8, _chars));
            if (!_cellLookup.TryGetValue(chars, out _lastCell))
                _lastCell = NewCell(new string(chars));
            if (cellUtf8.Length > _lastUtf8.Length) _lastUtf8 = new byte[Math.Max(cellUtf8.Length, _lastUtf8.Length * 2)];
            cellUtf8.CopyTo(_lastUtf8);
            _lastUtf8Length = cellUtf8.Length;
        }
        Add(bucket, _lastCell, alert, bin, count, sumNano);
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

    /// <summary>
    /// Adds a counted day (<see cref="CountedDay"/>) to bucket <paramref name="bucket"/>, its counts and sums multiplied by
    /// <paramref name="sign"/>: what adding the day's stored rows one by one would add.
    /// </summary>
    public void AddDay(CountedDay day, long bucket, int sign)
    {
        ArgumentNullException.ThrowIfNull(day);
        var cells = new int[day.Cells.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            if (!_cellIndex.TryGetValue(day.Cells[c], out cells[c]))
                cells[c] = NewCell(day.Cells[c]);
        }
        for (var i = 0; i < day.Rows; i++)
        {
            var e = day.Entry[i];
            Add(bucket, cells[day.Cell[i]], e >= DenseBinTable.Bins, e % DenseBinTable.Bins, sign * day.Count[i], sign * day.SumNano[i]);
        }
    }

    /// <summary>
    /// The counts of bucket 0 as a <see cref="CountedDay"/> (a counter of one day's rows: <see cref="PendingBinCounter"/>
    /// from the day's start, one bucket of a day), every entry with a count or a sum, by cell (first seen), alert and bin.
    /// </summary>
    public CountedDay ToCountedDay()
    {
        var (cell, entry, count, sum) = (new List<int>(), new List<int>(), new List<long>(), new List<long>());
        if (_dense is not null)
        {
            for (var c = 0; c < _cells.Count; c++)
            {
                var block = _dense.Block(c, 0);
                for (var e = 0; e < block.Length / 2; e++)
                {
                    if (block[2 * e] == 0 && block[(2 * e) + 1] == 0) continue;
                    cell.Add(c);
                    entry.Add(e);
                    count.Add(block[2 * e]);
                    sum.Add(block[(2 * e) + 1]);
                }
            }
        }
        else
        {
            var (keys, sums) = _bins.Entries();
            for (var k = 0; k < keys.Length; k++)
            {
                var (bucket, c, alert, bin) = Unpack(keys[k]);
                if (bucket != 0) throw new InvalidOperationException("a counted day holds one bucket");
                if (sums[k].Count == 0 && sums[k].SumNano == 0) continue;
                if (bin >= DenseBinTable.Bins) throw new InvalidDataException($"a pending bin's score bin is {bin}: expected 0..{DenseBinTable.Bins - 1}");
                cell.Add(c);
                entry.Add((alert ? DenseBinTable.Bins : 0) + bin);
                count.Add(sums[k].Count);
                sum.Add(sums[k].SumNano);
            }
        }
        return new CountedDay(_fromMs, [.. _cells], [.. cell], [.. entry], [.. count], [.. sum]);
    }

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
        Rows += count;
        if (_dense is not null)
        {
            if (_dense.TryAdd(cell, bucket, alert, bin, count, sumNano)) return;
            MoveToHashTable();
        }
        _bins.Add(Key(bucket, cell, alert, bin), count, sumNano);
    }

    private static long Key(long bucket, int cell, bool alert, int bin) =>
        (bucket << (CellBits + 1 + BinBits)) | ((long)cell << (1 + BinBits)) | (alert ? 1L << BinBits : 0) | (long)bin;

    /// <summary>The parts of a packed key (<see cref="Key"/>).</summary>
    private static (long Bucket, int Cell, bool Alert, int Bin) Unpack(long key) =>
        (key >> (CellBits + 1 + BinBits), (int)((key >> (1 + BinBits)) & ((1L << CellBits) - 1)), ((key >> BinBits) & 1) != 0, (int)(key & ((1L << BinBits) - 1)));

    /// <summary>Moves the dense table's entries into the hash table, which takes every entry from then on.</summary>
    private void MoveToHashTable()
    {
        foreach (var (cell, bucket, alert, bin, count, sum) in _dense!.Entries())
            _bins.Add(Key(bucket, cell, alert, bin), count, sum);
        _dense = null;
    }

    /// <summary>
    /// The bins with predictions, ordered by bucket, cell (ordinal), alert (false first) and score bin: the same order
    /// whatever the order they were added in. A negative count means the counts read were not of one snapshot.
    /// </summary>
    public List<PendingBin> ToBins()
    {
        var cells = CellOrder.Of(_cells);
        return _dense is null ? FromHashTable(cells) : FromDenseTable(_dense, cells.Order);
    }

    /// <summary>The dense table's entries in key order: bucket, then cell (ordinal), then its block's alert and bin.</summary>
    private List<PendingBin> FromDenseTable(DenseBinTable dense, int[] order)
    {
        var bins = 0;
        for (var bucket = 0; bucket < dense.Buckets; bucket++)
        {
            foreach (var cell in order)
            {
                var block = dense.Block(cell, bucket);
                for (var e = 0; e < block.Length; e += 2) if (block[e] != 0) bins++;
            }
        }
        var result = new List<PendingBin>(bins);
        for (var bucket = 0; bucket < dense.Buckets; bucket++)
        {
            foreach (var cell in order)
            {
                var block = dense.Block(cell, bucket);
                for (var e = 0; e < block.Length / 2; e++)
                {
                    var count = block[2 * e];
                    if (count == 0) continue;
                    if (count < 0) throw new InvalidDataException($"a pending bin's count is {count}: the pending-bin counts read are inconsistent");
                    result.Add(new PendingBin(_fromMs + bucket * _bucketMs, _cells[cell], e >= DenseBinTable.Bins, Mean(block[(2 * e) + 1], count), count));
                }
            }
        }
        return result;
    }

    private List<PendingBin> FromHashTable(CellOrder cells)
    {
        // Renumber the cells in ordinal order so that sorting the packed keys sorts by (bucket, cell, alert, bin).
        var (order, rank) = (cells.Order, cells.Rank);
        var (keys, sums) = _bins.Entries();
        for (var k = 0; k < keys.Length; k++)
        {
            var (bucket, cell, alert, bin) = Unpack(keys[k]);
            keys[k] = Key(bucket, rank[cell], alert, bin);
        }
        Array.Sort(keys, sums);
        var result = new List<PendingBin>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var (count, sum) = sums[i];
            if (count < 0) throw new InvalidDataException($"a pending bin's count is {count}: the pending-bin counts read are inconsistent");
            if (count == 0) continue;
            var (bucket, ranked, alert, _) = Unpack(keys[i]);
            result.Add(new PendingBin(_fromMs + bucket * _bucketMs, _cells[order[ranked]], alert, Mean(sum, count), count));
        }
        return result;
    }
}
