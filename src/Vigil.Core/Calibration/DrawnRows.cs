namespace Vigil.Core.Calibration;

/// <summary>
/// The rows one bootstrap replicate drew, gathered once: the distinct drawn rows in their original order with their
/// draw counts as weights, in buffers a worker reuses for all its replicates (no allocation per replicate). A
/// replicate's statistics then walk only these rows (about 63% of a row resample, fewer of an atom resample) instead
/// of every row with a zero weight for the undrawn ones, and the first pass of its logistic fits adds the rows'
/// precomputed <see cref="LogisticRecalibration.StartTerms"/> instead of evaluating exp and log per row. The numbers
/// are the same to the bit: every weighted sum skips zero weights, the drawn rows keep their order, and the start
/// terms are the expressions the pass computes, so each sum adds the same terms in the same order.
/// </summary>
internal sealed class DrawnRows
{
    private readonly RowSource source;
    private readonly double[] scores;
    private readonly double[] logits;
    private readonly byte[] labels;
    private readonly int[] weights;
    private readonly double[] logLikelihood;
    private readonly double[] residual;
    private readonly double[] mu;

    /// <summary>Buffers for resamples of the rows (or atoms) of <paramref name="source"/>.</summary>
    public DrawnRows(RowSource source)
    {
        this.source = source;
        var rows = source.Scores.Length;
        Counts = new int[rows];
        scores = new double[rows];
        logits = new double[rows];
        labels = new byte[rows];
        weights = new int[rows];
        logLikelihood = new double[rows];
        residual = new double[rows];
        mu = new double[rows];
    }

    /// <summary>Times each source row was drawn: the replicate fills it, <see cref="Gather"/> reads it.</summary>
    public int[] Counts { get; }

    /// <summary>Distinct drawn rows after <see cref="Gather"/>.</summary>
    public int Count { get; private set; }

    public ReadOnlyMemory<double> Scores => scores.AsMemory(0, Count);

    public ReadOnlyMemory<double> Logits => logits.AsMemory(0, Count);

    public ReadOnlyMemory<byte> Labels => labels.AsMemory(0, Count);

    /// <summary>Draw counts of the gathered rows, all positive (never empty after a draw of at least one row, so never read as "unweighted").</summary>
    public ReadOnlyMemory<int> Weights => weights.AsMemory(0, Count);

    /// <summary>Copies the rows with a positive <see cref="Counts"/> entry, in order, into the buffers.</summary>
    public void Gather()
    {
        var counts = Counts;
        var s = source.Scores.Span;
        var x = source.Logits.Span;
        var y = source.Labels.Span;
        var (ll, r, m) = (source.LogLikelihood, source.Residual, source.Mu);
        var k = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var w = counts[i];
            if (w == 0) continue;
            scores[k] = s[i];
            logits[k] = x[i];
            labels[k] = y[i];
            logLikelihood[k] = ll[i];
            residual[k] = r[i];
            mu[k] = m[i];
            weights[k++] = w;
        }
        Count = k;
    }

    /// <summary>The gathered rows' sums at the fits' start point (<see cref="LogisticRecalibration.StartPass"/>).</summary>
    public StartSums StartSums() =>
        LogisticRecalibration.StartPass(logits.AsSpan(0, Count), weights.AsSpan(0, Count), logLikelihood.AsSpan(0, Count),
            residual.AsSpan(0, Count), mu.AsSpan(0, Count));
}

/// <summary>The rows (or atoms) a bootstrap resamples, with their <see cref="LogisticRecalibration.StartTerms"/> computed once.</summary>
internal sealed class RowSource
{
    public RowSource(ReadOnlyMemory<double> scores, ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels)
    {
        (Scores, Logits, Labels) = (scores, logits, labels);
        var n = scores.Length;
        (LogLikelihood, Residual, Mu) = (new double[n], new double[n], new double[n]);
        LogisticRecalibration.StartTerms(logits.Span, labels.Span, LogLikelihood, Residual, Mu);
    }

    public ReadOnlyMemory<double> Scores { get; }

    public ReadOnlyMemory<double> Logits { get; }

    public ReadOnlyMemory<byte> Labels { get; }

    public double[] LogLikelihood { get; }

    public double[] Residual { get; }

    public double[] Mu { get; }
}
