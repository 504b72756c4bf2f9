using System.Globalization;
using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Calibration;

/// <summary>
/// `vigil audit --curves` on golden/fx_binary_small.csv against the "calibration" block of the golden file
/// (scikit-learn 1.2.1 brier_score_loss and calibration_curve with 10 uniform and 10 quantile bins; ECE and
/// MCE over the 10 uniform bins), overall and for every group of sex, race, age_band and sex×race, to 1e-9.
/// </summary>
public sealed class GoldenCalibrationTests
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<JsonElement> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("golden_fx_binary_small.json"))).RootElement.GetProperty("calibration"));

    internal static readonly Lazy<JsonDocument> Vigil = new(() => CliRunner.Json(
        "audit", "--data", TestFiles.Golden("fx_binary_small.csv"), "--label", "y_true", "--score", "y_score",
        "--protected", "sex,race,age_band", "--intersections", "sex*race", "--curves", "--bootstrap", "0"));

    /// <summary>(golden path, Vigil curves group) of the population and every golden group.</summary>
    public static TheoryData<string> Groups()
    {
        var data = new TheoryData<string> { "overall" };
        foreach (var grouping in Golden.Value.GetProperty("by_grouping").EnumerateObject())
            foreach (var group in grouping.Value.EnumerateObject())
                data.Add($"{grouping.Name}/{group.Name}");
        return data;
    }

    private static (JsonElement Golden, JsonElement Vigil) Pair(string key)
    {
        var curves = Vigil.Value.RootElement.GetProperty("curves");
        if (key == "overall") return (Golden.Value.GetProperty("overall"), curves.GetProperty("overall"));
        var (grouping, group) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var golden = Golden.Value.GetProperty("by_grouping").GetProperty(grouping).GetProperty(group);
        // Golden "sex×race" / "sex=F|race=A" is Vigil's "sex*race" / "F*A".
        var vigilGrouping = grouping.Replace("×", "*", StringComparison.Ordinal);
        var vigilGroup = string.Join("*", group.Split('|').Select(part => part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        return (golden, curves.GetProperty("by_attribute").GetProperty(vigilGrouping).GetProperty(vigilGroup));
    }

    private static void Near(double want, double got, string what)
    {
        Assert.True(Math.Abs(want - got) <= Tolerance, $"{what}: got {got.ToString("R", CultureInfo.InvariantCulture)}, golden {want.ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Theory]
    [MemberData(nameof(Groups))]
    public void Metrics_and_curves_match_scikit_learn(string key)
    {
        var (golden, vigil) = Pair(key);
        Assert.False(vigil.GetProperty("suppressed").GetBoolean());
        var calibration = vigil.GetProperty("calibration");
        foreach (var metric in new[] { "brier", "ece", "mce" })
            Near(golden.GetProperty(metric).GetDouble(), calibration.GetProperty(metric).GetProperty("value").GetDouble(), $"{key} {metric}");

        var uniform = calibration.GetProperty("uniform");
        var goldenCounts = golden.GetProperty("bin_counts").EnumerateArray().Select(e => e.GetInt64()).Where(c => c > 0).ToArray();
        Assert.Equal(goldenCounts, uniform.GetProperty("count").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        foreach (var (strategy, curve) in new[] { ("calibration_curve_uniform10", uniform), ("calibration_curve_quantile10", calibration.GetProperty("quantile")) })
        {
            var wantTrue = Doubles(golden.GetProperty(strategy).GetProperty("prob_true"));
            var wantPred = Doubles(golden.GetProperty(strategy).GetProperty("prob_pred"));
            var gotTrue = Doubles(curve.GetProperty("observed"));
            var gotPred = Doubles(curve.GetProperty("mean_predicted"));
            Assert.Equal(wantTrue.Length, gotTrue.Length);
            Assert.Equal(wantPred.Length, gotPred.Length);
            for (var b = 0; b < wantTrue.Length; b++)
            {
                Near(wantTrue[b], gotTrue[b], $"{key} {strategy} prob_true[{b}]");
                Near(wantPred[b], gotPred[b], $"{key} {strategy} prob_pred[{b}]");
            }
        }
    }

    [Fact]
    public void Brier_and_ece_agree_with_the_audit_metrics()
    {
        var root = Vigil.Value.RootElement;
        var curves = root.GetProperty("curves");
        foreach (var grouping in root.GetProperty("attributes").EnumerateArray())
            foreach (var group in grouping.GetProperty("groups").EnumerateArray())
            {
                var c = curves.GetProperty("by_attribute").GetProperty(grouping.GetProperty("name").GetString()!).GetProperty(group.GetProperty("group").GetString()!);
                Assert.Equal(group.GetProperty("n").GetInt64(), c.GetProperty("n").GetInt64());
                foreach (var metric in new[] { "brier", "ece" })
                    Assert.Equal(group.GetProperty("metrics").GetProperty(metric).GetProperty("value").GetDouble(),
                        c.GetProperty("calibration").GetProperty(metric).GetProperty("value").GetDouble(), 1e-12);
            }
    }
}
