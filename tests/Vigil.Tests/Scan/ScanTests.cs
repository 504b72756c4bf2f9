using System.Globalization;
using System.Text;
using System.Text.Json;
using MathNet.Numerics.Random;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Scan;
using Vigil.Core.Statistics;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Scan;

public sealed class ScanTests
{
    /// <summary>
    /// Rows with attributes a (4 levels), b (3), c (5), label ~ Bernoulli(0.5) and a miss probability (FNR) of
    /// <paramref name="baseFnr"/>, raised to <paramref name="plantedFnr"/> in a=1 ∧ b=2 when given.
    /// </summary>
    private static AuditData Synthetic(int rows, int seed, double baseFnr, double? plantedFnr)
    {
        var rng = new Xoshiro256StarStar(seed, threadSafe: false);
        var a = new int[rows];
        var b = new int[rows];
        var c = new int[rows];
        var y = new byte[rows];
        var p = new byte[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = rng.Next(4);
            b[i] = rng.Next(3);
            c[i] = rng.Next(5);
            y[i] = rng.NextDouble() < 0.5 ? (byte)1 : (byte)0;
            var fnr = plantedFnr is { } f && a[i] == 1 && b[i] == 2 ? f : baseFnr;
            p[i] = y[i] == 1 ? (rng.NextDouble() < fnr ? (byte)0 : (byte)1) : (rng.NextDouble() < 0.1 ? (byte)1 : (byte)0);
        }
        return new AuditData(y, p, null,
        [
            new ProtectedColumn("a", a, ["a0", "a1", "a2", "a3"]),
            new ProtectedColumn("b", b, ["b0", "b1", "b2"]),
            new ProtectedColumn("c", c, ["c0", "c1", "c2", "c3", "c4"]),
        ]);
    }

    [Fact]
    public void Score_matches_hand_computed_values()
    {
        // C = 30 of N = 100 against p0 = 0.2: r = 0.3, F = 30 ln(0.3/0.2) + 70 ln(0.7/0.8) = 12.163953243 − 9.347197482.
        Assert.Equal(2.816755761, BernoulliScanScore.Score(30, 100, 0.2), 8);
        // q̂ = odds(0.3)/odds(0.2) = (3/7)/(1/4) = 12/7, and F is the LLR C ln q − N ln(1 − p0 + q p0) at q̂.
        Assert.Equal(12.0 / 7, BernoulliScanScore.OddsMultiplier(30, 100, 0.2)!.Value, 12);
        Assert.Equal(BernoulliScanScore.Score(30, 100, 0.2), BernoulliScanScore.LogLikelihoodRatio(30, 100, 0.2, 12.0 / 7), 12);
        Assert.True(BernoulliScanScore.LogLikelihoodRatio(30, 100, 0.2, 12.0 / 7 + 0.01) < BernoulliScanScore.Score(30, 100, 0.2));
        Assert.True(BernoulliScanScore.LogLikelihoodRatio(30, 100, 0.2, 12.0 / 7 - 0.01) < BernoulliScanScore.Score(30, 100, 0.2));
        // No excess: q is held at 1 and the score is 0.
        Assert.Equal(0, BernoulliScanScore.Score(15, 100, 0.2));
        Assert.Equal(0, BernoulliScanScore.Score(20, 100, 0.2));
        Assert.Equal(1, BernoulliScanScore.OddsMultiplier(10, 100, 0.2));
        // Every record an event: q̂ is infinite and F = N ln(1/p0) = 10 ln 4.
        Assert.Equal(10 * Math.Log(4), BernoulliScanScore.Score(10, 10, 0.25), 12);
        Assert.Null(BernoulliScanScore.OddsMultiplier(10, 10, 0.25));
    }

    [Fact]
    public void One_sided_fisher_and_bh_match_hand_computed_values()
    {
        // [[3,1],[1,3]]: P(X ≥ 3) for X ~ Hypergeometric(8, 4, 4) = (C(4,3)C(4,1) + C(4,4)) / C(8,4) = 17/70
        // (scipy.stats.fisher_exact(..., alternative='greater') gives 0.24285714).
        Assert.Equal(17.0 / 70, FisherExact.Greater(3, 1, 1, 3), 12);
        Assert.Equal("fisher", OneSidedProportionTest.Greater(3, 4, 1, 4)!.Value.Method);
        // Large cells: one-sided pooled z; 60/200 vs 40/200, pooled 0.25: z = 0.1/sqrt(0.25·0.75·(1/200 + 1/200)) = 2.3094011,
        // p = 1 − Φ(2.3094011) = 0.0104606677 (scipy.stats.norm.sf).
        var z = OneSidedProportionTest.Greater(60, 200, 40, 200)!.Value;
        Assert.Equal("z", z.Method);
        Assert.Equal(0.0104606677, z.PValue, 9);
        // BH: p = (0.01, 0.04, 0.03, 0.5), m = 4: 0.04, min(0.04·4/3, 0.5) = 0.05333, min(0.03·2, 0.05333), 0.5.
        var bh = MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
        Assert.Equal([0.04, 0.16 / 3, 0.16 / 3, 0.5], bh.Select(v => Math.Round(v, 12)).ToArray(), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void Mdss_finds_a_planted_subgroup_at_the_top_with_p_below_001()
    {
        var data = Synthetic(6000, 7, baseFnr: 0.2, plantedFnr: 0.6);
        var result = ScanEngine.Run(data, new ScanOptions { Replicates = 199, Seed = 11 });
        var top = result.Subgroups[0];
        Assert.Equal(["a", "b"], top.Conditions.Select(c => c.Attribute));
        Assert.Equal(["a1"], top.Conditions[0].Values);
        Assert.Equal(["b2"], top.Conditions[1].Values);
        Assert.True(top.PValue < 0.01, $"p = {top.PValue}");
        Assert.True(top.Significant);
        Assert.True(top.Rate.Value > 0.45 && top.ComplementRate.Value < 0.25);
        Assert.Equal(199, result.NullScores.Count);
    }

    [Fact]
    public void Mdss_without_a_planted_effect_is_rarely_significant()
    {
        var significant = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var data = Synthetic(3000, 100 + seed, baseFnr: 0.2, plantedFnr: null);
            var result = ScanEngine.Run(data, new ScanOptions { Replicates = 99, Seed = seed, Top = 1 });
            if (result.Subgroups[0].PValue <= 0.05) significant++;
        }
        Assert.True(significant <= 3, $"{significant} of 10 null data sets gave p <= 0.05");
    }

    [Fact]
    public void Mdss_finds_the_brute_force_maximum_on_small_data()
    {
        var data = Synthetic(800, 3, baseFnr: 0.25, plantedFnr: 0.5);
        foreach (var maxOrder in new[] { 1, 2, 3 })
        {
            var options = new ScanOptions { Replicates = 0, MaxOrder = maxOrder, MinSize = 20, Restarts = 20 };
            var result = ScanEngine.Run(data, options);
            Assert.Equal(BruteForceBest(data, options), result.Subgroups[0].Score, 9);
        }
    }

    /// <summary>Every choice of "any" or a non-empty level set per attribute, scored row by row.</summary>
    private static double BruteForceBest(AuditData data, ScanOptions options)
    {
        var attrs = data.Attributes;
        var choices = attrs.Select(a => 1 << a.Levels.Length).ToArray(); // mask 0 = unconstrained
        long totalN = 0, totalC = 0;
        for (var i = 0; i < data.Rows; i++)
            if (data.Labels[i] == 1)
            {
                totalN++;
                if (data.Predictions[i] == 0) totalC++;
            }
        var p0 = (double)totalC / totalN;
        var best = double.NegativeInfinity;
        var masks = new int[attrs.Count];
        void Recurse(int k)
        {
            if (k == attrs.Count)
            {
                if (masks.Count(m => m != 0) > options.MaxOrder) return;
                long n = 0, c = 0;
                for (var i = 0; i < data.Rows; i++)
                {
                    if (data.Labels[i] != 1) continue;
                    var inside = true;
                    for (var j = 0; j < attrs.Count && inside; j++)
                        if (masks[j] != 0 && (masks[j] & (1 << attrs[j].Codes[i])) == 0) inside = false;
                    if (!inside) continue;
                    n++;
                    if (data.Predictions[i] == 0) c++;
                }
                if (n >= options.MinSize) best = Math.Max(best, BernoulliScanScore.Score(c, n, p0));
                return;
            }
            for (var m = 0; m < choices[k]; m++)
            {
                masks[k] = m;
                Recurse(k + 1);
            }
        }
        Recurse(0);
        return best;
    }

    [Theory]
    [InlineData(PValueAdjustment.Holm)]
    [InlineData(PValueAdjustment.BenjaminiHochberg)]
    public void Exhaustive_matches_a_row_by_row_brute_force(PValueAdjustment adjustment)
    {
        var data = Synthetic(1500, 5, baseFnr: 0.3, plantedFnr: 0.8);
        var options = new ScanOptions { Method = ScanMethod.Exhaustive, MaxOrder = 2, MinSize = 10, Top = 1000, Adjustment = adjustment };
        var result = ScanEngine.Run(data, options);

        var expected = new List<(string Definition, long N, long C, double P)>();
        var attrs = data.Attributes;
        long totalN = data.Labels.Count(y => y == 1);
        long totalC = Enumerable.Range(0, data.Rows).Count(i => data.Labels[i] == 1 && data.Predictions[i] == 0);
        foreach (var set in new[] { new[] { 0 }, [1], [2], [0, 1], [0, 2], [1, 2] })
        {
            var levels = set.Select(s => attrs[s].Levels.Length).ToArray();
            var combos = levels.Aggregate(1, (x, y) => x * y);
            for (var combo = 0; combo < combos; combo++)
            {
                var values = new int[set.Length];
                var rest = combo;
                for (var k = 0; k < set.Length; k++)
                {
                    values[k] = rest % levels[k];
                    rest /= levels[k];
                }
                long n = 0, c = 0;
                for (var i = 0; i < data.Rows; i++)
                {
                    if (data.Labels[i] != 1) continue;
                    if (Enumerable.Range(0, set.Length).Any(k => attrs[set[k]].Codes[i] != values[k])) continue;
                    n++;
                    if (data.Predictions[i] == 0) c++;
                }
                if (n < options.MinSize || n == totalN) continue;
                var p = OneSidedProportionTest.Greater(c, n, totalC - c, totalN - n)!.Value.PValue;
                var definition = string.Join(" ∧ ", Enumerable.Range(0, set.Length).Select(k => $"{attrs[set[k]].Name}={attrs[set[k]].Levels[values[k]]}"));
                expected.Add((definition, n, c, p));
            }
        }
        var adjusted = adjustment == PValueAdjustment.Holm
            ? MultipleTesting.Holm(expected.Select(e => e.P).ToArray())
            : MultipleTesting.BenjaminiHochberg(expected.Select(e => e.P).ToArray());

        Assert.Equal(expected.Count, result.Candidates);
        Assert.Equal(expected.Count, result.Subgroups.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            var s = result.Subgroups.Single(g => g.Definition == expected[k].Definition);
            Assert.Equal(expected[k].N, s.Population);
            Assert.Equal(expected[k].C, s.Events);
            Assert.Equal(expected[k].P, s.PValue!.Value, 12);
            Assert.Equal(adjusted[k], s.AdjustedPValue!.Value, 12);
        }
        // Ranked by adjusted p-value; the planted pair comes first.
        Assert.Equal("a=a1 ∧ b=b2", result.Subgroups[0].Definition);
        for (var k = 1; k < result.Subgroups.Count; k++)
            Assert.True(result.Subgroups[k - 1].AdjustedPValue <= result.Subgroups[k].AdjustedPValue);
    }

    [Fact]
    public void Exhaustive_counts_and_flags_small_cells_with_the_audit_rule()
    {
        var data = Synthetic(400, 5, baseFnr: 0.3, plantedFnr: 0.7);
        var result = ScanEngine.Run(data, new ScanOptions { Method = ScanMethod.Exhaustive, MaxOrder = 3, MinSize = 1, Top = 100000 });
        Assert.Contains(result.Subgroups, s => s.SmallCell);
        Assert.All(result.Subgroups, s => Assert.Equal(s.Rows < 11, s.SmallCell));
        Assert.All(result.Subgroups, s => Assert.True(s.Rate.Ci!.Value.Low <= s.Rate.Value && s.Rate.Value <= s.Rate.Ci.Value.High));
    }

    [Fact]
    public void Scan_is_reproducible_by_seed()
    {
        var data = Synthetic(2000, 9, baseFnr: 0.2, plantedFnr: 0.4);
        var x = ScanEngine.Run(data, new ScanOptions { Replicates = 49, Seed = 5 });
        var y = ScanEngine.Run(data, new ScanOptions { Replicates = 49, Seed = 5 });
        Assert.Equal(x.NullScores, y.NullScores);
        Assert.Equal(x.Subgroups.Select(s => (s.Definition, s.Score, s.PValue)), y.Subgroups.Select(s => (s.Definition, s.Score, s.PValue)));
    }

    private static string Csv(AuditData data)
    {
        var sb = new StringBuilder("y,pred,score,a,b,c\n");
        for (var i = 0; i < data.Rows; i++)
        {
            var score = data.Predictions[i] == 1 ? 0.75 : 0.25;
            sb.Append(CultureInfo.InvariantCulture, $"{data.Labels[i]},{data.Predictions[i]},{score},")
                .Append(data.Attributes[0].Levels[data.Attributes[0].Codes[i]]).Append(',')
                .Append(data.Attributes[1].Levels[data.Attributes[1].Codes[i]]).Append(',')
                .Append(data.Attributes[2].Levels[data.Attributes[2].Codes[i]]).Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void Cli_writes_vigil_scan_v2_json_and_markdown()
    {
        using var dir = new TempDir();
        var csv = dir.File("scan.csv", Csv(Synthetic(3000, 7, baseFnr: 0.2, plantedFnr: 0.6)));
        var json = dir.Combine("scan.json");
        var (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--score", "score", "--protected", "a,b,c",
            "--permutations", "49", "--top", "3", "--out", json);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal("vigil.scan/v2", root.GetProperty("schema").GetString());
        Assert.Equal("fnr", root.GetProperty("settings").GetProperty("metric").GetString());
        Assert.Equal(0.5, root.GetProperty("settings").GetProperty("threshold").GetDouble());
        var top = root.GetProperty("subgroups")[0];
        Assert.StartsWith("a=a1 ∧ b=b2", top.GetProperty("definition").GetString(), StringComparison.Ordinal);
        Assert.True(top.GetProperty("p_value").GetDouble() < 0.05);
        Assert.Equal(2, top.GetProperty("rate").GetProperty("ci").GetArrayLength());
        Assert.False(top.GetProperty("small_cell").GetBoolean());
        Assert.Equal(49, root.GetProperty("search").GetProperty("null_max_score").GetProperty("permutations").GetInt32());

        var md = dir.Combine("scan.md");
        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,b",
            "--method", "exhaustive", "--adjust", "bh", "--max-order", "2", "--out", md);
        Assert.True(code == 0, err);
        var text = File.ReadAllText(md);
        Assert.StartsWith("# Vigil scan", text, StringComparison.Ordinal);
        Assert.Contains("| 1 | a=a1 ∧ b=b2 |", text, StringComparison.Ordinal);
        Assert.Contains("benjamini_hochberg-adjusted", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_rejects_bad_input_with_clear_errors()
    {
        using var dir = new TempDir();
        var csv = dir.File("scan.csv", Csv(Synthetic(300, 7, baseFnr: 0.2, plantedFnr: null)));
        var (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,zip");
        Assert.Equal(2, code);
        Assert.Contains("no column 'zip'", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a", "--max-order", "0");
        Assert.Equal(2, code);
        Assert.Contains("--max-order 0", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--protected", "a");
        Assert.Equal(2, code);
        Assert.Contains("--score COLUMN or --prediction COLUMN", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a", "--metric", "auc");
        Assert.Equal(2, code);
        Assert.Contains("--metric 'auc'", err, StringComparison.Ordinal);

        var oneClass = dir.File("one.csv", "y,pred,a\n1,0,x\n1,1,y\n1,1,x\n");
        (code, _, err) = CliRunner.Run("scan", "--data", oneClass, "--label", "y", "--prediction", "pred", "--protected", "a", "--min-size", "1");
        Assert.Equal(3, code);
        Assert.Contains("one class only", err, StringComparison.Ordinal);
    }
}
