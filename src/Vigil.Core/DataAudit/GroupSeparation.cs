namespace Vigil.Core.DataAudit;

/// <summary>How well one numeric feature alone tells a group apart from everyone else.</summary>
public static class GroupSeparation
{
    /// <summary>
    /// AUROC of the feature as a score for membership of each group (one-vs-rest): the probability that a
    /// random member of the group has a higher value than a random non-member, ties counting one half —
    /// the Mann–Whitney U / (n_g · n_rest), computed from mid-ranks in one sort. Rows with a NaN value or
    /// a negative code are ignored. Returns one AUROC per group; NaN for a group with no members or no
    /// non-members among the present values. 0.5 means the feature carries no information about the group;
    /// 0 or 1 means it separates the group perfectly (either direction).
    /// </summary>
    public static double[] OneVsRestAuroc(ReadOnlySpan<double> values, ReadOnlySpan<int> codes, int groups) =>
        OneVsRestAuroc(SortedFeature.Of(values.ToArray()), codes, groups);

    /// <summary>As above, from a column sorted once (<see cref="SortedFeature"/>): mid-ranks in one pass.</summary>
    internal static double[] OneVsRestAuroc(SortedFeature sorted, ReadOnlySpan<int> codes, int groups)
    {
        var values = sorted.Values;
        var rows = sorted.Rows;
        var keys = new double[values.Length];
        var members = new int[values.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var c = codes[rows[i]];
            if (c < 0) continue;
            keys[n] = values[i];
            members[n++] = c;
        }
        var rankSums = new double[groups];
        var counts = new long[groups];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            var midRank = (start + 1 + end) / 2.0; // 1-based ranks start+1..end
            for (var t = start; t < end; t++)
            {
                rankSums[members[t]] += midRank;
                counts[members[t]]++;
            }
            start = end;
        }
        var auroc = new double[groups];
        for (var g = 0; g < groups; g++)
        {
            var inGroup = counts[g];
            var rest = n - inGroup;
            auroc[g] = inGroup == 0 || rest == 0
                ? double.NaN
                : (rankSums[g] - inGroup * (inGroup + 1) / 2.0) / ((double)inGroup * rest);
        }
        return auroc;
    }
}
