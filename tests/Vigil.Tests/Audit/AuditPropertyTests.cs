using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Random;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

public sealed class AuditPropertyTests
{
    private static AuditResult Run(GeneratedAudit a, AuditOptions? options = null) =>
        AuditEngine.Run(a.Data, a.Groupings, options ?? new AuditOptions { Threshold = 0.5 });

    private static AuditData Permute(AuditData d, int[] order) => new(
        order.Select(i => d.Labels[i]).ToArray(),
        order.Select(i => d.Predictions[i]).ToArray(),
        d.Scores is null ? null : order.Select(i => d.Scores[i]).ToArray(),
        d.Attributes.Select(a => a with { Codes = order.Select(i => a.Codes[i]).ToArray() }).ToList());

    [Property(MaxTest = 60)]
    public Property Row_order_does_not_change_results() =>
        Prop.ForAll(RandomAudits.Arbitrary(), Arb.From(Gen.Choose(0, 1_000_000)), (a, shuffleSeed) =>
        {
            var order = Enumerable.Range(0, a.Data.Rows).ToArray();
            new Random(shuffleSeed).Shuffle(order);
            var shuffled = a with { Data = Permute(a.Data, order) };
            var diff = RandomAudits.Difference(RandomAudits.Flatten(Run(a)), RandomAudits.Flatten(Run(shuffled)));
            Assert.True(diff is null, diff);
        });

    [Property(MaxTest = 100)]
    public Property Merged_halves_equal_the_summary_of_the_whole() =>
        Prop.ForAll(RandomAudits.Arbitrary(), Arb.From(Gen.Choose(0, 100)), (a, cutPercent) =>
        {
            var n = a.Data.Rows;
            var cut = n * cutPercent / 100;
            var index = new CellIndex(a.Data.Attributes);
            var whole = CellSummary.Scan(a.Data, index, 0, n);
            var merged = CellSummary.Scan(a.Data, index, 0, cut);
            merged.Merge(CellSummary.Scan(a.Data, index, cut, n));
            Assert.Equal(whole.Counts, merged.Counts);
            Assert.Equal(whole.CalibrationCount, merged.CalibrationCount);
            Assert.Equal(whole.CalibrationPositives, merged.CalibrationPositives);
            Assert.Equal(n, Enumerable.Range(0, whole.Cells).Sum(c => whole.CellRows(c)));
            foreach (var (x, y) in new[] { (whole.ScoreSum, merged.ScoreSum), (whole.ScoreSquareSum, merged.ScoreSquareSum), (whole.CalibrationScoreSum, merged.CalibrationScoreSum) })
                for (var i = 0; i < x.Length; i++) Assert.Equal(x[i], y[i], 1e-12);
        });

    [Property(MaxTest = 100)]
    public Property Rates_lie_in_0_1_and_wilson_intervals_contain_the_point() =>
        Prop.ForAll(RandomAudits.Arbitrary(), a =>
        {
            var r = Run(a);
            var all = r.Groupings.SelectMany(g => g.Groups.Select(x => x.Metrics)).Append(r.Overall);
            foreach (var metrics in all)
            {
                for (var m = (int)GroupMetric.Prevalence; m < metrics.Count; m++)
                {
                    var metric = metrics[m];
                    if (metric.Value is not { } v)
                    {
                        Assert.False(string.IsNullOrEmpty(metric.Reason), $"{(GroupMetric)m} undefined without a reason");
                        continue;
                    }
                    // Average precision may overshoot 1 by rounding: a known bug, pinned by
                    // GroupMetricTests.Average_precision_of_a_perfect_ranking_is_exactly_1 (skipped); allowed here.
                    var slack = m == (int)GroupMetric.Auprc ? 1e-12 : 0;
                    Assert.True(v >= 0 && v <= 1 + slack, $"{(GroupMetric)m} = {v:R} outside [0, 1]");
                    if (metric.CiMethod == "wilson")
                    {
                        var ci = metric.Ci!.Value;
                        Assert.InRange(ci.Low, 0, 1);
                        Assert.InRange(ci.High, 0, 1);
                        Assert.InRange(v, ci.Low - 1e-12, ci.High + 1e-12);
                    }
                }
                Assert.Equal(metrics[(int)GroupMetric.Tpr].Value is null, metrics[(int)GroupMetric.Fnr].Value is null);
                if (metrics[(int)GroupMetric.Tpr].Value is { } tpr) Assert.Equal(1, tpr + metrics[(int)GroupMetric.Fnr].Value!.Value, 1e-12);
            }
            // Group sizes add up to the population in every grouping.
            foreach (var g in r.Groupings) Assert.Equal(a.Data.Rows, g.Groups.Sum(x => x.N));
        });

    [Property(MaxTest = 100)]
    public Property Wilson_interval_lies_in_0_1_and_contains_the_point() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 5000).SelectMany(n => Gen.Choose(0, n).Select(k => (k, n)))), t =>
        {
            var ci = WilsonInterval.Compute(t.k, t.n)!.Value;
            var p = (double)t.k / t.n;
            return ci.Low >= 0 && ci.High <= 1 && ci.Low <= p + 1e-15 && p <= ci.High + 1e-15 && ci.Low < ci.High;
        });

    /// <summary>Reversing the level order of attr0 (each row keeps its level name) permutes groups but not their values.</summary>
    [Property(MaxTest = 60)]
    public Property Relabelling_levels_permutes_group_results() =>
        Prop.ForAll(RandomAudits.Arbitrary(), a =>
        {
            var first = a.Data.Attributes[0];
            var k = first.Levels.Length;
            var renamed = first with
            {
                Levels = first.Levels.Reverse().Select(l => "new-" + l).ToArray(),
                Codes = first.Codes.Select(c => k - 1 - c).ToArray(),
            };
            var relabelled = a with { Data = a.Data with { Attributes = [renamed, .. a.Data.Attributes.Skip(1)] } };
            var before = RandomAudits.Flatten(Run(a));
            var after = RandomAudits.Flatten(Run(relabelled))
                .ToDictionary(kv => kv.Key.Replace("new-", "", StringComparison.Ordinal), kv => kv.Value, StringComparer.Ordinal);
            // The default reference (largest group, ties broken by level order) may move; compare without it.
            foreach (var d in new[] { before, after })
                foreach (var key in d.Keys.Where(x => x.Contains("reference", StringComparison.Ordinal) || x.Contains("_test.", StringComparison.Ordinal)).ToList())
                    d.Remove(key);
            var diff = RandomAudits.Difference(before, after);
            Assert.True(diff is null, diff);
        });

    [Property(MaxTest = 60)]
    public Property Exact_auroc_equals_naive_pairwise_auroc() =>
        Prop.ForAll(RandomAudits.Arbitrary(), a =>
        {
            var r = Run(a);
            var scores = a.Data.Scores!;
            var labels = a.Data.Labels;
            foreach (var grouping in r.Groupings)
            {
                var attrs = grouping.Columns.Select(c => a.Data.Attributes.Single(x => x.Name == c)).ToArray();
                foreach (var g in grouping.Groups)
                {
                    var rows = Enumerable.Range(0, a.Data.Rows).Where(i =>
                        attrs.Select((at, j) => at.Levels[at.Codes[i]] == g.Key.Values[j].Value).All(x => x)).ToArray();
                    Assert.Equal(rows.Length, g.N);
                    double wins = 0;
                    long pairs = 0;
                    foreach (var i in rows.Where(i => labels[i] == 1))
                        foreach (var j in rows.Where(j => labels[j] == 0))
                        {
                            pairs++;
                            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                        }
                    var auroc = g[GroupMetric.Auroc];
                    if (pairs == 0) Assert.Null(auroc.Value);
                    else Assert.Equal(wins / pairs, auroc.Value!.Value, 1e-12);
                }
            }
        });

    [Property(MaxTest = 100)]
    public Property Multinomial_resample_sums_to_n() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 50))), Arb.From(Gen.Choose(0, 10_000)), (counts, seed) =>
        {
            var c = counts.Select(x => (long)x).ToArray();
            var result = new long[c.Length];
            MultinomialSampler.Resample(new Xoshiro256StarStar(seed, threadSafe: false), c, result);
            return result.Sum() == c.Sum() && result.Select((k, i) => k >= 0 && (c[i] > 0 || k == 0)).All(x => x);
        });

    [Fact]
    public void Bootstrap_with_the_same_seed_is_reproducible_and_independent_of_scheduling()
    {
        var a = RandomAudits.Build(12345, 400);
        var options = new AuditOptions { Threshold = 0.5, Bootstrap = 200, Seed = 7 };
        var first = RandomAudits.Flatten(Run(a, options));
        // Run again four times concurrently, so the replicates land on other threads in another order.
        var concurrent = Enumerable.Range(0, 4).AsParallel().Select(_ => RandomAudits.Flatten(Run(a, options))).ToList();
        foreach (var other in concurrent) Assert.Null(RandomAudits.Difference(first, other, tolerance: 0));
        Assert.Contains(first, kv => kv.Key.EndsWith(".bci.lo", StringComparison.Ordinal) && kv.Value is not null);
        Assert.Contains(first, kv => kv.Key.StartsWith("overall.auroc.ci", StringComparison.Ordinal) && kv.Value is not null);

        var otherSeed = RandomAudits.Flatten(Run(a, options with { Seed = 8 }));
        Assert.NotNull(RandomAudits.Difference(first, otherSeed, tolerance: 0));
    }

    [Fact]
    public void Bootstrap_intervals_bracket_the_point_estimate_on_a_larger_sample()
    {
        var a = RandomAudits.Build(99, 2000);
        var r = Run(a, new AuditOptions { Threshold = 0.5, Bootstrap = 300, Seed = 3 });
        foreach (var m in new[] { GroupMetric.Auroc, GroupMetric.Brier, GroupMetric.Tpr, GroupMetric.Accuracy })
        {
            var metric = r.Overall[(int)m];
            var interval = metric.CiMethod == "wilson" ? metric.BootstrapCi!.Value : metric.Ci!.Value;
            Assert.InRange(metric.Value!.Value, interval.Low, interval.High);
            Assert.True(interval.High - interval.Low < 0.2, $"{m}: implausibly wide bootstrap interval {interval}");
            Assert.True(interval.High > interval.Low, $"{m}: degenerate interval");
        }
    }
}
