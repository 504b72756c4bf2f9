using System.Text.Json;
using Vigil.Core.Drift;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>Every score, threshold, verdict and default test in golden_drift.json (Evidently 0.2.8 + scipy 1.10).</summary>
public sealed class GoldenDriftTests
{
    public static IEnumerable<object[]> Scores => DriftFixtures.GoldenScores();

    [Theory]
    [MemberData(nameof(Scores))]
    public void Score_threshold_and_verdict_match_evidently(string section, string column, string test)
    {
        var golden = DriftFixtures.Section(section).GetProperty("columns").GetProperty(column).GetProperty("tests").GetProperty(test);
        var samples = DriftFixtures.Samples(section, column);
        var stat = StatTestCatalog.Find(test);
        Assert.NotNull(stat);
        var outcome = stat.Run(samples);

        var want = golden.GetProperty("score").GetDouble();
        Assert.True(outcome.Score.HasValue, $"{section}/{column}/{test}: undefined ({outcome.Reason}), want {want}");
        Assert.True(DriftFixtures.Close(outcome.Score!.Value, want), $"{section}/{column}/{test}: got {outcome.Score:R} want {want:R}");
        Assert.Equal(golden.GetProperty("threshold").GetDouble(), outcome.Threshold);
        Assert.Equal(golden.GetProperty("drift_detected").GetBoolean(), outcome.Drift);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("first_800_rows")]
    public void Default_test_column_verdicts_and_dataset_drift_match_evidently(string section)
    {
        var gold = DriftFixtures.Section(section);
        var results = new List<ColumnDrift>();
        foreach (var column in gold.GetProperty("columns").EnumerateObject())
        {
            var result = ColumnDriftAnalyzer.Analyze(column.Name, DriftFixtures.Samples(section, column.Name), TestSelection.Auto);
            Assert.Equal(column.Value.GetProperty("default_test").GetString(), result.DefaultTest);
            Assert.Equal(column.Value.GetProperty("evidently_default").GetProperty("drift_detected").GetBoolean(), result.Drift);
            Assert.Equal(column.Value.GetProperty("type").GetString() == "num" ? ColumnType.Numerical : ColumnType.Categorical, result.Type);
            results.Add(result);
        }
        var report = gold.GetProperty("summary").GetProperty("evidently_default_report");
        var dataset = DatasetDrift.Of(results);
        Assert.Equal(report.GetProperty("number_of_drifted_columns").GetInt32(), dataset.DriftedColumns);
        Assert.Equal(report.GetProperty("share_of_drifted_columns").GetDouble(), dataset.Share!.Value, 12);
        Assert.Equal(report.GetProperty("dataset_drift").GetBoolean(), dataset.Drift);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("first_800_rows")]
    public void Ks_statistic_and_both_p_value_methods_match_scipy(string section)
    {
        foreach (var column in DriftFixtures.Section(section).GetProperty("columns").EnumerateObject())
        {
            if (!column.Value.GetProperty("tests").TryGetProperty("ks", out var ks)) continue;
            var detail = ks.GetProperty("detail");
            var samples = DriftFixtures.Samples(section, column.Name);
            var result = Core.Drift.Numeric.KolmogorovSmirnov.TwoSample(samples.Reference!, samples.Current!);
            Assert.Equal(detail.GetProperty("statistic_D").GetDouble(), result.Statistic, 12);
            Assert.Equal(detail.GetProperty("auto_resolves_to").GetString(), result.Method);
            var asymp = Core.Drift.Numeric.KolmogorovSmirnov.AsymptoticPValue(result.Statistic, samples.Reference!.Count, samples.Current!.Count);
            var wantAsymp = detail.GetProperty("pvalue_method_asymp").GetDouble();
            Assert.True(DriftFixtures.Close(asymp, wantAsymp, 1e-6), $"{section}/{column.Name}: asymp got {asymp:R} want {wantAsymp:R}");
        }
    }

    [Theory]
    [InlineData("full")]
    [InlineData("first_800_rows")]
    public void Binning_edges_and_shares_match_evidently(string section)
    {
        foreach (var column in DriftFixtures.Section(section).GetProperty("columns").EnumerateObject())
        {
            var detail = column.Value.GetProperty("tests").GetProperty("jensenshannon").GetProperty("detail");
            var binned = DriftFixtures.Samples(section, column.Name).Binned;
            if (detail.GetProperty("edges").ValueKind == JsonValueKind.Array)
            {
                var edges = detail.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.NotNull(binned.Edges);
                Assert.Equal(edges.Length, binned.Edges.Count);
                for (var i = 0; i < edges.Length; i++) Assert.Equal(edges[i], binned.Edges[i], 12);
            }
            else
            {
                Assert.NotNull(binned.Keys);
                Assert.Equal(detail.GetProperty("keys").GetArrayLength(), binned.Keys.Count);
            }
            var refShares = detail.GetProperty("ref_share").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
            Assert.Equal(refShares, binned.ReferenceShares.Order().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        }
    }
}
