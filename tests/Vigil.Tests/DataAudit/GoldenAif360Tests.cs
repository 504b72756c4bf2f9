using System.Globalization;
using System.Text.Json;
using Vigil.Core.DataAudit;
using Xunit;

namespace Vigil.Tests.DataAudit;

/// <summary>AIF360 0.6.1 dataset metrics on fx_binary_small (tests/golden, computed by the reference scripts).</summary>
public class GoldenAif360Tests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "golden");

    private sealed record Fixture(double[][] X, string[] Sex, string[] Race, string[] AgeBand, byte[] Y);

    private static Fixture Load()
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, "fx_binary_small.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var n = lines.Length - 1;
        var x = new[] { new double[n], new double[n], new double[n] };
        var sex = new string[n];
        var race = new string[n];
        var age = new string[n];
        var y = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var f = lines[i + 1].Split(',');
            for (var j = 0; j < 3; j++) x[j][i] = double.Parse(f[Col($"x{j + 1}")], CultureInfo.InvariantCulture);
            sex[i] = f[Col("sex")];
            race[i] = f[Col("race")];
            age[i] = f[Col("age_band")];
            y[i] = byte.Parse(f[Col("y_true")], CultureInfo.InvariantCulture);
        }
        return new Fixture(x, sex, race, age, y);
    }

    private static JsonElement Golden() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "golden_fx_binary_small.json"))).RootElement;

    [Fact]
    public void Consistency_k5_on_raw_features_plus_sex_code_matches_aif360()
    {
        var f = Load();
        var sexCode = f.Sex.Select(s => s == "M" ? 1.0 : 0.0).ToArray();
        var result = Consistency.Compute([f.X[0], f.X[1], f.X[2], sexCode], f.Y, k: 5);
        var expected = Golden().GetProperty("aif360_consistency").GetProperty("consistency_on_y_true").GetDouble();
        Assert.Equal("exact", result.Method);
        Assert.Equal(2000, result.QueryRows);
        Assert.Equal(expected, result.Value.Value!.Value, 1e-9);
    }

    [Theory]
    [InlineData("sex", "M")]
    [InlineData("race", "A")]
    [InlineData("age_band", "35-54")]
    [InlineData("sex×race", "M|A")]
    public void Spd_disparate_impact_and_base_rate_match_aif360(string attribute, string privileged)
    {
        var f = Load();
        string Key(int i) => attribute switch
        {
            "sex" => f.Sex[i],
            "race" => f.Race[i],
            "age_band" => f.AgeBand[i],
            _ => f.Sex[i] + "|" + f.Race[i],
        };
        var levels = Enumerable.Range(0, f.Y.Length).Select(Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var n = new long[levels.Count];
        var x = new long[levels.Count];
        for (var i = 0; i < f.Y.Length; i++)
        {
            var g = levels.IndexOf(Key(i));
            n[g]++;
            x[g] += f.Y[i];
        }
        var r = DatasetFairness.Compute(n, x, levels.IndexOf(privileged));
        var metrics = Golden().GetProperty("aif360").GetProperty(attribute).GetProperty("metrics");
        Assert.Equal(metrics.GetProperty("dataset_true.statistical_parity_difference").GetDouble(), r.StatisticalParityDifference.Value!.Value, 1e-9);
        Assert.Equal(metrics.GetProperty("dataset_true.disparate_impact").GetDouble(), r.DisparateImpact.Value!.Value, 1e-9);
        // base_rate over all rows: 1137 positives of 2000 (overall_confusion tp + fn).
        var confusion = Golden().GetProperty("overall_confusion");
        var positives = confusion.GetProperty("tp").GetInt32() + confusion.GetProperty("fn").GetInt32();
        Assert.Equal(positives / 2000.0, r.BaseRate.Value!.Value, 1e-12);
    }
}
