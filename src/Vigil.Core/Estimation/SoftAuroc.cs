namespace Vigil.Core.Estimation;

/// <summary>
/// The expected AUROC when outcomes are unknown but each row is positive with probability pᵢ (soft labels):
/// AUROC = Σ_{i≠j} pᵢ(1 − pⱼ)·[H(sᵢ − sⱼ)] / Σ_{i≠j} pᵢ(1 − pⱼ), H(t) = 1 for t &gt; 0, ½ for t = 0, 0 else; the
/// denominator is (Σp)(Σ(1 − p)) − Σ pᵢ(1 − pᵢ). Computed in O(n log n) by sorting the scores. With 0/1 labels it is
/// the ordinary (Mann–Whitney) AUROC. NaN when the denominator is 0.
/// </summary>
public static class SoftAuroc
{
    /// <summary>The soft-label AUROC of <paramref name="scores"/> with positive-probabilities <paramref name="probability"/>.</summary>
    public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<double> probability)
    {
        var n = scores.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return ComputeSorted(keys, order, probability);
    }

    /// <summary>As <see cref="Compute"/> with the scores already sorted (<paramref name="sortedScores"/>[k] = score of row <paramref name="order"/>[k]).</summary>
    public static double ComputeSorted(ReadOnlySpan<double> sortedScores, ReadOnlySpan<int> order, ReadOnlySpan<double> probability)
    {
        double numerator = 0, negativesBelow = 0, sumP = 0, sumQ = 0, self = 0;
        var k = 0;
        var n = order.Length;
        while (k < n)
        {
            var end = k;
            while (end + 1 < n && sortedScores[end + 1] == sortedScores[k]) end++;
            double tieP = 0, tieQ = 0, tieSelf = 0;
            for (var t = k; t <= end; t++)
            {
                var p = probability[order[t]];
                tieP += p;
                tieQ += 1 - p;
                tieSelf += p * (1 - p);
            }
            // Pairs with a lower-scored negative count 1; pairs within the tie ½ (excluding each row with itself).
            numerator += tieP * negativesBelow + 0.5 * (tieP * tieQ - tieSelf);
            negativesBelow += tieQ;
            sumP += tieP;
            sumQ += tieQ;
            self += tieSelf;
            k = end + 1;
        }
        var denominator = sumP * sumQ - self;
        return denominator > 0 ? numerator / denominator : double.NaN;
    }
}
