namespace Vigil.Core.Audit;

/// <summary>
/// Disparities of one grouping, in three families whose names never overlap in meaning:
/// <list type="bullet">
/// <item><b>between_groups</b> (Fairlearn, method="between_groups"): difference = max − min of the metric
/// over the groups, ratio = min / max.</item>
/// <item><b>to_overall</b> (Fairlearn, method="to_overall"): difference = max over groups of
/// |metric(group) − metric(overall)|, ratio = min over groups of min(m_g / m_o, m_o / m_g).</item>
/// <item><b>vs_reference</b> (AIF360): unprivileged − privileged (or unprivileged / privileged), where the
/// privileged group is the reference group and the unprivileged group is every other row pooled.</item>
/// </list>
/// The Fairlearn metrics are demographic parity (selection rate), equal opportunity (TPR), equalized odds
/// (difference: the larger of the TPR and FPR differences; ratio: the smaller of the two ratios, Fairlearn's
/// agg="worst_case"; when one of the two is undefined, the other, see <see cref="WorstDefined"/>), and FNR and
/// FPR (Fairlearn's generated false_negative_rate_difference etc.).
/// Groups where a metric is undefined are left out of its difference and ratio.
/// </summary>
public static class Disparities
{
    public static readonly string[] BetweenGroupNames =
    [
        "demographic_parity_difference", "demographic_parity_ratio",
        "equalized_odds_difference", "equalized_odds_ratio",
        "equal_opportunity_difference", "equal_opportunity_ratio",
        "false_negative_rate_difference", "false_negative_rate_ratio",
        "false_positive_rate_difference", "false_positive_rate_ratio",
        "smoothed_empirical_differential_fairness",
    ];

    public static readonly string[] ToOverallNames = BetweenGroupNames[..^1];

    public static readonly string[] VsReferenceNames =
    [
        "statistical_parity_difference", "disparate_impact",
        "equal_opportunity_difference", "average_odds_difference", "average_abs_odds_difference",
        "error_rate_difference", "error_rate_ratio",
        "false_negative_rate_difference", "false_negative_rate_ratio",
        "false_positive_rate_difference", "false_positive_rate_ratio",
        "false_omission_rate_difference", "false_discovery_rate_difference",
        "between_group_theil_index", "between_group_generalized_entropy_index",
    ];

    /// <summary>
    /// Fills the three families for the groups [first, first + count) of <paramref name="table"/>.
    /// <paramref name="metrics"/> holds every group's metrics (global group g at g·<see cref="GroupMetrics.Count"/>;
    /// group 0 is the whole population). NaN marks an undefined value.
    /// </summary>
    public static void Compute(GroupTable table, ReadOnlySpan<double> metrics, int first, int count, int reference,
        AuditOptions options, Span<double> between, Span<double> toOverall, Span<double> vsReference)
    {
        Span<int> bases = [(int)GroupMetric.SelectionRate, (int)GroupMetric.Tpr, (int)GroupMetric.Fnr, (int)GroupMetric.Fpr];
        Span<double> diff = stackalloc double[4];
        Span<double> ratio = stackalloc double[4];
        Span<double> diffOverall = stackalloc double[4];
        Span<double> ratioOverall = stackalloc double[4];
        for (var k = 0; k < 4; k++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, worstGap = double.NaN, worstRatio = double.NaN;
            var overall = metrics[bases[k]];
            for (var g = first; g < first + count; g++)
            {
                var v = metrics[g * GroupMetrics.Count + bases[k]];
                if (double.IsNaN(v)) continue;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                var gap = Math.Abs(v - overall);
                worstGap = double.IsNaN(worstGap) ? gap : Math.Max(worstGap, gap);
                var r = v / overall;
                r = Math.Min(r, 1 / r);
                worstRatio = double.IsNaN(worstRatio) ? r : Math.Min(worstRatio, r);
            }
            var any = max >= min;
            diff[k] = any ? max - min : double.NaN;
            ratio[k] = any && max > 0 ? min / max : double.NaN;
            diffOverall[k] = double.IsNaN(overall) ? double.NaN : worstGap;
            ratioOverall[k] = double.IsNaN(overall) ? double.NaN : worstRatio;
        }
        WriteFairlearn(between, diff, ratio);
        WriteFairlearn(toOverall, diffOverall, ratioOverall);
        between[10] = SmoothedEmpiricalDifferentialFairness(table, first, count, options.SedfConcentration);

        // AIF360: privileged = reference group, unprivileged = every other row of the population.
        long pTp = table.Tp[reference], pFp = table.Fp[reference], pTn = table.Tn[reference], pFn = table.Fn[reference];
        long uTp = table.Tp[0] - pTp, uFp = table.Fp[0] - pFp, uTn = table.Tn[0] - pTn, uFn = table.Fn[0] - pFn;
        var srU = Rate(uTp + uFp, uTp + uFp + uTn + uFn);
        var srP = Rate(pTp + pFp, pTp + pFp + pTn + pFn);
        var tprU = Rate(uTp, uTp + uFn);
        var tprP = Rate(pTp, pTp + pFn);
        var fprU = Rate(uFp, uFp + uTn);
        var fprP = Rate(pFp, pFp + pTn);
        var errU = Rate(uFp + uFn, uTp + uFp + uTn + uFn);
        var errP = Rate(pFp + pFn, pTp + pFp + pTn + pFn);
        var fnrU = Rate(uFn, uTp + uFn);
        var fnrP = Rate(pFn, pTp + pFn);
        vsReference[0] = srU - srP;
        vsReference[1] = Divide(srU, srP);
        vsReference[2] = tprU - tprP;
        vsReference[3] = 0.5 * ((fprU - fprP) + (tprU - tprP));
        vsReference[4] = 0.5 * (Math.Abs(fprU - fprP) + Math.Abs(tprU - tprP));
        vsReference[5] = errU - errP;
        vsReference[6] = Divide(errU, errP);
        vsReference[7] = fnrU - fnrP;
        vsReference[8] = Divide(fnrU, fnrP);
        vsReference[9] = fprU - fprP;
        vsReference[10] = Divide(fprU, fprP);
        vsReference[11] = Rate(uFn, uFn + uTn) - Rate(pFn, pFn + pTn);
        vsReference[12] = Rate(uFp, uFp + uTp) - Rate(pFp, pFp + pTp);
        ReadOnlySpan<long> tp = [pTp, uTp], fp = [pFp, uFp], tn = [pTn, uTn], fn = [pFn, uFn];
        vsReference[13] = InequalityIndices.BetweenGroups(tp, fp, tn, fn, 1);
        vsReference[14] = InequalityIndices.BetweenGroups(tp, fp, tn, fn, options.GeneralizedEntropyAlpha);
    }

    /// <summary>
    /// AIF360's smoothed_empirical_differential_fairness on the predictions (Foulds et al. 2020): with the
    /// Dirichlet-smoothed selection rate of each group s_g = (predicted positives_g + c/2) / (n_g + c), c the
    /// concentration and 2 the number of OUTCOMES (positive, negative) whether or not both were predicted, the
    /// largest over group pairs of max(|ln s_i − ln s_j|, |ln(1 − s_i) − ln(1 − s_j)|). With c &gt; 0 every s_g
    /// lies strictly inside (0, 1), so the value is finite even when every prediction is positive (groups of 2
    /// and 3 rows, all predicted 1: s = 2.5/3 and 3.5/4, value ln(⅙ / ⅛) = ln 4/3). Undefined with fewer than
    /// two groups.
    /// </summary>
    public static double SmoothedEmpiricalDifferentialFairness(GroupTable table, int first, int count, double concentration)
    {
        if (count < 2) return double.NaN;
        const int Outcomes = 2; // binary outcome: the smoothing is over both outcomes, predicted or not
        var alpha = concentration / Outcomes;
        double minS = double.PositiveInfinity, maxS = double.NegativeInfinity;
        for (var g = first; g < first + count; g++)
        {
            var s = (table.Tp[g] + table.Fp[g] + alpha) / (table.N(g) + concentration);
            minS = Math.Min(minS, s);
            maxS = Math.Max(maxS, s);
        }
        return Math.Max(Math.Log(maxS) - Math.Log(minS), Math.Log(1 - minS) - Math.Log(1 - maxS));
    }

    private static void WriteFairlearn(Span<double> target, ReadOnlySpan<double> diff, ReadOnlySpan<double> ratio)
    {
        target[0] = diff[0];
        target[1] = ratio[0];
        target[2] = WorstDefined(diff[1], diff[3], larger: true);
        target[3] = WorstDefined(ratio[1], ratio[3], larger: false);
        target[4] = diff[1];
        target[5] = ratio[1];
        target[6] = diff[2];
        target[7] = ratio[2];
        target[8] = diff[3];
        target[9] = ratio[3];
    }

    /// <summary>
    /// Equalized odds from its TPR and FPR components: the worse of the two (larger difference, smaller ratio);
    /// when one component is undefined (e.g. no group has a positive, so the TPR condition is vacuous) the
    /// defined one is the answer, as Fairlearn's max over its two differences gives; NaN only when both are.
    /// </summary>
    public static double WorstDefined(double tprPart, double fprPart, bool larger)
    {
        if (double.IsNaN(tprPart)) return fprPart;
        if (double.IsNaN(fprPart)) return tprPart;
        return larger ? Math.Max(tprPart, fprPart) : Math.Min(tprPart, fprPart);
    }

    private static double Rate(long numerator, long denominator) =>
        denominator > 0 ? (double)numerator / denominator : double.NaN;

    private static double Divide(double a, double b) => b != 0 && !double.IsNaN(a) && !double.IsNaN(b) ? a / b : double.NaN;
}
