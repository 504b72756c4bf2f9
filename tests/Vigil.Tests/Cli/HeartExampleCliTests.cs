using System.Globalization;
using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>
/// `vigil audit` end to end, in-process, on the shipped example. Expected numbers are recomputed here from
/// the CSV itself (a plain split, independent of Vigil's loader and engine).
/// </summary>
public sealed class HeartExampleCliTests
{
    private static readonly string[] Base =
    [
        "audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score",
        "--protected", "sex,age", "--bands", "age=45,65", "--intersections", "sex*age",
    ];

    private sealed record Row(string Sex, double Age, int Label, double Score, int Prediction);

    private static readonly Lazy<List<Row>> Csv = new(() =>
    {
        var lines = File.ReadAllLines(TestFiles.Heart);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new Row(
            f[Col("sex")], double.Parse(f[Col("age")], CultureInfo.InvariantCulture), int.Parse(f[Col("disease")], CultureInfo.InvariantCulture),
            double.Parse(f[Col("score")], CultureInfo.InvariantCulture), int.Parse(f[Col("prediction")], CultureInfo.InvariantCulture))).ToList();
    });

    private static string Band(double age) => age < 45 ? "<45" : age < 65 ? "45-64" : ">=65";

    private static double NaiveAuroc(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        double wins = 0, pairs = 0;
        foreach (var p in list.Where(r => r.Label == 1))
            foreach (var n in list.Where(r => r.Label == 0))
            {
                pairs++;
                wins += p.Score > n.Score ? 1 : p.Score == n.Score ? 0.5 : 0;
            }
        return wins / pairs;
    }

    [Fact]
    public void Json_has_the_schema_groups_and_recomputed_values()
    {
        using var doc = CliRunner.Json(Base);
        var root = doc.RootElement;
        Assert.Equal("vigil.audit/v2", root.GetProperty("schema").GetString());
        Assert.Equal(303, root.GetProperty("rows").GetInt32());
        Assert.Equal(Csv.Value.Count, root.GetProperty("rows").GetInt32());

        var age = doc.Attribute("age");
        Assert.Equal(["<45", "45-64", ">=65"], age.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()!).ToArray());
        Assert.Equal(55, age.GroupOf("<45").GetProperty("n").GetInt32());
        Assert.Equal(207, age.GroupOf("45-64").GetProperty("n").GetInt32());
        Assert.Equal(41, age.GroupOf(">=65").GetProperty("n").GetInt32());
        Assert.Equal(97, doc.Attribute("sex").GroupOf("F").GetProperty("n").GetInt32());
        Assert.Equal(6, doc.Attribute("sex*age").GetProperty("groups").GetArrayLength());

        // Every group's FNR, FPR and AUROC recomputed from the rows.
        foreach (var (name, key) in new (string, Func<Row, string>)[] { ("sex", r => r.Sex), ("age", r => Band(r.Age)), ("sex*age", r => $"{r.Sex}*{Band(r.Age)}") })
        {
            foreach (var group in doc.Attribute(name).GetProperty("groups").EnumerateArray())
            {
                var label = group.GetProperty("group").GetString()!;
                var rows = Csv.Value.Where(r => key(r) == label).ToList();
                Assert.Equal(rows.Count, group.GetProperty("n").GetInt32());
                var positives = rows.Count(r => r.Label == 1);
                Assert.Equal(positives, group.GetProperty("positives").GetInt32());
                var metrics = group.GetProperty("metrics");
                var fn = rows.Count(r => r.Label == 1 && r.Score < 0.5);
                var fp = rows.Count(r => r.Label == 0 && r.Score >= 0.5);
                Assert.Equal((double)fn / positives, metrics.GetProperty("fnr").MetricValue()!.Value, 1e-12);
                Assert.Equal((double)fp / (rows.Count - positives), metrics.GetProperty("fpr").MetricValue()!.Value, 1e-12);
                Assert.Equal(NaiveAuroc(rows), metrics.GetProperty("auroc").MetricValue()!.Value, 1e-12);
                Assert.Equal(2, metrics.GetProperty("fnr").GetProperty("ci").GetArrayLength());
            }
        }
        Assert.Equal(NaiveAuroc(Csv.Value), root.GetProperty("overall").GetProperty("metrics").GetProperty("auroc").MetricValue()!.Value, 1e-12);
        // The score column and the shipped prediction column agree at 0.5.
        Assert.All(Csv.Value, r => Assert.Equal(r.Score >= 0.5 ? 1 : 0, r.Prediction));
        var input = root.GetProperty("settings");
        Assert.Equal("disease", input.GetProperty("label").GetString());
        Assert.Equal(0.5, input.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Table_shows_each_grouping_with_reference_and_counts()
    {
        var (code, output, err) = CliRunner.Run(Base);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("303 rows", output, StringComparison.Ordinal);
        Assert.Contains("sex (reference: M)", output, StringComparison.Ordinal);
        Assert.Contains("age (reference: 45-64)", output, StringComparison.Ordinal);
        Assert.Contains("sex*age (reference: M*45-64)", output, StringComparison.Ordinal);
        var overallFnr = (double)Csv.Value.Count(r => r.Label == 1 && r.Score < 0.5) / Csv.Value.Count(r => r.Label == 1);
        Assert.Contains($"FNR {overallFnr.ToString("0.000", CultureInfo.InvariantCulture)}", output, StringComparison.Ordinal);
        var femaleLine = output.Split('\n').Single(l => l.Contains("│ F ", StringComparison.Ordinal));
        Assert.Matches(@"│ F\s+│ 97\s+│ 25\s+│", femaleLine);
        Assert.Matches(@"│ >=65\s+│ 41\s+│", output);
    }

    [Fact]
    public void Markdown_has_headings_and_table_rows()
    {
        var (code, output, _) = CliRunner.Run([.. Base, "--format", "markdown"]);
        Assert.Equal(0, code);
        Assert.StartsWith("# Vigil audit", output, StringComparison.Ordinal);
        Assert.Contains("## sex (reference: M)", output, StringComparison.Ordinal);
        Assert.Contains("## sex*age (reference: M*45-64)", output, StringComparison.Ordinal);
        Assert.Contains("| F | 97 | 25 |", output, StringComparison.Ordinal);
        Assert.Contains("| &lt;45 | 55 |", output, StringComparison.Ordinal); // '<' escaped for HTML-capable renderers
        Assert.Contains("| 45-64 | 207 |", output, StringComparison.Ordinal);
        // Every table row has as many cells as its header.
        foreach (var table in output.Split("\n\n").Where(b => b.StartsWith("| group", StringComparison.Ordinal)))
        {
            var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var cells = rows[0].Count(c => c == '|');
            Assert.All(rows, r => Assert.Equal(cells, r.Count(c => c == '|')));
        }
    }

    [Fact]
    public void Out_writes_the_same_json_as_stdout()
    {
        using var dir = new TempDir();
        var path = dir.Combine("sub/audit.json");
        Directory.CreateDirectory(dir.Combine("sub")); // --out's folder must exist (vigil creates no folders)
        var (code, output, err) = CliRunner.Run([.. Base, "--format", "json", "--out", path]);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Contains(path, err, StringComparison.Ordinal);
        var (_, stdoutJson, _) = CliRunner.Run([.. Base, "--format", "json"]);
        Assert.Equal(stdoutJson, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
    }

    [Fact]
    public void Prediction_mode_gives_the_same_count_metrics_and_no_score_metrics()
    {
        using var scored = CliRunner.Json(Base);
        string[] predictionArgs = [.. Base.Select(a => a == "--score" ? "--prediction" : a == "score" ? "prediction" : a)];
        using var predicted = CliRunner.Json(predictionArgs);
        Assert.Equal(JsonValueKind.Null, predicted.RootElement.GetProperty("settings").GetProperty("threshold").ValueKind);
        Assert.Equal("prediction", predicted.RootElement.GetProperty("settings").GetProperty("prediction").GetString());
        foreach (var name in new[] { "sex", "age", "sex*age" })
        {
            foreach (var g in scored.Attribute(name).GetProperty("groups").EnumerateArray())
            {
                var label = g.GetProperty("group").GetString()!;
                var p = predicted.Attribute(name).GroupOf(label).GetProperty("metrics");
                foreach (var m in new[] { "selection_rate", "sensitivity", "fpr", "ppv", "npv", "accuracy", "f1" })
                    Assert.Equal(g.GetProperty("metrics").GetProperty(m).MetricValue(), p.GetProperty(m).MetricValue());
                Assert.Null(p.GetProperty("auroc").MetricValue());
                Assert.Equal("needs a score column", p.GetProperty("auroc").GetProperty("reason").GetString());
            }
        }
    }

    [Fact]
    public void Bootstrap_gives_intervals_and_is_reproducible()
    {
        string[] args = [.. Base, "--bootstrap", "200", "--seed", "1", "--format", "json"];
        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);
        Assert.Equal(0, first.Code);
        Assert.Equal(first.Out, second.Out);
        var other = CliRunner.Run([.. Base, "--bootstrap", "200", "--seed", "2", "--format", "json"]);
        Assert.NotEqual(first.Out, other.Out);

        using var doc = JsonDocument.Parse(first.Out);
        Assert.Equal(200, doc.RootElement.GetProperty("settings").GetProperty("bootstrap").GetInt32());
        var f = doc.Attribute("sex").GroupOf("F").GetProperty("metrics");
        var auroc = f.GetProperty("auroc");
        Assert.Equal("bootstrap_percentile", auroc.GetProperty("ci_method").GetString());
        var ci = auroc.GetProperty("ci").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.InRange(auroc.MetricValue()!.Value, ci[0], ci[1]);
        Assert.True(ci[1] > ci[0]);
        var fnr = f.GetProperty("fnr");
        Assert.Equal("wilson", fnr.GetProperty("ci_method").GetString());
        var bci = fnr.GetProperty("bootstrap_ci").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.InRange(fnr.MetricValue()!.Value, bci[0], bci[1]);
        var dp = doc.Attribute("sex").GetProperty("disparities").GetProperty("between_groups").GetProperty("demographic_parity_difference");
        Assert.Equal(2, dp.GetProperty("ci").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, doc.Attribute("sex").GroupOf("F").GetProperty("metrics").GetProperty("n").GetProperty("ci").ValueKind);
    }

    /// <summary>Two-sided Fisher p by enumerating the hypergeometric (an independent implementation).</summary>
    private static double Fisher(int a, int b, int c, int d)
    {
        int r1 = a + b, c1 = a + c, n = a + b + c + d;
        double LogP(int k) => MathNet.Numerics.SpecialFunctions.FactorialLn(r1) + MathNet.Numerics.SpecialFunctions.FactorialLn(n - r1)
                              + MathNet.Numerics.SpecialFunctions.FactorialLn(c1) + MathNet.Numerics.SpecialFunctions.FactorialLn(n - c1)
                              - MathNet.Numerics.SpecialFunctions.FactorialLn(n) - MathNet.Numerics.SpecialFunctions.FactorialLn(k)
                              - MathNet.Numerics.SpecialFunctions.FactorialLn(r1 - k) - MathNet.Numerics.SpecialFunctions.FactorialLn(c1 - k)
                              - MathNet.Numerics.SpecialFunctions.FactorialLn(n - r1 - c1 + k);
        var observed = Math.Exp(LogP(a));
        var total = 0.0;
        for (var k = Math.Max(0, r1 + c1 - n); k <= Math.Min(r1, c1); k++)
        {
            var pk = Math.Exp(LogP(k));
            if (pk <= observed * (1 + 1e-7)) total += pk;
        }
        return Math.Min(1, total);
    }

    /// <summary>
    /// Every FNR test in the JSON: the pooled z-test when all four cells are ≥ 5, else Fisher, recomputed
    /// from the rows; Holm across the non-reference groups of each grouping, recomputed by hand.
    /// </summary>
    [Fact]
    public void Fnr_tests_match_an_independent_recomputation()
    {
        using var doc = CliRunner.Json(Base);
        foreach (var (name, key) in new (string, Func<Row, string>)[] { ("sex", r => r.Sex), ("age", r => Band(r.Age)), ("sex*age", r => $"{r.Sex}*{Band(r.Age)}") })
        {
            var attribute = doc.Attribute(name);
            var reference = attribute.GetProperty("reference_group").GetString()!;
            var refRows = Csv.Value.Where(r => key(r) == reference && r.Label == 1).ToList();
            int rx = refRows.Count(r => r.Score < 0.5), rn = refRows.Count;
            var expected = new List<(string Label, double P)>();
            foreach (var group in attribute.GetProperty("groups").EnumerateArray())
            {
                var label = group.GetProperty("group").GetString()!;
                var test = group.GetProperty("tests").GetProperty("fnr_vs_reference");
                if (label == reference)
                {
                    Assert.Equal("reference group", test.GetProperty("reason").GetString());
                    continue;
                }
                var rows = Csv.Value.Where(r => key(r) == label && r.Label == 1).ToList();
                int x = rows.Count(r => r.Score < 0.5), n = rows.Count;
                double p;
                if (x < 5 || n - x < 5 || rx < 5 || rn - rx < 5)
                {
                    Assert.Equal("fisher_exact", test.GetProperty("test").GetString());
                    p = Fisher(x, n - x, rx, rn - rx);
                }
                else
                {
                    Assert.Equal("two_proportion_z", test.GetProperty("test").GetString());
                    var pooled = (double)(x + rx) / (n + rn);
                    var z = ((double)x / n - (double)rx / rn) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / rn));
                    Assert.Equal(z, test.GetProperty("statistic").GetDouble(), 1e-9);
                    p = 2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Math.Abs(z));
                }
                Assert.Equal(p, test.GetProperty("p_value").GetDouble(), 1e-9);
                Assert.Equal((double)x / n - (double)rx / rn, test.GetProperty("difference").GetDouble(), 1e-12);
                expected.Add((label, p));
            }
            // Holm by hand: sort ascending, multiply by (m − i), running max, cap at 1.
            var sorted = expected.OrderBy(e => e.P).ToList();
            var running = 0.0;
            for (var i = 0; i < sorted.Count; i++)
            {
                running = Math.Max(running, Math.Min(1, (sorted.Count - i) * sorted[i].P));
                var adjusted = attribute.GroupOf(sorted[i].Label).GetProperty("tests").GetProperty("fnr_vs_reference").GetProperty("p_value_adjusted").GetDouble();
                Assert.Equal(running, adjusted, 1e-9);
            }
        }
    }

    [Fact]
    public void All_pairs_does_not_repeat_an_intersection_and_min_cell_flags_small_groups()
    {
        using var doc = CliRunner.Json([.. Base, "--all-pairs", "--min-cell", "16"]);
        Assert.Equal(["sex", "age", "sex*age"], doc.RootElement.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray());
        var groups = doc.Attribute("sex*age").GetProperty("groups").EnumerateArray().ToList();
        // F*<45 has 15 rows (< 16); F*>=65 has 17.
        Assert.True(doc.Attribute("sex*age").GroupOf("F*<45").GetProperty("small_cell").GetBoolean());
        Assert.False(doc.Attribute("sex*age").GroupOf("F*>=65").GetProperty("small_cell").GetBoolean());
        Assert.All(groups, g => Assert.Equal(g.GetProperty("n").GetInt32() < 16, g.GetProperty("small_cell").GetBoolean()));
        Assert.Equal(16, doc.RootElement.GetProperty("settings").GetProperty("min_cell").GetInt32());
    }
}
