using System.Globalization;
using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Mitigation;

/// <summary>`vigil mitigate` end to end on golden/fx_binary_small.csv, and its bad-input errors.</summary>
public sealed class MitigateCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Err, string Out) Mitigate(string name, params string[] extra)
    {
        var outDir = Path.Combine(_dir.Path, name);
        var (code, _, err) = CliRunner.Run(["mitigate", "--data", MitigationFixture.CsvPath, "--label", "y_true", "--protected", "sex", .. extra, "--out", outDir]);
        return (code, err, outDir);
    }

    [Theory]
    [InlineData("reweighing", new[] { "--features", "x1,x2,x3" })]
    [InlineData("di-remover", new[] { "--features", "x1,x2,x3", "--repair-level", "0.8" })]
    [InlineData("correlation-remover", new[] { "--features", "x1,x2,x3", "--repair-strength", "0.5" })]
    [InlineData("threshold-optimizer", new[] { "--score", "y_score", "--constraint", "equalized_odds", "--objective", "balanced_accuracy_score" })]
    [InlineData("threshold-optimizer", new[] { "--features", "x1,x2,x3", "--constraint", "demographic_parity" })]
    [InlineData("calibrated-eq-odds", new[] { "--score", "y_score", "--cost-constraint", "fnr", "--sweep" })]
    [InlineData("reject-option", new[] { "--score", "y_score", "--constraint", "spd", "--eps", "0.05", "--sweep" })]
    [InlineData("exponentiated-gradient", new[] { "--features", "x1,x2,x3", "--constraint", "true_positive_rate_parity", "--eps", "0.05" })]
    [InlineData("grid-search", new[] { "--features", "x1,x2,x3", "--constraint", "error_rate_parity" })]
    public void Every_method_runs_end_to_end_and_writes_its_outputs(string method, string[] options)
    {
        var (code, err, outDir) = Mitigate(method + string.Join("", options).GetHashCode(StringComparison.Ordinal).ToString(CultureInfo.InvariantCulture),
            ["--method", method, "--bootstrap", "200", .. options]);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "mitigation.json")));
        var root = doc.RootElement;
        Assert.Equal("vigil.mitigation/v2", root.GetProperty("schema").GetString());
        Assert.Equal(method, root.GetProperty("method").GetProperty("name").GetString());
        Assert.Equal(2000, root.GetProperty("split").GetProperty("train_rows").GetInt32() + root.GetProperty("split").GetProperty("test_rows").GetInt32());
        foreach (var side in new[] { "before", "after" })
        {
            var overall = root.GetProperty(side).GetProperty("overall");
            Assert.InRange(overall.GetProperty("accuracy").GetProperty("value").GetDouble(), 0.5, 1.0);
            Assert.Equal(2, root.GetProperty(side).GetProperty("by_group").GetArrayLength());
        }
        var targeted = root.GetProperty("targeted_disparity");
        Assert.Equal(JsonValueKind.Array, targeted.GetProperty("before").GetProperty("ci").ValueKind);
        Assert.Equal(method is not ("reweighing" or "exponentiated-gradient" or "grid-search"),
            root.GetProperty("safety").GetProperty("needs_protected_attribute_at_prediction").GetBoolean());
        var warnings = root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(method is "threshold-optimizer" or "calibrated-eq-odds" or "exponentiated-gradient",
            warnings.Any(w => w.Contains("randomized classifier", StringComparison.Ordinal)));
        var csv = File.ReadAllLines(Path.Combine(outDir, "mitigated.csv"));
        Assert.Equal(2001, csv.Length);
        Assert.Contains("prediction_after", csv[0], StringComparison.Ordinal);
        Assert.Contains("| overall |", File.ReadAllText(Path.Combine(outDir, "mitigation.md")), StringComparison.Ordinal);
        if (options.Contains("--sweep"))
        {
            var sweep = root.GetProperty("sweep");
            Assert.True(sweep.GetProperty("points").GetArrayLength() >= 3);
            Assert.True(sweep.GetProperty("pareto").GetArrayLength() >= 1);
            var svg = File.ReadAllText(Path.Combine(outDir, "pareto.svg"));
            Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
            Assert.Contains("#D55E00", svg, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Reweighing_writes_every_input_row_in_order_with_aif360_weights()
    {
        var (code, err, outDir) = Mitigate("rw", "--method", "reweighing", "--features", "x1,x2,x3", "--id", "id", "--bootstrap", "0");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(Path.Combine(outDir, "mitigated.csv"));
        var header = lines[0].Split(',');
        var weight = Array.IndexOf(header, "weight");
        Assert.Equal("id", header[1]);
        var golden = MitigationFixture.Golden.Value.GetProperty("reweighing_all_groups").GetProperty("sex");
        var ids = MitigationFixture.Column("id");
        var sex = MitigationFixture.Column("sex");
        var y = MitigationFixture.Column("y_true");
        for (var i = 0; i < ids.Length; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(ids[i], cells[1]);
            var expected = golden.GetProperty($"{sex[i]}|y={y[i]}").GetProperty("weight").GetDouble();
            Assert.Equal(expected, double.Parse(cells[weight], CultureInfo.InvariantCulture), 1e-12);
        }
    }

    [Fact]
    public void Threshold_optimizer_meets_equalized_odds_on_training_rows_through_the_cli()
    {
        var (code, err, outDir) = Mitigate("to-eo", "--method", "threshold-optimizer", "--score", "y_score", "--constraint", "equalized_odds",
            "--objective", "balanced_accuracy_score", "--bootstrap", "0");
        Assert.True(code == 0, err);
        // Expected rates on the training rows from probability_after.
        var lines = File.ReadAllLines(Path.Combine(outDir, "mitigated.csv"));
        var header = lines[0].Split(',');
        int gi = Array.IndexOf(header, "group"), li = Array.IndexOf(header, "label"), si = Array.IndexOf(header, "split"), pi = Array.IndexOf(header, "probability_after");
        var tpr = new Dictionary<string, (double Sum, int N)>();
        var fpr = new Dictionary<string, (double Sum, int N)>();
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            if (c[si] != "train") continue;
            var target = c[li] == "1" ? tpr : fpr;
            var (sum, n) = target.GetValueOrDefault(c[gi]);
            target[c[gi]] = (sum + double.Parse(c[pi], CultureInfo.InvariantCulture), n + 1);
        }
        Assert.InRange(Math.Abs(tpr["F"].Sum / tpr["F"].N - tpr["M"].Sum / tpr["M"].N), 0, 0.01);
        Assert.InRange(Math.Abs(fpr["F"].Sum / fpr["F"].N - fpr["M"].Sum / fpr["M"].N), 0, 0.01);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var unknown = Mitigate("e1", "--method", "magic", "--score", "y_score");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown method", unknown.Err, StringComparison.Ordinal);

        var eps = Mitigate("e2", "--method", "reject-option", "--score", "y_score", "--eps", "0");
        Assert.Equal(2, eps.Code);
        Assert.Contains("--eps", eps.Err, StringComparison.Ordinal);

        var noFeatures = Mitigate("e3", "--method", "reweighing", "--score", "y_score");
        Assert.Equal(2, noFeatures.Code);
        Assert.Contains("name the feature columns", noFeatures.Err, StringComparison.Ordinal);

        var objective = Mitigate("e4", "--method", "threshold-optimizer", "--score", "y_score", "--constraint", "equalized_odds", "--objective", "selection_rate");
        Assert.Equal(2, objective.Code);

        // A label column with one class only: no constraint can be fitted or evaluated.
        var oneClass = Path.Combine(_dir.Path, "one-class.csv");
        File.WriteAllLines(oneClass, ["y,sex,s", "0,F,0.2", "0,M,0.7", "0,F,0.4", "0,M,0.9"]);
        var (code, _, err) = CliRunner.Run(["mitigate", "--method", "threshold-optimizer", "--data", oneClass, "--label", "y", "--protected", "sex",
            "--score", "s", "--constraint", "equalized_odds", "--out", Path.Combine(_dir.Path, "e5")]);
        Assert.Equal(3, code);
        Assert.Contains("only negative labels", err, StringComparison.Ordinal);

        // A group whose training rows hold one class only.
        var oneClassGroup = Path.Combine(_dir.Path, "one-class-group.csv");
        // F and M hold both classes; X only positives.
        File.WriteAllLines(oneClassGroup, ["y,sex,s", .. Enumerable.Range(0, 60).Select(i =>
            i % 3 == 2 ? $"1,X,0.{i % 10}" : $"{(i / 3) % 2},{(i % 3 == 0 ? "F" : "M")},0.{i % 10}")]);
        (code, _, err) = CliRunner.Run(["mitigate", "--method", "threshold-optimizer", "--data", oneClassGroup, "--label", "y", "--protected", "sex",
            "--score", "s", "--out", Path.Combine(_dir.Path, "e6")]);
        Assert.Equal(3, code);
        Assert.Contains("group 'X' has only positive labels", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "e6")) && File.Exists(Path.Combine(_dir.Path, "e6", "mitigation.json")));
    }

    [Theory]
    [InlineData("--threshold", "-1", "--threshold -1: expected a number in [0, 1]")]
    [InlineData("--threshold", "2", "--threshold 2: expected a number in [0, 1]")]
    [InlineData("--protected", "y_true", "--protected 'y_true' is the label")]
    [InlineData("--features", "y_true", "--features include the label 'y_true'")]
    [InlineData("--reference", "sex=Q", "--reference 'Q': no such group of sex")]
    public void Out_of_range_options_and_the_label_as_attribute_are_refused(string option, string value, string message)
    {
        var (code, err, outDir) = option == "--protected"
            ? RunWith("r-" + value, ["--protected", value], "--method", "threshold-optimizer", "--score", "y_score")
            : Mitigate("r-" + option.Trim('-') + value, "--method", "threshold-optimizer", "--score", "y_score", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_numeric_protected_attribute_needs_bands_and_small_groups_are_suppressed()
    {
        // Twenty-five distinct ages: refused without bands, three groups with them; a group under --min-cell is flagged and suppressed.
        var path = Path.Combine(_dir.Path, "ages.csv");
        var rows = Enumerable.Range(0, 400).Select(i => $"{((i / 25) % 3 == 0 || i % 4 == 0 ? 1 : 0)},{20 + i % 25},{(i % 10) / 10.0 + 0.05}");
        File.WriteAllLines(path, ["y,age,s", .. rows]);
        var (code, _, err) = CliRunner.Run(["mitigate", "--method", "threshold-optimizer", "--data", path, "--label", "y", "--protected", "age",
            "--score", "s", "--bootstrap", "0", "--out", Path.Combine(_dir.Path, "ages-none")]);
        Assert.Equal(2, code);
        Assert.Contains("--bands 'age'", err, StringComparison.Ordinal);

        var outDir = Path.Combine(_dir.Path, "ages-banded");
        (code, _, err) = CliRunner.Run(["mitigate", "--method", "threshold-optimizer", "--data", path, "--label", "y", "--protected", "age",
            "--bands", "age=30,44", "--min-cell", "50", "--score", "s", "--bootstrap", "0", "--out", outDir]);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "mitigation.json")));
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        // ages 44 only (16 of 400 rows): a small cell at --min-cell 50.
        var small = groups.Single(g => g.GetProperty("small_cell").GetBoolean());
        Assert.Equal(16, small.GetProperty("n").GetInt32());
        Assert.Contains("suppressed", File.ReadAllText(Path.Combine(outDir, "mitigation.md")), StringComparison.Ordinal);
    }

    private (int Code, string Err, string OutDir) RunWith(string name, string[] protectedArgs, params string[] extra)
    {
        var outDir = Path.Combine(_dir.Path, name);
        var (code, _, err) = CliRunner.Run(["mitigate", "--data", MitigationFixture.CsvPath, "--label", "y_true", .. protectedArgs, .. extra, "--out", outDir]);
        return (code, err, outDir);
    }
}
