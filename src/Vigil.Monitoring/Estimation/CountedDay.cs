namespace Vigil.Monitoring.Estimation;

/// <summary>
/// One UTC day's stored pending-bin counts of day grain, added up over the versions read
/// (<see cref="PendingBinCounter.ToCountedDay"/>), kept by <see cref="PendingDayCache"/> and added into a period's
/// counter (<see cref="PendingBinCounter.AddDay"/>) instead of reading the day's rows again. Immutable once built, so
/// concurrent readers share it. Entry e of a row is its alert and score bin as in a <see cref="DenseBinTable"/> block
/// (alert × 1001 + bin).
/// </summary>
internal sealed class CountedDay
{
    public CountedDay(string[] cells, int[] cell, int[] entry, long[] count, long[] sumNano)
    {
        Cells = cells;
        Cell = cell;
        Entry = entry;
        Count = count;
        SumNano = sumNano;
    }

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
}
