using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Windows;

/// <summary>
/// The sums of <see cref="HourCell"/> rows: every field is a count or a sum, so totals add (<see cref="op_Addition"/>)
/// and any period, group or merge of hours is the sum of its hours (the mergeable-summary rule of docs/monitoring.md).
/// </summary>
public readonly record struct CellTotals(
    long Predictions,
    long Alerts,
    double ScoreSum,
    long Tn,
    long Fp,
    long Fn,
    long Tp,
    double MaturedScoreSum,
    long Censored,
    long Accepted,
    long Overridden,
    long Ignored)
{
    /// <summary>Matured predictions: TN + FP + FN + TP (censored ones are not matured).</summary>
    public long Matured => Tn + Fp + Fn + Tp;

    /// <summary>Matured positives (FN + TP): the FNR's denominator.</summary>
    public long Positives => Fn + Tp;

    /// <summary>Matured negatives (TN + FP): the FPR's denominator.</summary>
    public long Negatives => Tn + Fp;

    /// <summary>Predictions whose label is not known yet: predictions − matured − censored.</summary>
    public long Pending => Predictions - Matured - Censored;

    /// <summary>Clinician actions recorded: accepted + overridden + ignored.</summary>
    public long Actions => Accepted + Overridden + Ignored;

    /// <summary>The totals of one hour's cell.</summary>
    public static CellTotals Of(HourCell c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Predictions, c.Alerts, c.ScoreSum, c.Tn, c.Fp, c.Fn, c.Tp, c.MaturedScoreSum, c.Censored, c.Accepted, c.Overridden, c.Ignored);
    }

    public static CellTotals operator +(CellTotals a, CellTotals b) => new(
        a.Predictions + b.Predictions, a.Alerts + b.Alerts, a.ScoreSum + b.ScoreSum,
        a.Tn + b.Tn, a.Fp + b.Fp, a.Fn + b.Fn, a.Tp + b.Tp, a.MaturedScoreSum + b.MaturedScoreSum,
        a.Censored + b.Censored, a.Accepted + b.Accepted, a.Overridden + b.Overridden, a.Ignored + b.Ignored);

    public static CellTotals Add(CellTotals left, CellTotals right) => left + right;
}
