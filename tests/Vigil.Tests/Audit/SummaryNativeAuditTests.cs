using Vigil.Core.Audit;
using Vigil.Core.Audit.Federation;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// The summary-native audit (docs/federated.md, docs/push-down.md): a summary's distinct (cell, label, prediction, score
/// bin) rows with their counts are audited without rebuilding a row. (1) It equals the row audit of the rebuilt rows —
/// every metric, disparity, test and bootstrap interval — because every pass weighs a distinct row by its count and the
/// bootstrap's multinomial design is the same. (2) Against the original rows (scores to six decimals, the shape of the
/// bench data: race 5 levels, age band 4, their intersection) at the push-down's default bin width 10⁻⁴: counts
/// identical, AUROC, AUPRC, Brier and ECE within 10⁻⁴, bootstrap intervals within Monte-Carlo tolerance.
/// </summary>
public sealed class SummaryNativeAuditTests
{
    private static readonly GroupingSpec[] Groupings =
        [new(["race"]), new(["age_band"]), new(["race", "age_band"])];

    private static readonly string[] ScoreMetrics = ["auroc", "auprc", "brier", "ece"];

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-4)]
    public void The_summary_native_audit_equals_the_audit_of_the_rebuilt_rows_intervals_included(double width)
    {
        var rows = BenchShapedRows(60_000, seed: 7);
        var summary = SummaryPooling.Summarize(rows, "site", 0.5, 11, "1", width);
        var weighted = SummaryPooling.PoolSummaries([summary], withSite: false);
        Assert.Equal(rows.Rows, weighted.Rows);
        Assert.True(weighted.Distinct.Rows < rows.Rows, $"{weighted.Distinct.Rows} distinct rows for {rows.Rows}");

        var options = new AuditOptions { Threshold = 0.5, Bootstrap = 200, Seed = 5 };
        var native = AuditEngine.Run(weighted, Groupings, options);
        var rebuilt = AuditEngine.Run(weighted.Expand(), Groupings, options);
        Assert.Equal(rebuilt.Rows, native.Rows);
        var a = RandomAudits.Flatten(rebuilt);
        var b = RandomAudits.Flatten(native);
        Assert.True(a.Count > 1000, $"only {a.Count} values");
        Assert.Null(RandomAudits.Difference(a, b, 1e-9));
        // Intervals were compared, not only point values.
        Assert.True(a.Count(kv => kv.Key.EndsWith(".bci.lo", StringComparison.Ordinal) && kv.Value is not null) > 300);
    }

    [Fact]
    public void Predictions_only_summaries_are_audited_natively_with_every_count_exact()
    {
        var scored = BenchShapedRows(20_000, seed: 11);
        var rows = scored with { Scores = null };
        var summary = SummaryPooling.Summarize(rows, "site", null, 11, "1");
        var weighted = SummaryPooling.PoolSummaries([summary], withSite: false);
        Assert.True(weighted.Distinct.Rows <= 20 * 4);
        var options = new AuditOptions { Bootstrap = 100, Seed = 3 };
        var native = RandomAudits.Flatten(AuditEngine.Run(weighted, Groupings, options));
        var fromRows = RandomAudits.Flatten(AuditEngine.Run(rows, Groupings, options));
        // Point values and Wilson intervals are functions of the counts: identical to the original rows'.
        foreach (var (key, value) in fromRows)
        {
            if (key.Contains(".bci.", StringComparison.Ordinal)) continue;
            var other = native[key];
            Assert.True(value is null == other is null, key);
            if (value is { } x) Assert.True(Math.Abs(x - other!.Value) <= 1e-12 * Math.Max(1, Math.Abs(x)), $"{key}: {x} vs {other}");
        }
    }

    [Fact]
    public void At_the_pushdown_bin_width_the_summary_native_audit_matches_the_rows_on_the_bench_data_shape()
    {
        var rows = BenchShapedRows(300_000, seed: 42);
        var summary = SummaryPooling.Summarize(rows, "site", 0.5, 11, "1", SiteSummary.DefaultPushdownScoreBinWidth);
        var weighted = SummaryPooling.PoolSummaries([summary], withSite: false);
        // The summary is bounded by the bins, not by the rows: 20 cells × (about 2 outcomes) × 10⁴ bins at most.
        Assert.True(weighted.Distinct.Rows <= 20 * 4 * 10_000);

        var options = new AuditOptions { Threshold = 0.5, Bootstrap = 400, Seed = 9 };
        var exact = AuditEngine.Run(rows, Groupings, options);
        var native = AuditEngine.Run(weighted, Groupings, options);
        Assert.Equal(exact.Rows, native.Rows);
        var a = RandomAudits.Flatten(exact);
        var b = RandomAudits.Flatten(native);
        var scoreValues = 0;
        var intervals = 0;
        var worstScore = 0.0;
        var worstInterval = 0.0;
        foreach (var (key, value) in a)
        {
            var other = b[key];
            Assert.True(value is null == other is null, $"{key}: {value} vs {other}");
            if (value is not { } x) continue;
            var y = other!.Value;
            var metric = key[(key.LastIndexOf('.') + 1)..];
            if (key.Contains(".ci.", StringComparison.Ordinal) || key.Contains(".bci.", StringComparison.Ordinal))
            {
                // Interval endpoints (Wilson intervals are functions of the counts, checked exactly above them; bootstrap
                // intervals draw with the same seed over a design of the same cells, but with quantile edges at bin
                // centres, so the two draw sequences are nearly independent): agreement within Monte-Carlo error. With B = 400
                // the standard error of a 2.5% percentile is ≈ 0.034 of a normal 95% interval's width, of the difference of two
                // independent ones ≈ 0.05: a quarter of the width (≈ 5 standard errors), or 10⁻³.
                var width = IntervalWidth(a, key);
                var tolerance = Math.Max(0.25 * width, 1e-3);
                worstInterval = Math.Max(worstInterval, Math.Abs(x - y) / tolerance);
                Assert.True(Math.Abs(x - y) <= tolerance, $"{key}: {x} vs {y} (interval width {width})");
                intervals++;
            }
            else if (ScoreMetrics.Contains(metric))
            {
                worstScore = Math.Max(worstScore, Math.Abs(x - y));
                Assert.True(Math.Abs(x - y) <= 1e-4, $"{key}: {x} vs {y}");
                scoreValues++;
            }
            else
            {
                // Every count, count metric, Wilson interval, count disparity and test: identical.
                Assert.True(Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x)), $"{key}: {x} vs {y}");
            }
        }
        Assert.True(scoreValues >= 4 * 30, $"only {scoreValues} score metrics compared");
        Assert.True(intervals > 300, $"only {intervals} interval endpoints compared");
        Assert.True(worstScore < 1e-4 && worstInterval <= 1, $"{worstScore} {worstInterval}");
    }

    private static double IntervalWidth(Dictionary<string, double?> values, string key)
    {
        var stem = key[..key.LastIndexOf('.')];
        return values[stem + ".hi"] is { } hi && values[stem + ".lo"] is { } lo ? hi - lo : 0;
    }

    /// <summary>
    /// Rows shaped like the bench data (bench/Vigil.Bench/BenchData.cs): race A–E (55/20/12/8/5%), age band of four,
    /// prevalence 0.2 + 0.05·band, score = logistic(signal + N(0, 1) − 0.8) to six decimals, prediction at 0.5.
    /// </summary>
    private static AuditData BenchShapedRows(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = new byte[n];
        var predictions = new byte[n];
        var scores = new double[n];
        var race = new int[n];
        var age = new int[n];
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            race[i] = u < 0.55 ? 0 : u < 0.75 ? 1 : u < 0.87 ? 2 : u < 0.95 ? 3 : 4;
            age[i] = rng.Next(4);
            labels[i] = (byte)(rng.NextDouble() < 0.2 + 0.05 * age[i] ? 1 : 0);
            var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var z = (labels[i] == 1 ? 1.6 - 0.25 * race[i] : 0) + normal - 0.8;
            scores[i] = Math.Round(1 / (1 + Math.Exp(-z)), 6);
            predictions[i] = (byte)(scores[i] >= 0.5 ? 1 : 0);
        }
        return new AuditData(labels, predictions, scores,
        [
            new ProtectedColumn("race", race, ["A", "B", "C", "D", "E"]),
            new ProtectedColumn("age_band", age, ["18-34", "35-54", "55-74", "75+"]),
        ]);
    }
}
