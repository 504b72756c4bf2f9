using System.Globalization;
using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// Every value compare_audit.py compares (and a few more from the same golden file: AIF360 ratios,
/// Fairlearn FNR/FPR frame differences, confusion counts, calibration) on golden/fx_binary_small.csv,
/// computed by Fairlearn 0.12 / AIF360 0.6.1 / scikit-learn 1.2.1, must match Vigil's JSON to 1e-9.
/// Golden values that are null or "inf" are skipped (the libraries themselves give no number).
/// </summary>
public sealed class GoldenFairlearnAif360Tests
{
    private const double Tolerance = 1e-9;

    private static readonly string[] Groupings = ["sex", "race", "age_band", "sex*race"];

    private static readonly Dictionary<string, string> GroupMetricColumns = new()
    {
        ["selection_rate"] = "selection_rate", ["sensitivity"] = "true_positive_rate", ["fpr"] = "false_positive_rate",
        ["fnr"] = "false_negative_rate", ["specificity"] = "true_negative_rate", ["accuracy"] = "accuracy",
        ["balanced_accuracy"] = "balanced_accuracy", ["ppv"] = "precision", ["auroc"] = "roc_auc",
    };

    private static readonly string[] FairlearnFunctions =
    [
        "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
        "equalized_odds_ratio", "equal_opportunity_difference", "equal_opportunity_ratio",
    ];

    private static readonly string[] Aif360VsReference =
    [
        "statistical_parity_difference", "disparate_impact", "equal_opportunity_difference",
        "average_odds_difference", "average_abs_odds_difference", "error_rate_difference", "error_rate_ratio",
        "false_negative_rate_difference", "false_negative_rate_ratio", "false_positive_rate_difference",
        "false_positive_rate_ratio", "false_omission_rate_difference", "false_discovery_rate_difference",
        "between_group_theil_index",
    ];

    private static readonly Lazy<JsonDocument> GoldenDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("golden_fx_binary_small.json"))));

    /// <summary>The real command line on the golden CSV, with the golden file's references.</summary>
    private static readonly Lazy<JsonDocument> VigilDoc = new(() => CliRunner.Json(
        "audit", "--data", TestFiles.Golden("fx_binary_small.csv"), "--label", "y_true", "--score", "y_score",
        "--protected", "sex,race,age_band", "--intersections", "sex*race",
        "--reference", "sex=M", "--reference", "race=A", "--reference", "age_band=35-54"));

    /// <summary>The same audit from the CSV's precomputed y_pred column (--prediction) instead of the score.</summary>
    private static readonly Lazy<JsonDocument> PredictionDoc = new(() => CliRunner.Json(
        "audit", "--data", TestFiles.Golden("fx_binary_small.csv"), "--label", "y_true", "--prediction", "y_pred",
        "--protected", "sex,race,age_band", "--intersections", "sex*race",
        "--reference", "sex=M", "--reference", "race=A", "--reference", "age_band=35-54"));

    private static readonly Lazy<Dictionary<string, double>> Expected = new(BuildExpected);

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var k in Expected.Value.Keys.Order(StringComparer.Ordinal)) data.Add(k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Value_matches_golden(string key)
    {
        var want = Expected.Value[key];
        var got = Actual(key);
        Assert.True(got.HasValue, $"{key}: Vigil reports undefined, golden {want.ToString("R", CultureInfo.InvariantCulture)}");
        Assert.True(Math.Abs(got!.Value - want) <= Tolerance,
            $"{key}: got {got.Value.ToString("R", CultureInfo.InvariantCulture)}, golden {want.ToString("R", CultureInfo.InvariantCulture)}");
    }

    public static TheoryData<string> CountKeys()
    {
        var data = new TheoryData<string>();
        foreach (var k in Expected.Value.Keys.Where(k => !k.EndsWith(".auroc", StringComparison.Ordinal) && !k.EndsWith(".brier", StringComparison.Ordinal)
                                                         && !k.EndsWith(".ece", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(k);
        return data;
    }

    [Theory]
    [MemberData(nameof(CountKeys))]
    public void Value_matches_golden_in_prediction_mode(string key)
    {
        var want = Expected.Value[key];
        var got = Actual(key, PredictionDoc.Value);
        Assert.True(got.HasValue, $"{key}: Vigil reports undefined, golden {want.ToString("R", CultureInfo.InvariantCulture)}");
        Assert.True(Math.Abs(got!.Value - want) <= Tolerance,
            $"{key}: got {got.Value.ToString("R", CultureInfo.InvariantCulture)}, golden {want.ToString("R", CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public void Golden_set_covers_every_compared_family()
    {
        // 4 groupings: 2+4+3+8 = 17 groups x 9 metrics, 4 x (12 Fairlearn + 15 AIF360-ish), 3 inequality.
        var keys = Expected.Value.Keys.ToList();
        Assert.True(keys.Count(k => k.Contains(".metrics.", StringComparison.Ordinal)) >= 17 * 9 - 10, "too few group metrics");
        Assert.Equal(4 * FairlearnFunctions.Length * 2, keys.Count(k => k.Contains(".between_groups.", StringComparison.Ordinal) && !k.Contains("rate_", StringComparison.Ordinal) && !k.Contains("smoothed", StringComparison.Ordinal))
            + keys.Count(k => k.Contains(".to_overall.", StringComparison.Ordinal) && !k.Contains("rate_", StringComparison.Ordinal)));
        Assert.Contains("sex*race.between_groups.smoothed_empirical_differential_fairness", keys);
        Assert.Contains("inequality.coefficient_of_variation", keys);
        Assert.Contains("calibration.overall.ece", keys);
    }

    [Fact]
    public void Overall_confusion_counts_match_golden()
    {
        var confusion = GoldenDoc.Value.RootElement.GetProperty("overall_confusion");
        long tp = confusion.GetProperty("tp").GetInt64(), fp = confusion.GetProperty("fp").GetInt64(),
            tn = confusion.GetProperty("tn").GetInt64(), fn = confusion.GetProperty("fn").GetInt64();
        var overall = VigilDoc.Value.RootElement.GetProperty("overall");
        var metrics = overall.GetProperty("metrics");
        var n = overall.GetProperty("n").GetInt64();
        var positives = (long)metrics.GetProperty("positives").MetricValue()!.Value;
        Assert.Equal(tp + fp + tn + fn, n);
        Assert.Equal(tp + fn, positives);
        // Counts recovered from the rates: tp = tpr·P, fp = fpr·(n − P).
        Assert.Equal(tp, (long)Math.Round(metrics.GetProperty("sensitivity").MetricValue()!.Value * positives));
        Assert.Equal(fp, (long)Math.Round(metrics.GetProperty("fpr").MetricValue()!.Value * (n - positives)));
        Assert.Equal(tn, (long)Math.Round(metrics.GetProperty("specificity").MetricValue()!.Value * (n - positives)));
        Assert.Equal(fn, (long)Math.Round(metrics.GetProperty("fnr").MetricValue()!.Value * positives));
    }

    [Fact]
    public void Group_sizes_match_golden_counts()
    {
        foreach (var name in Groupings)
        {
            var frame = GoldenDoc.Value.RootElement.GetProperty("fairlearn_metric_frames").GetProperty(name.Replace("*", "×", StringComparison.Ordinal));
            foreach (var g in frame.GetProperty("by_group").EnumerateObject())
            {
                var group = FindGroup(name, g.Name);
                Assert.Equal((long)g.Value.GetProperty("count").GetDouble(), group.GetProperty("n").GetInt64());
            }
        }
    }

    [Fact]
    public void References_are_the_golden_privileged_groups()
    {
        Assert.Equal("M", VigilDoc.Value.Attribute("sex").GetProperty("reference_group").GetString());
        Assert.Equal("A", VigilDoc.Value.Attribute("race").GetProperty("reference_group").GetString());
        Assert.Equal("35-54", VigilDoc.Value.Attribute("age_band").GetProperty("reference_group").GetString());
        Assert.Equal("M*A", VigilDoc.Value.Attribute("sex*race").GetProperty("reference_group").GetString());
    }

    private static Dictionary<string, double> BuildExpected()
    {
        var root = GoldenDoc.Value.RootElement;
        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string key, JsonElement? value)
        {
            if (value is { ValueKind: JsonValueKind.Number } v) expected[key] = v.GetDouble();
        }
        JsonElement? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v : null;

        foreach (var name in Groupings)
        {
            var gname = name.Replace("*", "×", StringComparison.Ordinal);
            var frame = root.GetProperty("fairlearn_metric_frames").GetProperty(gname);
            foreach (var g in frame.GetProperty("by_group").EnumerateObject())
                foreach (var (vigil, column) in GroupMetricColumns)
                    Add($"{name}[{g.Name}].metrics.{vigil}", Get(g.Value, column));
            foreach (var (vigil, column) in GroupMetricColumns)
                Add($"overall.metrics.{vigil}", Get(frame.GetProperty("overall"), column));
            // MetricFrame differences / ratios of FNR and FPR = Fairlearn's generated *_rate_difference/ratio.
            foreach (var (vigil, column) in new[] { ("false_negative_rate", "false_negative_rate"), ("false_positive_rate", "false_positive_rate") })
            {
                Add($"{name}.between_groups.{vigil}_difference", Get(frame.GetProperty("difference_between_groups"), column));
                Add($"{name}.between_groups.{vigil}_ratio", Get(frame.GetProperty("ratio_between_groups"), column));
                Add($"{name}.to_overall.{vigil}_difference", Get(frame.GetProperty("difference_to_overall"), column));
                Add($"{name}.to_overall.{vigil}_ratio", Get(frame.GetProperty("ratio_to_overall"), column));
            }

            var functions = root.GetProperty("fairlearn_fairness_functions").GetProperty(gname);
            foreach (var f in FairlearnFunctions)
            {
                var extra = f.StartsWith("equalized_odds", StringComparison.Ordinal) ? ",worst_case" : "";
                Add($"{name}.between_groups.{f}", Get(functions, $"{f}[between_groups{extra}]"));
                Add($"{name}.to_overall.{f}", Get(functions, $"{f}[to_overall{extra}]"));
            }

            var aif = root.GetProperty("aif360").GetProperty(gname).GetProperty("metrics");
            foreach (var m in Aif360VsReference) Add($"{name}.vs_reference.{m}", Get(aif, m));
            Add($"{name}.vs_reference.between_group_generalized_entropy_index", Get(aif, "between_group_generalized_entropy_index[alpha=2]"));
            Add($"{name}.between_groups.smoothed_empirical_differential_fairness",
                Get(aif, "dataset_pred.smoothed_empirical_differential_fairness[concentration=1]"));

            var calibration = root.GetProperty("calibration").GetProperty("by_grouping").GetProperty(gname);
            foreach (var g in calibration.EnumerateObject())
            {
                Add($"{name}[{g.Name}].metrics.brier", Get(g.Value, "brier"));
                Add($"{name}[{g.Name}].metrics.ece", Get(g.Value, "ece"));
            }
        }
        var aif0 = root.GetProperty("aif360").GetProperty("sex").GetProperty("metrics");
        Add("inequality.theil_index", Get(aif0, "theil_index"));
        Add("inequality.generalized_entropy_index", Get(aif0, "generalized_entropy_index[alpha=2]"));
        Add("inequality.coefficient_of_variation", Get(aif0, "coefficient_of_variation"));
        var cal = root.GetProperty("calibration").GetProperty("overall");
        Add("calibration.overall.brier", Get(cal, "brier"));
        Add("calibration.overall.ece", Get(cal, "ece"));
        return expected;
    }

    private static JsonElement FindGroup(string grouping, string goldenKey, JsonDocument? doc = null)
    {
        var wanted = goldenKey.Split('|').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (doc ?? VigilDoc.Value).Attribute(grouping).GetProperty("groups").EnumerateArray().Single(g =>
            wanted.All(w => g.GetProperty("values").GetProperty(w.Key).GetString() == w.Value));
    }

    private static double? Actual(string key, JsonDocument? source = null)
    {
        var doc = source ?? VigilDoc.Value;
        if (key.StartsWith("inequality.", StringComparison.Ordinal))
            return doc.RootElement.GetProperty("inequality").GetProperty(key["inequality.".Length..]).MetricValue();
        if (key.StartsWith("calibration.overall.", StringComparison.Ordinal))
            return doc.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty(key["calibration.overall.".Length..]).MetricValue();
        if (key.StartsWith("overall.metrics.", StringComparison.Ordinal))
            return doc.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty(key["overall.metrics.".Length..]).MetricValue();
        var bracket = key.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            var close = key.IndexOf(']', StringComparison.Ordinal);
            var grouping = key[..bracket];
            var group = FindGroup(grouping, key[(bracket + 1)..close], doc);
            return group.GetProperty("metrics").GetProperty(key[(close + ".metrics.".Length + 1)..]).MetricValue();
        }
        var parts = key.Split('.');
        return doc.Attribute(parts[0]).GetProperty("disparities").GetProperty(parts[1]).GetProperty(parts[2]).MetricValue();
    }
}
