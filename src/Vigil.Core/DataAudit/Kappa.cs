namespace Vigil.Core.DataAudit;

/// <summary>Chance-corrected agreement between annotators of the same items.</summary>
public static class Kappa
{
    /// <summary>
    /// Cohen's kappa (Cohen 1960) for two raters over the items where both gave a category:
    /// κ = (p_o − p_e) / (1 − p_e), with p_o the share of items on which they agree and
    /// p_e = Σ_c p_A(c)·p_B(c) the agreement expected from each rater's own marginal shares.
    /// Codes are 0..<paramref name="categories"/>−1; an item where either code is negative (missing) is
    /// skipped. Undefined (null with a reason) with no items, or when p_e = 1 (both raters used one and
    /// the same category for every item, so agreement beyond chance cannot be measured).
    /// </summary>
    public static Metric Cohen(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int categories)
    {
        if (a.Length != b.Length) throw new ArgumentException("the two raters must rate the same items", nameof(b));
        var marginalA = new long[categories];
        var marginalB = new long[categories];
        long agree = 0, n = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] < 0 || b[i] < 0) continue;
            marginalA[a[i]]++;
            marginalB[b[i]]++;
            if (a[i] == b[i]) agree++;
            n++;
        }
        if (n == 0) return Metric.Undefined("no item rated by both annotators");
        var po = (double)agree / n;
        var pe = 0.0;
        for (var c = 0; c < categories; c++) pe += (double)marginalA[c] / n * ((double)marginalB[c] / n);
        if (pe >= 1) return Metric.Undefined("both annotators gave every item the same single category (chance agreement is 1)");
        return Metric.Of((po - pe) / (1 - pe));
    }

    /// <summary>
    /// Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters", Psychol. Bull.
    /// 76:378) for N items each rated by the same number m ≥ 2 of raters; <paramref name="counts"/> holds
    /// n_ij, how many raters put item i in category j, row-major (N × k). With P_i = (Σ_j n_ij² − m) /
    /// (m(m − 1)), P̄ = mean P_i, p_j = Σ_i n_ij / (N m) and P̄_e = Σ_j p_j²: κ = (P̄ − P̄_e) / (1 − P̄_e).
    /// Undefined with no items, when an item does not have exactly m ratings, or when P̄_e = 1 (every
    /// rating in one category).
    /// </summary>
    public static Metric Fleiss(ReadOnlySpan<int> counts, int categories, int raters)
    {
        if (raters < 2) throw new ArgumentOutOfRangeException(nameof(raters), "Fleiss' kappa needs at least two raters");
        if (categories <= 0 || counts.Length % categories != 0) throw new ArgumentException("counts must be items × categories", nameof(counts));
        var items = counts.Length / categories;
        if (items == 0) return Metric.Undefined("no item rated by every annotator");
        var columnTotals = new double[categories];
        var sumP = 0.0;
        for (var i = 0; i < items; i++)
        {
            var row = counts.Slice(i * categories, categories);
            long total = 0, squares = 0;
            for (var j = 0; j < categories; j++)
            {
                total += row[j];
                squares += (long)row[j] * row[j];
                columnTotals[j] += row[j];
            }
            if (total != raters) return Metric.Undefined($"item {i + 1} has {total} ratings, expected {raters}");
            sumP += (double)(squares - raters) / ((double)raters * (raters - 1));
        }
        var pBar = sumP / items;
        var pe = 0.0;
        for (var j = 0; j < categories; j++)
        {
            var pj = columnTotals[j] / ((double)items * raters);
            pe += pj * pj;
        }
        if (pe >= 1) return Metric.Undefined("every rating is the same single category (chance agreement is 1)");
        return Metric.Of((pBar - pe) / (1 - pe));
    }
}
