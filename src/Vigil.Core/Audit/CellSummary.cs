namespace Vigil.Core.Audit;

/// <summary>
/// The mergeable summary of an audit: for every cell of the cross product of all protected attributes,
/// the counts of (label, prediction) and, with a score, Σscore and Σscore² per label and the calibration
/// bins. One scan fills it; shards, chunks or time windows merge by addition. Every count metric, Brier
/// and ECE of every attribute, intersection and the overall population is a function of it.
/// </summary>
public sealed class CellSummary
{
    public CellSummary(int cells, bool hasScore)
    {
        Cells = cells;
        HasScore = hasScore;
        Counts = new long[cells * 4];
        if (!hasScore) return;
        ScoreSum = new double[cells * 2];
        ScoreSquareSum = new double[cells * 2];
        CalibrationCount = new long[cells * GroupMetrics.CalibrationBins];
        CalibrationPositives = new long[cells * GroupMetrics.CalibrationBins];
        CalibrationScoreSum = new double[cells * GroupMetrics.CalibrationBins];
    }

    public int Cells { get; }

    public bool HasScore { get; }

    /// <summary>Rows per (cell, label, prediction), index (cell·2 + label)·2 + prediction.</summary>
    public long[] Counts { get; }

    /// <summary>Σ score per (cell, label), index cell·2 + label.</summary>
    public double[] ScoreSum { get; } = [];

    /// <summary>Σ score² per (cell, label).</summary>
    public double[] ScoreSquareSum { get; } = [];

    /// <summary>Rows per (cell, calibration bin), index cell·10 + bin.</summary>
    public long[] CalibrationCount { get; } = [];

    public long[] CalibrationPositives { get; } = [];

    public double[] CalibrationScoreSum { get; } = [];

    /// <summary>Rows in a cell.</summary>
    public long CellRows(int cell) => Counts[cell * 4] + Counts[cell * 4 + 1] + Counts[cell * 4 + 2] + Counts[cell * 4 + 3];

    /// <summary>Adds another summary over the same cells (another shard of the same data).</summary>
    public void Merge(CellSummary other)
    {
        if (other.Cells != Cells || other.HasScore != HasScore)
            throw new ArgumentException("summaries over different cells cannot be merged", nameof(other));
        Add(Counts, other.Counts);
        Add(ScoreSum, other.ScoreSum);
        Add(ScoreSquareSum, other.ScoreSquareSum);
        Add(CalibrationCount, other.CalibrationCount);
        Add(CalibrationPositives, other.CalibrationPositives);
        Add(CalibrationScoreSum, other.CalibrationScoreSum);
    }

    /// <summary>
    /// Calibration bin of a score: the number of the edges 0.1, 0.2, …, 0.9 strictly below it, so bins are
    /// (0, 0.1], …, (0.9, 1] with 0 in the first (numpy.searchsorted over linspace(0, 1, 11)[1:-1], as
    /// scikit-learn's calibration_curve bins).
    /// </summary>
    public static int CalibrationBin(double score)
    {
        var bin = 0;
        for (var k = 1; k < GroupMetrics.CalibrationBins; k++)
            if (k * 0.1 < score) bin = k;
        return bin;
    }

    /// <summary>
    /// Scans rows [start, end) of <paramref name="data"/> into a new summary; with <paramref name="weights"/> row i counts
    /// weights[i] times (a summary's distinct rows, <see cref="WeightedAuditData"/>).
    /// </summary>
    public static CellSummary Scan(AuditData data, CellIndex index, int start, int end, long[]? weights = null)
    {
        var hasScore = data.Scores is not null;
        var summary = new CellSummary(index.Cells, hasScore);
        var labels = data.Labels.AsSpan();
        var predictions = data.Predictions.AsSpan();
        var counts = summary.Counts;
        if (!hasScore)
        {
            for (var row = start; row < end; row++)
                counts[(index.CellOf(row) * 2 + labels[row]) * 2 + predictions[row]] += weights is null ? 1 : weights[row];
            return summary;
        }
        var scores = data.Scores.AsSpan();
        var sum = summary.ScoreSum;
        var square = summary.ScoreSquareSum;
        var calCount = summary.CalibrationCount;
        var calPositives = summary.CalibrationPositives;
        var calSum = summary.CalibrationScoreSum;
        for (var row = start; row < end; row++)
        {
            var cell = index.CellOf(row);
            var label = labels[row];
            var w = weights is null ? 1 : weights[row];
            var s = scores[row];
            var ws = w == 1 ? s : w * s;
            counts[(cell * 2 + label) * 2 + predictions[row]] += w;
            sum[cell * 2 + label] += ws;
            square[cell * 2 + label] += ws * s;
            var cb = cell * GroupMetrics.CalibrationBins + CalibrationBin(s);
            calCount[cb] += w;
            calPositives[cb] += label * w;
            calSum[cb] += ws;
        }
        return summary;
    }

    private static void Add(long[] target, long[] source)
    {
        for (var i = 0; i < target.Length; i++) target[i] += source[i];
    }

    private static void Add(double[] target, double[] source)
    {
        for (var i = 0; i < target.Length; i++) target[i] += source[i];
    }
}
