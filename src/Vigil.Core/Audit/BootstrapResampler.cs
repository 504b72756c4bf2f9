using MathNet.Numerics.Random;
using Vigil.Core.Statistics;

namespace Vigil.Core.Audit;

/// <summary>
/// Seeded, reproducible bootstrap of every audit value: each replicate draws the cell counts of a
/// <see cref="BootstrapDesign"/> from a multinomial, rebuilds the groups' statistics and evaluates the
/// same functions as the point estimate. Replicate r uses its own generator seeded from (seed, r), so
/// results do not depend on the number of threads.
/// </summary>
internal sealed class BootstrapResampler(BootstrapDesign design, GroupStructure groups, Action<GroupTable, double[]> evaluate,
    int valueCount, bool hasScore)
{
    /// <summary>
    /// Runs <paramref name="replicates"/> replicates and returns their values, replicate-major
    /// (replicate r's values at r·valueCount). <paramref name="aurocShift"/> and <paramref name="auprcShift"/> (exact minus binned AUROC and AP
    /// of each group on the original data) is added to the replicates' binned rank statistics, so the
    /// interval is centred on the exact statistic rather than on its binned approximation.
    /// </summary>
    public double[] Run(int replicates, int seed, double[] aurocShift, double[] auprcShift)
    {
        var values = new double[(long)replicates * valueCount];
        Parallel.For(0, replicates,
            () => new Workspace(design, groups.TotalGroups, hasScore) { Values = new double[valueCount] },
            (r, _, ws) =>
            {
                var rng = new Xoshiro256StarStar(ReplicateSeed(seed, r), threadSafe: false);
                MultinomialSampler.Resample(rng, design.Count, ws.Resampled);
                Fill(ws, aurocShift, auprcShift);
                evaluate(ws.Table, ws.Values);
                ws.Values.CopyTo(values, (long)r * valueCount);
                return ws;
            },
            _ => { });
        return values;
    }

    /// <summary>Fills a group table from resampled entry counts; public for the binned baseline too.</summary>
    public void Fill(Workspace ws, double[]? aurocShift, double[]? auprcShift)
    {
        var table = ws.Table;
        table.Clear();
        var members = groups.Members;
        var m = groups.MembersPerCell;
        var bins = design.Bins;
        var histogram = ws.Histogram;
        if (hasScore) Array.Clear(histogram);
        for (var e = 0; e < design.Entries; e++)
        {
            var k = ws.Resampled[e];
            if (k == 0) continue;
            var label = design.Label[e];
            var predicted = design.Prediction[e] == 1;
            var cellBase = design.Cell[e] * m;
            var w = (double)k / design.Count[e];
            var squaredError = w * (design.ScoreSquareSum[e] - 2 * label * design.ScoreSum[e] + label * (double)design.Count[e]);
            var scoreSum = w * design.ScoreSum[e];
            for (var j = 0; j < m; j++)
            {
                var g = members[cellBase + j];
                if (label == 1)
                {
                    if (predicted) table.Tp[g] += k;
                    else table.Fn[g] += k;
                }
                else if (predicted)
                {
                    table.Fp[g] += k;
                }
                else
                {
                    table.Tn[g] += k;
                }
                if (!hasScore) continue;
                table.SquaredError[g] += squaredError;
                var cb = g * GroupMetrics.CalibrationBins + design.CalibrationBin[e];
                table.CalibrationCount[cb] += k;
                table.CalibrationPositives[cb] += label * k;
                table.CalibrationScoreSum[cb] += scoreSum;
                histogram[(g * bins + design.Bin[e]) * 2 + label] += k;
            }
        }
        if (!hasScore) return;
        RankStatistics.Binned(histogram, bins, table);
        if (aurocShift is null || auprcShift is null) return;
        for (var g = 0; g < table.Groups; g++)
        {
            // The shift must not carry a replicate outside the statistic's range.
            table.Auroc[g] = Math.Clamp(table.Auroc[g] + aurocShift[g], 0, 1);
            table.Auprc[g] = Math.Clamp(table.Auprc[g] + auprcShift[g], 0, 1);
        }
    }

    private static int ReplicateSeed(int seed, int replicate) => (int)(SplitMix64.ReplicateStream(seed, replicate) & 0x7FFFFFFF);

    internal sealed class Workspace
    {
        public Workspace(BootstrapDesign design, int groups, bool hasScore)
        {
            Table = new GroupTable(groups, hasScore);
            Resampled = new long[design.Entries];
            Histogram = hasScore ? new long[groups * design.Bins * 2] : [];
            Values = [];
        }

        public GroupTable Table { get; }

        public long[] Resampled { get; }

        public long[] Histogram { get; }

        public double[] Values { get; set; }
    }
}
