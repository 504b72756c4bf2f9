namespace Vigil.Monitoring.Estimation;

/// <summary>
/// One UTC day's stored pending-bin counts of day grain, added up over the versions read
/// (<see cref="PendingBinCounter.ToCountedDay"/>), kept by <see cref="PendingDayCache"/> and added into a period's
/// counter (<see cref="PendingBinCounter.AddDay"/>) instead of reading the day's rows again. Immutable once built, so
/// concurrent readers share it. Entry e of a row is its alert and score bin as in a <see cref="DenseBinTable"/> block
/// (alert × 1001 + bin). A daily series whose bucket is the day takes the day's bins as they are (<see cref="Bins"/>).
/// </summary>
internal sealed class CountedDay
{
    private PendingBin[]? _bins;

    public CountedDay(long dayMs, string[] cells, int[] cell, int[] entry, long[] count, long[] sumNano)
    {
        DayMs = dayMs;
        Cells = cells;
        Cell = cell;
        Entry = entry;
        Count = count;
        SumNano = sumNano;
    }

    /// <summary>Start of the day, Unix ms (UTC midnight).</summary>
    public long DayMs { get; }

    /// <summary>The day's cells; <see cref="Cell"/> indexes them.</summary>
    public string[] Cells { get; }

    /// <summary>Per row: the index of its cell in <see cref="Cells"/>.</summary>
    public int[] Cell { get; }

    /// <summary>Per row: alert × 1001 + score bin.</summary>
    public int[] Entry { get; }

    /// <summary>Per row: the pending predictions.</summary>
    public long[] Count { get; }

    /// <summary>Per row: their fixed-point score sum.</summary>
    public long[] SumNano { get; }

    /// <summary>Rows held.</summary>
    public int Rows => Cell.Length;

    /// <summary>
    /// The day's pending bins as a bucket starting at the day's own start holds them, ordered as
    /// <see cref="PendingBinCounter.ToBins"/> orders a bucket's bins (cell ordinal, alert false first, score bin): what
    /// counting the day alone in a daily counter gives. Built on the first call and shared after it (the day is
    /// immutable), so a series that repeats hands on the same array instead of counting the day's bins again.
    /// </summary>
    public PendingBin[] Bins()
    {
        var bins = Volatile.Read(ref _bins);
        if (bins is not null) return bins;
        bins = BuildBins();
        Volatile.Write(ref _bins, bins);
        return bins;
    }

    private PendingBin[] BuildBins()
    {
        var rank = CellOrder.Of(Cells).Rank;
        var keys = new List<long>(Rows);
        var rows = new List<int>(Rows);
        for (var i = 0; i < Rows; i++)
        {
            if (Count[i] < 0) throw new InvalidDataException($"a pending bin's count is {Count[i]}: the pending-bin counts read are inconsistent");
            if (Count[i] == 0) continue;
            keys.Add(((long)rank[Cell[i]] * DenseBinTable.BlockEntries) + Entry[i]);
            rows.Add(i);
        }
        var (sortKeys, sorted) = (keys.ToArray(), rows.ToArray());
        Array.Sort(sortKeys, sorted);
        var result = new PendingBin[sorted.Length];
        for (var j = 0; j < sorted.Length; j++)
        {
            var i = sorted[j];
            result[j] = new PendingBin(DayMs, Cells[Cell[i]], Entry[i] >= DenseBinTable.Bins, PendingBinCounter.Mean(SumNano[i], Count[i]), Count[i]);
        }
        return result;
    }
}
