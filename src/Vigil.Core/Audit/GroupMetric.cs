namespace Vigil.Core.Audit;

/// <summary>
/// The per-group metrics of vigil.audit/v1, in output order. With tp, fp, tn, fn the confusion counts of
/// the group (positive = label equals the positive label; predicted positive = score ≥ threshold, or the
/// prediction column), n = tp+fp+tn+fn and P = tp+fn:
/// <list type="table">
/// <item><term>n, positives</term><description>n and P.</description></item>
/// <item><term>prevalence</term><description>P / n.</description></item>
/// <item><term>selection_rate</term><description>(tp+fp) / n (Fairlearn selection_rate).</description></item>
/// <item><term>tpr, fnr</term><description>tp / P and fn / P (sensitivity, miss rate); undefined without positives.</description></item>
/// <item><term>tnr, fpr</term><description>tn / (tn+fp) and fp / (tn+fp); undefined without negatives.</description></item>
/// <item><term>ppv, fdr</term><description>tp / (tp+fp) and fp / (tp+fp); undefined without predicted positives.</description></item>
/// <item><term>npv, for</term><description>tn / (tn+fn) and fn / (tn+fn) (false omission rate); undefined without predicted negatives.</description></item>
/// <item><term>accuracy</term><description>(tp+tn) / n.</description></item>
/// <item><term>balanced_accuracy</term><description>(tpr+tnr) / 2 when both classes occur; otherwise the recall of
/// the one class present (tnr without positives, tpr without negatives), as scikit-learn's balanced_accuracy_score
/// averages recall over the classes present; a reason says so. Undefined only for an empty group.</description></item>
/// <item><term>f1</term><description>2tp / (2tp+fp+fn); undefined when the denominator is 0.</description></item>
/// <item><term>auroc</term><description>P(score of a random positive &gt; score of a random negative) + ½·P(tie), the
/// Mann–Whitney form of scikit-learn's roc_auc_score; undefined unless both classes occur.</description></item>
/// <item><term>auprc</term><description>Average precision as scikit-learn's average_precision_score:
/// Σ_k (R_k − R_{k−1})·P_k over the distinct score thresholds, high to low; undefined without positives.</description></item>
/// <item><term>brier</term><description>mean (score − label)².</description></item>
/// <item><term>ece</term><description>Σ_b (n_b / n)·|mean label_b − mean score_b| over 10 equal-width bins
/// (0, 0.1], (0.1, 0.2], …, (0.9, 1] with 0 in the first bin (scikit-learn calibration_curve's binning).</description></item>
/// </list>
/// </summary>
public enum GroupMetric
{
    N,
    Positives,
    Prevalence,
    SelectionRate,
    Tpr,
    Tnr,
    Fpr,
    Fnr,
    Ppv,
    Npv,
    Fdr,
    For,
    Accuracy,
    BalancedAccuracy,
    F1,
    Auroc,
    Auprc,
    Brier,
    Ece,
}

public static class GroupMetrics
{
    public const int Count = (int)GroupMetric.Ece + 1;

    /// <summary>Number of equal-width calibration bins for ECE.</summary>
    public const int CalibrationBins = 10;

    private static readonly string[] Names =
    [
        "n", "positives", "prevalence", "selection_rate", "tpr", "tnr", "fpr", "fnr", "ppv", "npv", "fdr", "for",
        "accuracy", "balanced_accuracy", "f1", "auroc", "auprc", "brier", "ece",
    ];

    public static string Name(GroupMetric m) => Names[(int)m];

    /// <summary>True for metrics that need a score column.</summary>
    public static bool NeedsScore(GroupMetric m) => m >= GroupMetric.Auroc;

    /// <summary>
    /// The numerator and denominator of a metric that is a proportion of counts (for Wilson intervals and
    /// significance tests); false for the others.
    /// </summary>
    public static bool TryGetProportion(GroupMetric m, long tp, long fp, long tn, long fn, out long successes, out long trials)
    {
        var n = tp + fp + tn + fn;
        (successes, trials) = m switch
        {
            GroupMetric.Prevalence => (tp + fn, n),
            GroupMetric.SelectionRate => (tp + fp, n),
            GroupMetric.Tpr => (tp, tp + fn),
            GroupMetric.Fnr => (fn, tp + fn),
            GroupMetric.Tnr => (tn, tn + fp),
            GroupMetric.Fpr => (fp, tn + fp),
            GroupMetric.Ppv => (tp, tp + fp),
            GroupMetric.Fdr => (fp, tp + fp),
            GroupMetric.Npv => (tn, tn + fn),
            GroupMetric.For => (fn, tn + fn),
            GroupMetric.Accuracy => (tp + tn, n),
            _ => (-1L, -1L),
        };
        return trials >= 0;
    }

    /// <summary>
    /// What qualifies a defined metric of a group with these counts (null when nothing does): balanced accuracy
    /// of a group with one class is that class's recall alone.
    /// </summary>
    public static string? DefinedQualifier(GroupMetric m, long tp, long fp, long tn, long fn)
    {
        if (m != GroupMetric.BalancedAccuracy || tp + fp + tn + fn == 0) return null;
        if (tp + fn == 0) return "no positives in group: the specificity alone (scikit-learn averages recall over the classes present)";
        if (tn + fp == 0) return "no negatives in group: the sensitivity alone (scikit-learn averages recall over the classes present)";
        return null;
    }

    /// <summary>Why a metric is undefined for a group with these counts (null if it is defined).</summary>
    public static string? UndefinedReason(GroupMetric m, long tp, long fp, long tn, long fn, bool hasScore)
    {
        if (NeedsScore(m) && !hasScore) return "needs a score column";
        var n = tp + fp + tn + fn;
        var pos = tp + fn;
        var neg = tn + fp;
        return m switch
        {
            _ when n == 0 => "empty group",
            GroupMetric.Tpr or GroupMetric.Fnr or GroupMetric.Auprc when pos == 0 => "no positives in group",
            GroupMetric.Tnr or GroupMetric.Fpr when neg == 0 => "no negatives in group",
            GroupMetric.Ppv or GroupMetric.Fdr when tp + fp == 0 => "no predicted positives in group",
            GroupMetric.Npv or GroupMetric.For when tn + fn == 0 => "no predicted negatives in group",
            GroupMetric.Auroc when pos == 0 => "no positives in group",
            GroupMetric.Auroc when neg == 0 => "no negatives in group",
            GroupMetric.F1 when 2 * tp + fp + fn == 0 => "no positives and no predicted positives in group",
            _ => null,
        };
    }
}
