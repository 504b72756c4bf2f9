namespace Vigil.Core.Statistics;

/// <summary>
/// The four counts of a binary decision against a binary outcome, the one confusion-count type in Vigil (thresholds,
/// model performance, mitigation's per-group evaluation). Counts of disjoint row sets add: the overall counts are the
/// sum of the groups' (<c>a + b</c>).
/// </summary>
/// <param name="Tp">Flagged and positive.</param>
/// <param name="Fp">Flagged and negative.</param>
/// <param name="Tn">Not flagged and negative.</param>
/// <param name="Fn">Not flagged and positive.</param>
public readonly record struct ConfusionCounts(long Tp, long Fp, long Tn, long Fn)
{
    /// <summary>Rows: TP + FP + TN + FN.</summary>
    public long N => Tp + Fp + Tn + Fn;

    /// <summary>Rows with the positive outcome: TP + FN.</summary>
    public long Positives => Tp + Fn;

    /// <summary>Rows with the negative outcome: TN + FP.</summary>
    public long Negatives => Tn + Fp;

    /// <summary>The counts of the union of two disjoint row sets.</summary>
    public static ConfusionCounts operator +(ConfusionCounts a, ConfusionCounts b) =>
        new(a.Tp + b.Tp, a.Fp + b.Fp, a.Tn + b.Tn, a.Fn + b.Fn);

    /// <summary>The counts of the union of two disjoint row sets (the named form of <c>+</c>).</summary>
    public static ConfusionCounts Add(ConfusionCounts left, ConfusionCounts right) => left + right;

    /// <summary>Counts at a threshold: a row is flagged when its score ≥ <paramref name="threshold"/>.</summary>
    public static ConfusionCounts At(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var flagged = scores[i] >= threshold;
            if (positive[i])
            {
                if (flagged) tp++;
                else fn++;
            }
            else if (flagged)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>
    /// Per-group counts from a flat tally laid out [group·4 + cell] with cell = 2·outcome + decision (TN, FP, FN, TP),
    /// the layout a row loop can increment without branching.
    /// </summary>
    public static ConfusionCounts[] FromCells(ReadOnlySpan<long> cells, int groups)
    {
        var result = new ConfusionCounts[groups];
        for (var g = 0; g < groups; g++)
            result[g] = new ConfusionCounts(cells[g * 4 + 3], cells[g * 4 + 1], cells[g * 4], cells[g * 4 + 2]);
        return result;
    }
}
