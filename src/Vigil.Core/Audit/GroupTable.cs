namespace Vigil.Core.Audit;

/// <summary>
/// The sufficient statistics of G groups, column-wise: confusion counts, squared-error sums, calibration
/// bins and (exact or binned) rank statistics. Every group metric is a pure function of one row of this
/// table, so the same code serves the point estimate and every bootstrap replicate.
/// </summary>
public sealed class GroupTable
{
    public GroupTable(int groups, bool hasScore)
    {
        Groups = groups;
        HasScore = hasScore;
        Tp = new long[groups];
        Fp = new long[groups];
        Tn = new long[groups];
        Fn = new long[groups];
        if (!hasScore) return;
        SquaredError = new double[groups];
        CalibrationCount = new long[groups * GroupMetrics.CalibrationBins];
        CalibrationPositives = new long[groups * GroupMetrics.CalibrationBins];
        CalibrationScoreSum = new double[groups * GroupMetrics.CalibrationBins];
        Auroc = new double[groups];
        Auprc = new double[groups];
    }

    public int Groups { get; }

    public bool HasScore { get; }

    public long[] Tp { get; }

    public long[] Fp { get; }

    public long[] Tn { get; }

    public long[] Fn { get; }

    /// <summary>Σ (score − label)² per group.</summary>
    public double[] SquaredError { get; } = [];

    /// <summary>Rows per (group, calibration bin), index group·10 + bin.</summary>
    public long[] CalibrationCount { get; } = [];

    public long[] CalibrationPositives { get; } = [];

    public double[] CalibrationScoreSum { get; } = [];

    /// <summary>AUROC per group, NaN where undefined; filled by the rank pass.</summary>
    public double[] Auroc { get; } = [];

    /// <summary>Average precision per group, NaN where undefined; filled by the rank pass.</summary>
    public double[] Auprc { get; } = [];

    public long N(int g) => Tp[g] + Fp[g] + Tn[g] + Fn[g];

    public void Clear()
    {
        Array.Clear(Tp);
        Array.Clear(Fp);
        Array.Clear(Tn);
        Array.Clear(Fn);
        Array.Clear(SquaredError);
        Array.Clear(CalibrationCount);
        Array.Clear(CalibrationPositives);
        Array.Clear(CalibrationScoreSum);
        Array.Clear(Auroc);
        Array.Clear(Auprc);
    }

    /// <summary>
    /// Writes the <see cref="GroupMetrics.Count"/> metrics of group <paramref name="g"/> into
    /// <paramref name="values"/>; NaN marks an undefined metric (the reason comes from
    /// <see cref="GroupMetrics.UndefinedReason"/>).
    /// </summary>
    public void Evaluate(int g, Span<double> values)
    {
        double tp = Tp[g], fp = Fp[g], tn = Tn[g], fn = Fn[g];
        var n = tp + fp + tn + fn;
        var pos = tp + fn;
        var neg = tn + fp;
        values[(int)GroupMetric.N] = n;
        values[(int)GroupMetric.Positives] = pos;
        values[(int)GroupMetric.Prevalence] = Ratio(pos, n);
        values[(int)GroupMetric.SelectionRate] = Ratio(tp + fp, n);
        var tpr = Ratio(tp, pos);
        var tnr = Ratio(tn, neg);
        values[(int)GroupMetric.Tpr] = tpr;
        values[(int)GroupMetric.Fnr] = Ratio(fn, pos);
        values[(int)GroupMetric.Tnr] = tnr;
        values[(int)GroupMetric.Fpr] = Ratio(fp, neg);
        values[(int)GroupMetric.Ppv] = Ratio(tp, tp + fp);
        values[(int)GroupMetric.Fdr] = Ratio(fp, tp + fp);
        values[(int)GroupMetric.Npv] = Ratio(tn, tn + fn);
        values[(int)GroupMetric.For] = Ratio(fn, tn + fn);
        values[(int)GroupMetric.Accuracy] = Ratio(tp + tn, n);
        // scikit-learn's balanced_accuracy_score: the mean recall over the classes present, so a group with
        // one class gets that class's recall (its specificity or its sensitivity).
        values[(int)GroupMetric.BalancedAccuracy] = pos > 0 && neg > 0 ? (tpr + tnr) / 2 : pos > 0 ? tpr : tnr;
        values[(int)GroupMetric.F1] = Ratio(2 * tp, 2 * tp + fp + fn);
        if (!HasScore)
        {
            for (var m = (int)GroupMetric.Auroc; m <= (int)GroupMetric.Ece; m++) values[m] = double.NaN;
            return;
        }
        values[(int)GroupMetric.Auroc] = pos > 0 && neg > 0 ? Auroc[g] : double.NaN;
        values[(int)GroupMetric.Auprc] = pos > 0 ? Auprc[g] : double.NaN;
        values[(int)GroupMetric.Brier] = Ratio(SquaredError[g], n);
        var gap = 0.0;
        var baseIndex = g * GroupMetrics.CalibrationBins;
        for (var b = 0; b < GroupMetrics.CalibrationBins; b++)
            gap += Math.Abs(CalibrationPositives[baseIndex + b] - CalibrationScoreSum[baseIndex + b]);
        values[(int)GroupMetric.Ece] = Ratio(gap, n);
    }

    private static double Ratio(double numerator, double denominator) =>
        denominator > 0 ? numerator / denominator : double.NaN;
}
