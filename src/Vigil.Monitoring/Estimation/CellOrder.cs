namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Cells in ordinal string order, the order every list of pending bins is in: <see cref="Order"/>[r] is the index of
/// the r-th cell, <see cref="Rank"/>[i] the place of cell i. Packed keys whose cell part is the rank then sort by cell
/// name without a string comparison per bin.
/// </summary>
internal readonly record struct CellOrder(int[] Order, int[] Rank)
{
    public static CellOrder Of(IReadOnlyList<string> cells)
    {
        var order = new int[cells.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => string.CompareOrdinal(cells[a], cells[b]));
        var rank = new int[order.Length];
        for (var r = 0; r < order.Length; r++) rank[order[r]] = r;
        return new(order, rank);
    }
}
