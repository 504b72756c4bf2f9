using Vigil.Core.Statistics;

namespace Vigil.Core.Audit;

/// <summary>
/// The cells the bootstrap resamples: every non-empty (observed cell, label, prediction, score bin)
/// with its row count, Σscore and Σscore². Resampling the N rows with replacement is the same as a
/// multinomial draw over these cells, so a replicate costs one binomial draw per cell instead of N.
/// Score bins are left-open intervals between edges that include the calibration edges 0.1…0.9 (so
/// Brier and ECE bins are exact unions of score bins) and score quantiles (for the rank statistics,
/// which the replicate evaluates with each bin as a block of tied scores). The prediction is part of the
/// cell, so the confusion counts stay exact whatever rule made the predictions.
/// </summary>
internal sealed class BootstrapDesign
{
    /// <summary>Upper bound on (cell, label, prediction, score bin) combinations held densely.</summary>
    private const long MaxDenseCells = 1 << 24;

    private BootstrapDesign(int bins, int[] cell, byte[] label, byte[] prediction, int[] bin, int[] calibrationBin,
        long[] count, double[] scoreSum, double[] scoreSquareSum)
    {
        Bins = bins;
        Cell = cell;
        Label = label;
        Prediction = prediction;
        Bin = bin;
        CalibrationBin = calibrationBin;
        Count = count;
        ScoreSum = scoreSum;
        ScoreSquareSum = scoreSquareSum;
    }

    /// <summary>Score bins (1 without a score).</summary>
    public int Bins { get; }

    public int Entries => Count.Length;

    public int[] Cell { get; }

    public byte[] Label { get; }

    public byte[] Prediction { get; }

    public int[] Bin { get; }

    public int[] CalibrationBin { get; }

    public long[] Count { get; }

    public double[] ScoreSum { get; }

    public double[] ScoreSquareSum { get; }

    /// <summary>Without a score: one entry per (cell, label, prediction).</summary>
    public static BootstrapDesign FromSummary(CellSummary summary, GroupStructure groups)
    {
        var cell = new List<int>();
        var label = new List<byte>();
        var prediction = new List<byte>();
        var count = new List<long>();
        for (var i = 0; i < groups.ObservedCells.Length; i++)
        {
            var raw = groups.ObservedCells[i];
            for (var k = 0; k < 4; k++)
            {
                var c = summary.Counts[raw * 4 + k];
                if (c == 0) continue;
                cell.Add(i);
                label.Add((byte)(k >> 1));
                prediction.Add((byte)(k & 1));
                count.Add(c);
            }
        }
        var n = count.Count;
        return new BootstrapDesign(1, [.. cell], [.. label], [.. prediction], new int[n], new int[n], [.. count], new double[n], new double[n]);
    }

    /// <summary>
    /// With a score: from rows sorted by descending score (keys, payload and weights as the rank pass uses them; a
    /// weighted row counts as that many rows, so the design is the one of the rows it stands for).
    /// </summary>
    public static BootstrapDesign FromSortedScores(ReadOnlySpan<ulong> keys, ReadOnlySpan<int> payload, long[]? weights, int observedCells,
        int quantileBins)
    {
        // Dense per-(cell, label, prediction, bin) arrays: fewer quantile bins when there are many cells.
        quantileBins = (int)Math.Clamp(MaxDenseCells / (4L * observedCells) - GroupMetrics.CalibrationBins, 1, quantileBins);
        var edges = Edges(keys, weights, quantileBins);
        var bins = edges.Length + 1;
        if ((long)observedCells * 4 * bins > MaxDenseCells)
            throw VigilException.Option("bootstrap",
                $"the protected attributes form {observedCells} non-empty combinations, too many to resample by score bin; " +
                "audit fewer attributes at once");
        var cells = observedCells * 4 * bins;
        var count = new long[cells];
        var sum = new double[cells];
        var square = new double[cells];
        // Descending pass: the bin of a score is the number of edges strictly below it.
        var bin = bins - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            var s = RadixSort.ScoreOfDescendingKey(keys[i]);
            while (bin > 0 && s <= edges[bin - 1]) bin--;
            var at = payload[i] * bins + bin; // payload = cell·4 + label·2 + prediction
            var w = weights is null ? 1 : weights[i];
            var ws = w == 1 ? s : w * s;
            count[at] += w;
            sum[at] += ws;
            square[at] += ws * s;
        }
        var calibrationOfBin = new int[bins];
        for (var b = 0; b < bins; b++)
            calibrationOfBin[b] = b < edges.Length ? CellSummary.CalibrationBin(edges[b]) : GroupMetrics.CalibrationBins - 1;

        var nonEmpty = 0;
        foreach (var c in count) if (c > 0) nonEmpty++;
        var design = new BootstrapDesign(bins, new int[nonEmpty], new byte[nonEmpty], new byte[nonEmpty], new int[nonEmpty],
            new int[nonEmpty], new long[nonEmpty], new double[nonEmpty], new double[nonEmpty]);
        var e = 0;
        for (var at = 0; at < cells; at++)
        {
            if (count[at] == 0) continue;
            var b = at % bins;
            var rest = at / bins;
            design.Cell[e] = rest / 4;
            design.Label[e] = (byte)((rest >> 1) & 1);
            design.Prediction[e] = (byte)(rest & 1);
            design.Bin[e] = b;
            design.CalibrationBin[e] = calibrationOfBin[b];
            design.Count[e] = count[at];
            design.ScoreSum[e] = sum[at];
            design.ScoreSquareSum[e] = square[at];
            e++;
        }
        return design;
    }

    /// <summary>
    /// The calibration edges and the score quantiles at ranks n·q/Q from the top (q = 1 … Q−1) of the rows in descending
    /// order; with weights, the sorted row that holds that rank among the rows the weighted rows stand for.
    /// </summary>
    private static double[] Edges(ReadOnlySpan<ulong> keys, long[]? weights, int quantileBins)
    {
        var edges = new SortedSet<double>();
        for (var k = 1; k < GroupMetrics.CalibrationBins; k++) edges.Add(k * 0.1);
        long n = keys.Length;
        if (weights is not null)
        {
            n = 0;
            foreach (var w in weights) n += w;
        }
        var i = 0;
        long through = weights is null || keys.Length == 0 ? 1 : weights[0]; // rows up to and including sorted row i
        for (var q = 1; q < quantileBins && n > 0; q++)
        {
            // keys are in descending score order: rank n·q/Q from the top.
            var rank = n * q / quantileBins;
            if (weights is null)
            {
                i = (int)rank;
            }
            else
            {
                while (through <= rank)
                {
                    i++;
                    through += weights[i];
                }
            }
            edges.Add(RadixSort.ScoreOfDescendingKey(keys[i]));
        }
        return [.. edges];
    }
}
