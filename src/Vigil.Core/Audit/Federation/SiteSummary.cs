namespace Vigil.Core.Audit.Federation;

/// <summary>A protected attribute of a site summary and its levels (as the site's data named them).</summary>
public sealed record SummaryProtected(string Name, IReadOnlyList<string> Levels);

/// <summary>
/// Rows of one score bin per outcome, as flat pairs [bin, count, bin, count, …] in ascending bin order: bin b holds
/// the scores in (b·w, (b+1)·w] (the first bin also holds 0), w = <see cref="SiteSummary.ScoreBinWidth"/>.
/// </summary>
public sealed record SummaryScoreBins(IReadOnlyList<long> Tn, IReadOnlyList<long> Fp, IReadOnlyList<long> Fn, IReadOnlyList<long> Tp)
{
    /// <summary>The pairs of an outcome: 0 = TN, 1 = FP, 2 = FN, 3 = TP (label·2 + prediction).</summary>
    public IReadOnlyList<long> Of(int outcome) => outcome switch { 0 => Tn, 1 => Fp, 2 => Fn, _ => Tp };
}

/// <summary>
/// One cell of the cross product of the protected attributes (one level per attribute, in attribute order):
/// its rows by (label, prediction), whether it is a small cell (fewer rows than the site's min-cell; a summary that
/// leaves the site is not a row-level extract, but its small cells are marked for whoever shares it further), and
/// with a score its rows per score bin.
/// </summary>
public sealed record SummaryCell(IReadOnlyList<string> Levels, long Tn, long Fp, long Fn, long Tp, bool SmallCell, SummaryScoreBins? ScoreBins)
{
    public long N => Tn + Fp + Fn + Tp;

    /// <summary>Rows of an outcome: 0 = TN, 1 = FP, 2 = FN, 3 = TP.</summary>
    public long Count(int outcome) => outcome switch { 0 => Tn, 1 => Fp, 2 => Fn, _ => Tp };
}

/// <summary>
/// The mergeable audit summary of one site (docs/federated.md): no rows, only counts per cell of the protected
/// attributes' cross product, per (label, prediction) and — with a score — per fine score bin. Summaries of several
/// sites pool into the audit of their pooled rows (<see cref="SummaryPooling"/>): every count metric exactly; AUROC,
/// AUPRC, Brier and ECE within the bin width's error (the scores of a bin become tied at the bin's centre).
/// </summary>
public sealed record SiteSummary(
    string Site,
    IReadOnlyList<SummaryProtected> Attributes,
    bool HasScore,
    double? Threshold,
    double? ScoreBinWidth,
    int MinCell,
    string PositiveLabel,
    IReadOnlyList<SummaryCell> Cells)
{
    /// <summary>
    /// The default score bin width, 10⁻⁶ (1,000,000 bins; a summary stores only non-empty bins, so never more entries
    /// than rows). Scores given to six decimals keep their order exactly; for finer scores AUROC and AUPRC move only by
    /// the positive-negative pairs that share a bin, Brier by at most one bin width, ECE by half a bin width. 10⁻⁵ was
    /// measured too coarse for average precision in groups of a few hundred rows (one tied pair near the top moved it
    /// by 1.6·10⁻⁴).
    /// </summary>
    public const double DefaultScoreBinWidth = 1e-6;

    /// <summary>
    /// The default score bin width of a push-down (<c>vigil audit --source … --query …</c>), 10⁻⁴ (10,000 bins): the
    /// database's summary then has at most cells × 4 × 10⁴ rows, whatever the row count (a few hundred thousand for the
    /// bench data's 20 cells at 10M or 100M rows, where 10⁻⁶ gave 7M). On the bench data's shape AUROC, AUPRC, Brier and
    /// ECE stay within 10⁻⁴ of the rows' values (test <c>SummaryNativeAuditTests</c>); in groups of a few hundred rows a
    /// positive-negative pair sharing a bin near the top can move AUPRC by more, so small audits may ask for 10⁻⁶.
    /// </summary>
    public const double DefaultPushdownScoreBinWidth = 1e-4;

    /// <summary>Checks a score bin width: in (0, 0.1], and 1/w a whole number of bins (so bin edges fall on the calibration edges).</summary>
    public static double CheckScoreBinWidth(double width)
    {
        if (!(width > 0 && width <= 0.1) || Math.Abs(1 / width - Math.Round(1 / width)) > 1e-6 * (1 / width))
            throw VigilException.Option("score_bin_width",
                $"{width.ToString(System.Globalization.CultureInfo.InvariantCulture)}: expected a width in (0, 0.1] that divides 1 (1e-4, 1e-5, 1e-6, …)");
        return width;
    }

    public long Rows
    {
        get
        {
            long n = 0;
            foreach (var c in Cells) n += c.N;
            return n;
        }
    }

    /// <summary>Number of score bins of width <paramref name="width"/> over [0, 1].</summary>
    public static int BinCount(double width) => (int)Math.Round(1 / width);
}
