using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

public sealed class EngineInternalsTests
{
    [Property(MaxTest = 100)]
    public Property Radix_sort_orders_scores_descending_and_keeps_payload() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => i % 7 == 0 ? 0.0 : i / 1000.0))), scores =>
        {
            var n = scores.Length;
            var keys = scores.Select(RadixSort.DescendingKey).ToArray();
            var payload = Enumerable.Range(0, n).ToArray();
            RadixSort.Sort(keys, payload, new ulong[n], new int[n], n);
            var sorted = keys.Select(RadixSort.ScoreOfDescendingKey).ToArray();
            Assert.Equal(scores.OrderByDescending(s => s).ToArray(), sorted);
            // The payload travels with its key, and every row appears once.
            for (var i = 0; i < n; i++) Assert.Equal(scores[payload[i]], sorted[i]);
            Assert.Equal(Enumerable.Range(0, n), payload.Order());
        });

    /// <summary>More rows than one scan chunk (2^20): the parallel chunk summaries merge to the single scan.</summary>
    [Fact]
    public void Chunked_parallel_summary_equals_one_scan()
    {
        const int n = (1 << 20) + 12_345;
        var rng = new Random(5);
        var labels = new byte[n];
        var scores = new double[n];
        var codes = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = (byte)rng.Next(2);
            scores[i] = rng.Next(0, 1001) / 1000.0;
            codes[i] = rng.Next(3);
        }
        var data = new AuditData(labels, scores.Select(s => s >= 0.5 ? (byte)1 : (byte)0).ToArray(), scores,
            [new ProtectedColumn("g", codes, ["a", "b", "c"])]);
        var index = new CellIndex(data.Attributes);
        var chunked = AuditEngine.Summarize(data, index);
        var whole = CellSummary.Scan(data, index, 0, n);
        Assert.Equal(whole.Counts, chunked.Counts);
        Assert.Equal(whole.CalibrationCount, chunked.CalibrationCount);
        Assert.Equal(n, whole.Counts.Sum());
        for (var i = 0; i < whole.ScoreSum.Length; i++) Assert.Equal(whole.ScoreSum[i], chunked.ScoreSum[i], 1e-6);

        // And the engine's exact AUROC on ~1M rows equals the tie-aware count over 1001 score values.
        var result = AuditEngine.Run(data, [new GroupingSpec(["g"])], new AuditOptions { Threshold = 0.5 });
        var pos = new long[1001];
        var neg = new long[1001];
        for (var i = 0; i < n; i++)
        {
            var k = (int)Math.Round(scores[i] * 1000);
            if (labels[i] == 1) pos[k]++;
            else neg[k]++;
        }
        double wins = 0, negBelow = 0;
        for (var k = 0; k <= 1000; k++)
        {
            wins += pos[k] * (negBelow + 0.5 * neg[k]);
            negBelow += neg[k];
        }
        var expected = wins / ((double)pos.Sum() * neg.Sum());
        Assert.Equal(expected, result.Overall[(int)GroupMetric.Auroc].Value(), 1e-12);
    }

    [Fact]
    public void Bootstrap_without_scores_is_reproducible_and_gives_intervals()
    {
        var a = RandomAudits.Build(4321, 300);
        var data = a.Data with { Scores = null };
        var options = new AuditOptions { Bootstrap = 100, Seed = 5 };
        var first = RandomAudits.Flatten(AuditEngine.Run(data, a.Groupings, options));
        var second = RandomAudits.Flatten(AuditEngine.Run(data, a.Groupings, options));
        Assert.Null(RandomAudits.Difference(first, second, 0));
        var sr = AuditEngine.Run(data, a.Groupings, options).Overall[(int)GroupMetric.SelectionRate];
        Assert.NotNull(sr.BootstrapCi);
        Assert.InRange(sr.Value(), sr.BootstrapCi!.Value.Low, sr.BootstrapCi.Value.High);
    }

    /// <summary>p_adjusted of every grouping is Holm over the groups' p-values; each p-value is the z or Fisher test on the counts.</summary>
    [Property(MaxTest = 60)]
    public Property Rate_tests_are_holm_adjusted_two_sample_tests() =>
        Prop.ForAll(RandomAudits.Arbitrary(120), a =>
        {
            var r = AuditEngine.Run(a.Data, a.Groupings, new AuditOptions { Threshold = 0.5 });
            foreach (var g in r.Groupings)
            {
                var p = g.Groups.Select(x => x.FnrVsReference.PValue ?? double.NaN).ToArray();
                var adjusted = Vigil.Core.Statistics.MultipleTesting.Holm(p);
                var reference = g.Groups.Single(x => x.Key.Label == g.ReferenceGroup);
                Assert.Equal("reference group", reference.FnrVsReference.Reason);
                for (var i = 0; i < p.Length; i++)
                {
                    var t = g.Groups[i].FnrVsReference;
                    if (t.PValue is null) continue;
                    Assert.Equal(adjusted[i], t.PAdjusted!.Value, 1e-15);
                    Assert.InRange(t.PValue.Value, 0, 1);
                    Assert.True(t.PAdjusted >= t.PValue);
                    var fnr = g.Groups[i][GroupMetric.Fnr].Value() - reference[GroupMetric.Fnr].Value();
                    Assert.Equal(fnr, t.Difference!.Value, 1e-12);
                }
            }
        });

    /// <summary>
    /// Group "rare" has one positive in 20 rows: a replicate drops that row with probability ≈ e^−1, so its
    /// TPR and AUROC are undefined in far more than 5% of replicates and get no bootstrap interval, with a note.
    /// </summary>
    [Fact]
    public void Metrics_undefined_in_many_replicates_get_no_bootstrap_interval_and_say_why()
    {
        var n = 220;
        var labels = new int[n];
        var scores = new double[n];
        var groups = new string[n];
        for (var i = 0; i < n; i++)
        {
            groups[i] = i < 20 ? "rare" : "common";
            labels[i] = i < 20 ? (i == 0 ? 1 : 0) : i % 2;
            scores[i] = ((i * 37) % 100) / 100.0;
        }
        var r = AuditEngine.Run(AuditHelpers.Scored(labels, scores, AuditHelpers.Column("g", groups)), [new GroupingSpec(["g"])],
            new AuditOptions { Threshold = 0.5, Bootstrap = 200, Seed = 3 });
        var rare = r.Group("g", "rare");
        var auroc = rare[GroupMetric.Auroc];
        Assert.NotNull(auroc.Value);
        Assert.Null(auroc.Ci);
        Assert.Matches(@"^no bootstrap interval: undefined in \d+ of 200 replicates$", auroc.Reason);
        var tpr = rare[GroupMetric.Tpr];
        Assert.Equal("wilson", tpr.CiMethod);
        Assert.NotNull(tpr.Ci);
        Assert.Null(tpr.BootstrapCi);
        Assert.StartsWith("no bootstrap interval", tpr.Reason, StringComparison.Ordinal);
        // The common group keeps its intervals.
        Assert.NotNull(r.Group("g", "common")[GroupMetric.Auroc].Ci);
        Assert.Null(r.Group("g", "common")[GroupMetric.Auroc].Reason);
    }
}

public sealed class BootstrapDesignTests
{
    /// <summary>
    /// The bootstrap design's cells, filled with their original counts, must rebuild exactly the point
    /// estimate's confusion counts, Brier and ECE of every group (score bins are unions of calibration bins
    /// and the prediction is part of each cell), for thresholds other than 0.5 too.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property Design_with_original_counts_reproduces_the_point_statistics() =>
        Prop.ForAll(RandomAudits.Arbitrary(80), Arb.From(Gen.Elements(0.3, 0.5, 0.7, 0.35)), (a, threshold) =>
        {
            var scores = a.Data.Scores!;
            var data = a.Data with { Predictions = scores.Select(s => s >= threshold ? (byte)1 : (byte)0).ToArray() };
            var index = new CellIndex(data.Attributes);
            var summary = CellSummary.Scan(data, index, 0, data.Rows);
            var groupings = a.Groupings.Select(g => g.Attributes.Select(n => data.Attributes.ToList().FindIndex(x => x.Name == n)).ToArray()).ToList();
            var structure = GroupStructure.Build(summary, index, data.Attributes, groupings);
            var exact = new GroupTable(structure.TotalGroups, true);
            structure.Aggregate(summary, exact);

            var n = data.Rows;
            var (keys, payload, _) = AuditEngine.SortByScore(data, index, structure);
            RankStatistics.Exact(keys, payload, null, structure, exact);

            var design = BootstrapDesign.FromSortedScores(keys, payload, null, structure.ObservedCells.Length, 100);
            Assert.Equal(n, design.Count.Sum());
            var resampler = new BootstrapResampler(design, structure, (_, _) => { }, 0, hasScore: true);
            var ws = new BootstrapResampler.Workspace(design, structure.TotalGroups, true);
            design.Count.CopyTo(ws.Resampled, 0);
            resampler.Fill(ws, null, null);
            var exactValues = new double[GroupMetrics.Count];
            var filledValues = new double[GroupMetrics.Count];
            for (var g = 0; g < structure.TotalGroups; g++)
            {
                Assert.Equal(exact.Tp[g], ws.Table.Tp[g]);
                Assert.Equal(exact.Fp[g], ws.Table.Fp[g]);
                Assert.Equal(exact.Tn[g], ws.Table.Tn[g]);
                Assert.Equal(exact.Fn[g], ws.Table.Fn[g]);
                exact.Evaluate(g, exactValues);
                ws.Table.Evaluate(g, filledValues);
                foreach (var m in new[] { GroupMetric.Brier, GroupMetric.Ece, GroupMetric.SelectionRate })
                {
                    var x = exactValues[(int)m];
                    var y = filledValues[(int)m];
                    Assert.True(double.IsNaN(x) ? double.IsNaN(y) : Math.Abs(x - y) < 1e-12, $"group {g} {m}: exact {x:R}, design {y:R}");
                }
            }
        });
}
