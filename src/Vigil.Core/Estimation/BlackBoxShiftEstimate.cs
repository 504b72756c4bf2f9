namespace Vigil.Core.Estimation;

/// <summary>
/// Black-box shift estimation (BBSE; Lipton, Wang and Smola 2018) of the current prevalence under label shift
/// (P(x | y) unchanged, P(y) changed). With the thresholded predictions ŷ as the black box, the reference's
/// conditional confusion matrix gives TPR = P_ref(ŷ = 1 | y = 1) and FPR = P_ref(ŷ = 1 | y = 0), and the current
/// selection rate q = P_cur(ŷ = 1) = TPR·π + FPR·(1 − π), so π̂ = (q − FPR)/(TPR − FPR) — the 2×2 case of
/// solving C·w = q. π̂ is clipped to [0, 1] (and says so). Undefined when TPR = FPR (the predictions carry no
/// information about y) or when the reference lacks either class.
/// </summary>
public static class BlackBoxShiftEstimate
{
    /// <summary>The estimate with the reference's rates, or a reason why it is undefined.</summary>
    /// <param name="Prevalence">π̂ after clipping (NaN when undefined).</param>
    /// <param name="Clipped">True when the raw π̂ fell outside [0, 1].</param>
    /// <param name="Reason">Why it is undefined, or why it was clipped; null otherwise.</param>
    public readonly record struct Result(double Prevalence, bool Clipped, string? Reason);

    /// <summary>π̂ from the reference's weighted TPR and FPR and the current selection rate.</summary>
    public static Result Estimate(double referenceTruePositiveRate, double referenceFalsePositiveRate, double currentSelectionRate)
    {
        if (!double.IsFinite(referenceTruePositiveRate) || !double.IsFinite(referenceFalsePositiveRate))
            return new Result(double.NaN, false, "the reference group lacks positives or negatives");
        var gap = referenceTruePositiveRate - referenceFalsePositiveRate;
        if (Math.Abs(gap) < 1e-9) return new Result(double.NaN, false, "the predictions carry no information on the reference (TPR = FPR)");
        var raw = (currentSelectionRate - referenceFalsePositiveRate) / gap;
        if (raw < 0) return new Result(0, true, "clipped to 0: the current selection rate is below the reference's false positive rate");
        if (raw > 1) return new Result(1, true, "clipped to 1: the current selection rate is above the reference's true positive rate");
        return new Result(raw, false, null);
    }

    /// <summary>TPR and FPR of predictions <paramref name="predicted"/> against <paramref name="labels"/> with row weights (empty: 1).</summary>
    public static (double TruePositiveRate, double FalsePositiveRate) Rates(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights)
    {
        double pos = 0, tp = 0, neg = 0, fp = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var w = weights.IsEmpty ? 1 : weights[i];
            if (labels[i])
            {
                pos += w;
                if (predicted[i]) tp += w;
            }
            else
            {
                neg += w;
                if (predicted[i]) fp += w;
            }
        }
        return (pos > 0 ? tp / pos : double.NaN, neg > 0 ? fp / neg : double.NaN);
    }

    /// <summary>
    /// BBSE with a finer black box: the score cut into K bins (the reference's score quantiles) instead of the two sides
    /// of the threshold. With P_ref(b | y) from the reference and q_b = P_cur(b), label shift gives
    /// q_b = π·P(b | 1) + (1 − π)·P(b | 0); the weighted least-squares solution with d_b = P(b | 1) − P(b | 0),
    /// r_b = q_b − P(b | 0) and weights 1/P_ref(b) is π̂ = Σ d_b r_b / P_ref(b) ÷ Σ d_b² / P_ref(b) (K = 2 with the
    /// threshold's two sides gives the formula of <see cref="Estimate"/>). Using the whole score rather than one cut
    /// divides the variance that a weak classifier's small TPR − FPR multiplies.
    /// </summary>
    /// <param name="referenceBins">Bin of each reference row.</param>
    /// <param name="referenceLabels">Label of each reference row.</param>
    /// <param name="referenceCounts">Weight (bootstrap count) of each reference row; empty: 1.</param>
    /// <param name="currentBins">Bin of each current row.</param>
    /// <param name="currentCounts">Weight of each current row; empty: 1.</param>
    /// <param name="bins">K.</param>
    public static Result EstimateBinned(ReadOnlySpan<int> referenceBins, ReadOnlySpan<bool> referenceLabels, ReadOnlySpan<int> referenceCounts,
        ReadOnlySpan<int> currentBins, ReadOnlySpan<int> currentCounts, int bins)
    {
        Span<double> pos = stackalloc double[bins];
        Span<double> neg = stackalloc double[bins];
        Span<double> cur = stackalloc double[bins];
        pos.Clear();
        neg.Clear();
        cur.Clear();
        double nPos = 0, nNeg = 0, nCur = 0;
        for (var i = 0; i < referenceBins.Length; i++)
        {
            double w = referenceCounts.IsEmpty ? 1 : referenceCounts[i];
            if (referenceLabels[i])
            {
                pos[referenceBins[i]] += w;
                nPos += w;
            }
            else
            {
                neg[referenceBins[i]] += w;
                nNeg += w;
            }
        }
        for (var i = 0; i < currentBins.Length; i++)
        {
            double w = currentCounts.IsEmpty ? 1 : currentCounts[i];
            cur[currentBins[i]] += w;
            nCur += w;
        }
        if (nPos == 0 || nNeg == 0) return new Result(double.NaN, false, "the reference group lacks positives or negatives");
        if (nCur == 0) return new Result(double.NaN, false, "no current rows");
        double numerator = 0, denominator = 0;
        var nRef = nPos + nNeg;
        for (var b = 0; b < bins; b++)
        {
            var share = (pos[b] + neg[b]) / nRef;
            if (share <= 0) continue;
            var d = pos[b] / nPos - neg[b] / nNeg;
            var r = cur[b] / nCur - neg[b] / nNeg;
            numerator += d * r / share;
            denominator += d * d / share;
        }
        if (denominator < 1e-12) return new Result(double.NaN, false, "the score carries no information on the reference (P(bin | y) equal for both classes)");
        var raw = numerator / denominator;
        if (raw < 0) return new Result(0, true, "clipped to 0: the current score distribution lies beyond the reference negatives'");
        if (raw > 1) return new Result(1, true, "clipped to 1: the current score distribution lies beyond the reference positives'");
        return new Result(raw, false, null);
    }
}
