using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// The engine's bootstrap resamples a summary (multinomial over cells and score bins) instead of rows. Its
/// percentile intervals must agree with a plain row bootstrap computed here, up to Monte Carlo noise.
/// </summary>
public sealed class BootstrapAccuracyTests
{
    private const int N = 2000;
    private const int Replicates = 1000;

    private static (byte[] Labels, double[] Scores, int[] Group) Sample()
    {
        var rng = new Random(77);
        var labels = new byte[N];
        var scores = new double[N];
        var group = new int[N];
        for (var i = 0; i < N; i++)
        {
            group[i] = rng.Next(2);
            labels[i] = rng.NextDouble() < (group[i] == 0 ? 0.4 : 0.25) ? (byte)1 : (byte)0;
            var noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            scores[i] = Math.Clamp(Math.Round(0.35 + 0.25 * labels[i] + 0.2 * noise, 4), 0, 1);
        }
        return (labels, scores, group);
    }

    private static (double SelectionRate, double Auroc, double Brier, double Fnr) Stats(byte[] labels, double[] scores, int[] rows)
    {
        long sel = 0, pos = 0, fn = 0;
        double sq = 0;
        foreach (var i in rows)
        {
            var pred = scores[i] >= 0.5;
            if (pred) sel++;
            if (labels[i] == 1)
            {
                pos++;
                if (!pred) fn++;
            }
            sq += (scores[i] - labels[i]) * (scores[i] - labels[i]);
        }
        // Tie-aware AUROC via sorting by score ascending: Mann–Whitney with midranks.
        var ordered = rows.OrderBy(i => scores[i]).ToArray();
        double rankSumPos = 0;
        var k = 0;
        while (k < ordered.Length)
        {
            var j = k;
            while (j < ordered.Length && scores[ordered[j]] == scores[ordered[k]]) j++;
            var midrank = (k + 1 + j) / 2.0;
            for (var t = k; t < j; t++) if (labels[ordered[t]] == 1) rankSumPos += midrank;
            k = j;
        }
        var neg = rows.Length - pos;
        var auroc = (rankSumPos - pos * (pos + 1) / 2.0) / (pos * (double)neg);
        return ((double)sel / rows.Length, auroc, sq / rows.Length, (double)fn / pos);
    }

    private static Interval Percentiles(List<double> values)
    {
        values.Sort();
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
        return new Interval(Percentile.OfSorted(span, 0.025), Percentile.OfSorted(span, 0.975));
    }

    [Fact]
    public void Summary_bootstrap_agrees_with_a_row_bootstrap()
    {
        var (labels, scores, group) = Sample();
        var data = new AuditData(labels, scores.Select(s => s >= 0.5 ? (byte)1 : (byte)0).ToArray(), scores,
            [new ProtectedColumn("g", group, ["a", "b"])]);
        var result = AuditEngine.Run(data, [new GroupingSpec(["g"])], new AuditOptions { Threshold = 0.5, Bootstrap = Replicates, Seed = 1 });

        var rng = new Random(2);
        var all = Enumerable.Range(0, N).ToArray();
        var point = Stats(labels, scores, all);
        var sr = new List<double>();
        var auc = new List<double>();
        var brier = new List<double>();
        var fnr = new List<double>();
        var rows = new int[N];
        for (var r = 0; r < Replicates; r++)
        {
            for (var i = 0; i < N; i++) rows[i] = rng.Next(N);
            var s = Stats(labels, scores, rows);
            sr.Add(s.SelectionRate);
            auc.Add(s.Auroc);
            brier.Add(s.Brier);
            fnr.Add(s.Fnr);
        }

        var overall = result.Overall;
        Assert.Equal(point.SelectionRate, overall[(int)GroupMetric.SelectionRate].Value(), 1e-12);
        Assert.Equal(point.Auroc, overall[(int)GroupMetric.Auroc].Value(), 1e-12);
        Assert.Equal(point.Brier, overall[(int)GroupMetric.Brier].Value(), 1e-12);
        Check("selection_rate", Percentiles(sr), overall[(int)GroupMetric.SelectionRate].BootstrapCi!.Value);
        Check("fnr", Percentiles(fnr), overall[(int)GroupMetric.Fnr].BootstrapCi!.Value);
        Check("auroc", Percentiles(auc), overall[(int)GroupMetric.Auroc].Ci!.Value);
        Check("brier", Percentiles(brier), overall[(int)GroupMetric.Brier].Ci!.Value);
    }

    private static void Check(string name, Interval naive, Interval engine)
    {
        var width = naive.High - naive.Low;
        var engineWidth = engine.High - engine.Low;
        Assert.True(Math.Abs(engineWidth / width - 1) < 0.15, $"{name}: width {engineWidth:F5} vs row bootstrap {width:F5}");
        Assert.True(Math.Abs(engine.Low - naive.Low) < 0.2 * width, $"{name}: low {engine.Low:F5} vs row bootstrap {naive.Low:F5}");
        Assert.True(Math.Abs(engine.High - naive.High) < 0.2 * width, $"{name}: high {engine.High:F5} vs row bootstrap {naive.High:F5}");
    }
}
