using System.Text.Json;
using Vigil.Cli;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>`vigil drift` end to end through VigilApp.Run on real files: formats, options and bad input.</summary>
public sealed class DriftCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string[] Fixtures(params string[] extra) =>
        ["drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv, .. extra];

    [Fact]
    public void Json_output_follows_the_contract_and_matches_evidently_defaults()
    {
        var outPath = Path.Combine(_dir, "drift.json");
        var (code, _, err) = Run(Fixtures("--format", "json", "--out", outPath));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        var root = doc.RootElement;
        Assert.Equal("vigil.drift/v2", root.GetProperty("schema").GetString());
        var golden = DriftFixtures.Section("full").GetProperty("columns");
        var columns = root.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(11, columns.Count);
        foreach (var c in columns)
        {
            var name = c.GetProperty("column").GetString()!;
            var g = golden.GetProperty(name);
            Assert.Equal(g.GetProperty("default_test").GetString(), c.GetProperty("default_test").GetString());
            Assert.Equal(g.GetProperty("evidently_default").GetProperty("drift_detected").GetBoolean(), c.GetProperty("drift_detected").GetBoolean());
            Assert.Equal(g.GetProperty("type").GetString() == "num" ? "numerical" : "categorical", c.GetProperty("type").GetString());
            var test = c.GetProperty("tests").GetProperty(c.GetProperty("default_test").GetString()!);
            Assert.True(DriftFixtures.Close(test.GetProperty("score").GetProperty("value").GetDouble(), g.GetProperty("evidently_default").GetProperty("drift_score").GetDouble()));
            var histogram = c.GetProperty("histogram");
            Assert.Equal(histogram.GetProperty("reference").GetArrayLength(), histogram.GetProperty("current").GetArrayLength());
        }
        var dataset = root.GetProperty("dataset_drift");
        Assert.Equal(5, dataset.GetProperty("drifted_columns").GetInt32());
        Assert.Equal(0.5, dataset.GetProperty("threshold").GetDouble());
        Assert.False(dataset.GetProperty("drift_detected").GetBoolean());
    }

    [Fact]
    public void Tests_all_runs_every_test_for_the_column_type()
    {
        var (code, json, err) = Run(Fixtures("--tests", "all", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var columns = doc.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        var numericTests = columns["num_stable_normal"].GetProperty("tests").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "ks", "wasserstein", "psi", "jensenshannon", "kl_div", "hellinger", "anderson", "cramer_von_mises", "ed", "t_test", "mannw" }, numericTests);
        var binary = columns["cat_binary_shift"].GetProperty("tests").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "chisquare", "z", "psi", "jensenshannon", "kl_div", "hellinger", "fisher_exact", "TVD", "g_test" }, binary);
        // z and fisher_exact need a binary column: undefined with a reason, never NaN.
        var z = columns["cat_shift"].GetProperty("tests").GetProperty("z");
        Assert.Equal(JsonValueKind.Null, z.GetProperty("score").GetProperty("value").ValueKind);
        Assert.False(string.IsNullOrEmpty(z.GetProperty("score").GetProperty("reason").GetString()));
    }

    [Fact]
    public void Table_and_markdown_render_every_column_and_the_dataset_verdict()
    {
        var (code, table, err) = Run(Fixtures("--columns", "num_mean_shift,cat_stable"));
        Assert.True(code == 0, err);
        Assert.Contains("num_mean_shift", table, StringComparison.Ordinal);
        Assert.Contains("wasserstein", table, StringComparison.Ordinal);
        Assert.Contains("DRIFT", table, StringComparison.Ordinal);
        Assert.Contains("1 of 2 columns drifted", table, StringComparison.Ordinal);

        var md = Path.Combine(_dir, "drift.md");
        (code, _, err) = Run(Fixtures("--columns", "num_mean_shift", "--columns", "cat_stable", "--format", "markdown", "--out", md));
        Assert.True(code == 0, err);
        var text = File.ReadAllText(md);
        Assert.StartsWith("# Drift report", text, StringComparison.Ordinal);
        Assert.Contains("| num_mean_shift | numerical | feature | wasserstein |", text, StringComparison.Ordinal);
        Assert.Contains("| cat_stable | categorical | feature | jensenshannon |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void By_runs_the_tests_within_each_group()
    {
        var (code, json, err) = Run(Fixtures("--protected", "cat_binary_shift", "--columns", "num_mean_shift,num_stable_normal,cat_binary_shift", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var by = doc.RootElement.GetProperty("groups")[0];
        Assert.Equal("cat_binary_shift", by.GetProperty("attribute").GetString());
        var groups = by.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["no", "yes"], groups.Select(g => g.GetProperty("group").GetString()));
        Assert.Equal(5000, groups.Sum(g => g.GetProperty("reference_rows").GetInt64()));
        foreach (var g in groups)
        {
            var cols = g.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
            Assert.Equal(2, cols.Count); // the protected column itself is not tested
            Assert.True(cols["num_mean_shift"].GetProperty("drift_detected").GetBoolean());
            Assert.False(cols["num_stable_normal"].GetProperty("drift_detected").GetBoolean());
        }
    }

    [Fact]
    public void Column_test_override_changes_the_drift_test_and_threshold()
    {
        var (code, json, err) = Run(Fixtures("--columns", "num_stable_normal", "--column-test", "num_stable_normal=psi:0.001", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var c = doc.RootElement.GetProperty("columns")[0];
        Assert.Equal("wasserstein", c.GetProperty("default_test").GetString());
        Assert.Equal("psi", c.GetProperty("drift_test").GetString());
        Assert.Equal(0.001, c.GetProperty("tests").GetProperty("psi").GetProperty("threshold").GetDouble());
        Assert.True(c.GetProperty("drift_detected").GetBoolean());
    }

    [Fact]
    public void Score_and_label_roles_are_reported()
    {
        var (code, json, err) = Run(Fixtures("--columns", "num_stable_normal", "--score", "num_mean_shift", "--label", "cat_binary_shift", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var roles = doc.RootElement.GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("role").GetString());
        Assert.Equal("feature", roles["num_stable_normal"]);
        Assert.Equal("score", roles["num_mean_shift"]);
        Assert.Equal("label", roles["cat_binary_shift"]);
    }

    [Fact]
    public void Domain_classifier_separates_shifted_files_and_names_the_shifted_features()
    {
        var (code, json, err) = Run(Fixtures("--columns", "num_stable_normal,num_mean_shift,cat_stable", "--domain-classifier", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var mv = doc.RootElement.GetProperty("multivariate");
        var auroc = mv.GetProperty("auroc");
        var value = auroc.GetProperty("value").GetDouble();
        Assert.InRange(value, 0.6, 0.75); // a 0.5 sd mean shift: theoretical AUROC Φ(0.5/√2) ≈ 0.64
        Assert.InRange(auroc.GetProperty("ci")[0].GetDouble(), 0.5, value);
        Assert.Equal("num_mean_shift", mv.GetProperty("feature_importance")[0].GetProperty("feature").GetString());
    }

    [Fact]
    public void Stream_runs_the_sequential_detectors_with_simulated_arl0()
    {
        var (code, json, err) = Run(Fixtures("--columns", "num_mean_shift", "--stream", "num_mean_shift", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var seq = doc.RootElement.GetProperty("sequential");
        Assert.Equal(5000, seq.GetProperty("observations").GetInt64());
        var detectors = seq.GetProperty("detectors").EnumerateArray().ToDictionary(d => d.GetProperty("detector").GetString()!.Split('(')[0]);
        Assert.Equal(["cusum", "ewma", "page_hinkley", "adwin"], detectors.Keys);
        // The whole current file sits 0.5 sd above the reference: CUSUM against the reference mean alarms early.
        Assert.InRange(detectors["cusum"].GetProperty("first_alarm").GetInt64(), 1, 100);
        foreach (var d in detectors.Values)
            Assert.True(d.GetProperty("arl0").GetProperty("mean").GetDouble() > 500);
    }

    [Fact]
    public void Detector_settings_trade_false_alarms_for_speed()
    {
        var (code, json, err) = Run(Fixtures("--columns", "num_stable_normal", "--stream", "num_stable_normal", "--detector", "cusum.h=2,ewma.L=2", "--format", "json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var detectors = doc.RootElement.GetProperty("sequential").GetProperty("detectors").EnumerateArray().ToList();
        Assert.Equal("cusum(k=0.5, h=2)", detectors[0].GetProperty("detector").GetString());
        // A tight decision interval alarms often even without drift: its simulated ARL0 says so.
        Assert.True(detectors[0].GetProperty("arl0").GetProperty("mean").GetDouble() < 100);
        Assert.Equal(2, Run(Fixtures("--stream", "num_stable_normal", "--detector", "cusum.q=1")).Code);
        Assert.Equal(2, Run(Fixtures("--detector", "cusum.h=3")).Code);
    }

    [Fact]
    public void Mismatched_category_sets_are_compared_over_the_union()
    {
        var r = Write("r.csv", "c\na\na\nb\nb\n");
        var c = Write("c.csv", "c\na\nb\nnew\nnew\n");
        var (code, json, err) = Run("drift", "--reference-data", r, "--current-data", c, "--tests", "chisquare,psi", "--format", "json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var col = doc.RootElement.GetProperty("columns")[0];
        Assert.Equal(["a", "b", "new"], col.GetProperty("histogram").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(0.0, col.GetProperty("tests").GetProperty("chisquare").GetProperty("score").GetProperty("value").GetDouble());
    }

    [Fact]
    public void Type_mismatch_is_a_data_error_naming_the_column_and_leaves_no_output()
    {
        var r = Write("r.csv", "x,y\n1,a\n2,b\n3,c\n");
        var c = Write("c.csv", "x,y\n1,a\nlow,b\n3,c\n");
        var outPath = Path.Combine(_dir, "out.json");
        var (code, _, err) = Run("drift", "--reference-data", r, "--current-data", c, "--format", "json", "--out", outPath);
        Assert.Equal(3, code);
        Assert.Contains("column 'x' is numeric in", err, StringComparison.Ordinal);
        Assert.Contains("'low' is not a number", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(outPath));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void A_column_empty_in_one_file_is_a_data_error_naming_file_and_column()
    {
        var r = Write("r.csv", "x,y\n1,a\n2,b\n");
        var c = Write("c.csv", "x,y\n,a\n?,b\n");
        var outPath = Path.Combine(_dir, "out.json");
        var (code, _, err) = Run("drift", "--reference-data", r, "--current-data", c, "--out", outPath);
        Assert.Equal(3, code);
        Assert.Contains(c, err, StringComparison.Ordinal);
        Assert.Contains("column 'x' has no values", err, StringComparison.Ordinal);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void A_column_missing_from_one_file_is_a_data_error()
    {
        var r = Write("r.csv", "x,y\n1,a\n2,b\n");
        var c = Write("c.csv", "x\n1\n2\n");
        var (code, _, err) = Run("drift", "--reference-data", r, "--current-data", c);
        Assert.Equal(3, code);
        Assert.Contains("no column 'y'", err, StringComparison.Ordinal);
        (code, _, err) = Run("drift", "--reference-data", r, "--current-data", c, "--columns", "y");
        Assert.Equal(3, code);
        Assert.Contains("no column 'y'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_column_is_a_data_error_suggesting_columns()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 1200).Select(i => $"id{i},{i % 7}"));
        var r = Write("r.csv", "id,v\n" + rows + "\n");
        var c = Write("c.csv", "id,v\n" + rows + "\n");
        var (code, _, err) = Run("drift", "--reference-data", r, "--current-data", c);
        Assert.Equal(3, code);
        Assert.Contains("column 'id' holds text with more than 1000 distinct values", err, StringComparison.Ordinal);
        Assert.Equal(0, Run("drift", "--reference-data", r, "--current-data", c, "--columns", "v").Code);
    }

    [Theory]
    [InlineData("--tests", "ks,nonsense")]
    [InlineData("--format", "xml")]
    [InlineData("--column-test", "num_stable_normal")]
    [InlineData("--column-test", "num_stable_normal=chisquare")]
    [InlineData("--column-test", "nope=psi")]
    [InlineData("--drift-share", "1.5")]
    public void Bad_options_are_usage_errors_with_no_output(string option, string value)
    {
        var outPath = Path.Combine(_dir, "out.json");
        var (code, _, err) = Run(Fixtures(option, value, "--out", outPath));
        Assert.Equal(2, code);
        Assert.StartsWith("vigil: ", err, StringComparison.Ordinal);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void Missing_required_options_and_files_fail_cleanly()
    {
        Assert.Equal(2, Run("drift", "--reference-data", DriftFixtures.ReferenceCsv).Code);
        var (code, _, err) = Run("drift", "--reference-data", Path.Combine(_dir, "absent.csv"), "--current-data", DriftFixtures.CurrentCsv);
        Assert.Equal(3, code);
        Assert.Contains("no such file", err, StringComparison.Ordinal);
    }
}
