using Vigil.Core.Statistics;

namespace Vigil.Core.Audit;

/// <summary>
/// AUROC and average precision of every group in one pass over rows sorted by descending score, with
/// ties handled as blocks (every row of equal score is one threshold), so the results equal
/// scikit-learn's roc_auc_score and average_precision_score.
/// </summary>
internal sealed class RankAccumulator
{
    private readonly long[] _positives;
    private readonly long[] _negatives;
    private readonly long[] _tpAbove;
    private readonly long[] _fpAbove;
    private readonly double[] _aucNumerator;
    private readonly double[] _averagePrecision;

    public RankAccumulator(GroupTable table)
    {
        var g = table.Groups;
        _positives = new long[g];
        _negatives = new long[g];
        for (var i = 0; i < g; i++)
        {
            _positives[i] = table.Tp[i] + table.Fn[i];
            _negatives[i] = table.Tn[i] + table.Fp[i];
        }
        _tpAbove = new long[g];
        _fpAbove = new long[g];
        _aucNumerator = new double[g];
        _averagePrecision = new double[g];
    }

    /// <summary>
    /// Adds a block of tied scores of group <paramref name="g"/> holding <paramref name="bp"/> positives
    /// and <paramref name="bn"/> negatives, below every block added before. Each positive in the block
    /// beats the negatives strictly below and ties with the block's negatives (worth ½); average precision
    /// gains (bp / P)·precision at this threshold (summed as bp·precision, divided by P at the end).
    /// </summary>
    public void AddBlock(int g, long bp, long bn)
    {
        var below = _negatives[g] - _fpAbove[g] - bn;
        _aucNumerator[g] += bp * (below + 0.5 * bn);
        _tpAbove[g] += bp;
        _fpAbove[g] += bn;
        if (bp > 0)
            _averagePrecision[g] += bp * ((double)_tpAbove[g] / (_tpAbove[g] + _fpAbove[g]));
    }

    public void WriteTo(GroupTable table)
    {
        for (var g = 0; g < table.Groups; g++)
        {
            var pairs = (double)_positives[g] * _negatives[g];
            table.Auroc[g] = pairs > 0 ? _aucNumerator[g] / pairs : double.NaN;
            // Σ bp·precision / P rather than Σ (bp/P)·precision: a perfect ranking gives exactly 1.
            table.Auprc[g] = _positives[g] > 0 ? _averagePrecision[g] / _positives[g] : double.NaN;
        }
    }
}

internal static class RankStatistics
{
    /// <summary>
    /// Exact AUROC and AP per group. <paramref name="keys"/> are <see cref="RadixSort.DescendingKey"/>s sorted
    /// ascending; <paramref name="payload"/> holds compactCell·4 + label·2 + prediction for each sorted row, and
    /// <paramref name="weights"/> (null: 1 each) how many rows each sorted row stands for — a summary's rows, whose
    /// count is a block of tied scores like that many rows of the same score.
    /// </summary>
    public static void Exact(ReadOnlySpan<ulong> keys, ReadOnlySpan<int> payload, long[]? weights, GroupStructure groups, GroupTable table)
    {
        var acc = new RankAccumulator(table);
        var blockPos = new long[table.Groups];
        var blockNeg = new long[table.Groups];
        var touched = new int[table.Groups];
        var isTouched = new bool[table.Groups];
        var members = groups.Members;
        var m = groups.MembersPerCell;
        var i = 0;
        while (i < keys.Length)
        {
            var key = keys[i];
            if (i + 1 == keys.Length || keys[i + 1] != key)
            {
                // A score held by one row (the common case): no tie bookkeeping needed.
                var p = payload[i];
                var cellBase = (p >> 2) * m;
                var w = weights is null ? 1 : weights[i];
                long bp = ((p >> 1) & 1) * w, bn = w - bp;
                for (var k = 0; k < m; k++) acc.AddBlock(members[cellBase + k], bp, bn);
                i++;
                continue;
            }
            var touchedCount = 0;
            do
            {
                var p = payload[i];
                var cellBase = (p >> 2) * m;
                var positive = ((p >> 1) & 1) == 1;
                var w = weights is null ? 1 : weights[i];
                for (var k = 0; k < m; k++)
                {
                    var g = members[cellBase + k];
                    if (!isTouched[g])
                    {
                        isTouched[g] = true;
                        touched[touchedCount++] = g;
                    }
                    if (positive) blockPos[g] += w;
                    else blockNeg[g] += w;
                }
                i++;
            }
            while (i < keys.Length && keys[i] == key);

            for (var t = 0; t < touchedCount; t++)
            {
                var g = touched[t];
                acc.AddBlock(g, blockPos[g], blockNeg[g]);
                blockPos[g] = 0;
                blockNeg[g] = 0;
                isTouched[g] = false;
            }
        }
        acc.WriteTo(table);
    }

    /// <summary>
    /// AUROC and AP per group from score-bin histograms (index (g·bins + bin)·2 + label), treating each
    /// bin as one block of tied scores. Used by the bootstrap, where rows are resampled per bin.
    /// </summary>
    public static void Binned(ReadOnlySpan<long> histogram, int bins, GroupTable table)
    {
        var acc = new RankAccumulator(table);
        for (var g = 0; g < table.Groups; g++)
        {
            for (var b = bins - 1; b >= 0; b--)
            {
                var at = (g * bins + b) * 2;
                var bn = histogram[at];
                var bp = histogram[at + 1];
                if (bp != 0 || bn != 0) acc.AddBlock(g, bp, bn);
            }
        }
        acc.WriteTo(table);
    }
}
