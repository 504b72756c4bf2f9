using System.Globalization;
using System.Text.Json;
using Vigil.Models.Learners;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Models;

/// <summary>golden/fx_binary_small.csv as the reductions' golden run used it: x1..x3 standardized, y_true, sex, race.</summary>
internal sealed class LearnersFixture
{
    private static readonly Lazy<LearnersFixture> Instance = new(() => new LearnersFixture());

    private static readonly Lazy<JsonDocument> GoldenDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("golden_fx_binary_small.json"))));

    private LearnersFixture()
    {
        var lines = File.ReadAllLines(TestFiles.Golden("fx_binary_small.csv"));
        var header = lines[0].Split(',');
        var n = lines.Length - 1;
        var x = new double[3][];
        for (var j = 0; j < 3; j++) x[j] = new double[n];
        Y = new bool[n];
        Sex = new string[n];
        Race = new string[n];
        var col = (string name) => Array.IndexOf(header, name);
        int c1 = col("x1"), c2 = col("x2"), c3 = col("x3"), cy = col("y_true"), cs = col("sex"), cr = col("race");
        for (var i = 0; i < n; i++)
        {
            var f = lines[i + 1].Split(',');
            x[0][i] = double.Parse(f[c1], CultureInfo.InvariantCulture);
            x[1][i] = double.Parse(f[c2], CultureInfo.InvariantCulture);
            x[2][i] = double.Parse(f[c3], CultureInfo.InvariantCulture);
            Y[i] = f[cy] == "1";
            Sex[i] = f[cs];
            Race[i] = f[cr];
        }
        Raw = FeatureMatrix.FromColumns(
            [new NumericFeature("x1", x[0]), new NumericFeature("x2", x[1]), new NumericFeature("x3", x[2])], []);
        X = Raw.Standardize();
    }

    public static LearnersFixture Get => Instance.Value;

    public static JsonElement Golden => GoldenDoc.Value.RootElement;

    public FeatureMatrix Raw { get; }

    /// <summary>x1..x3 z-scored with the population standard deviation (StandardScaler on the whole fixture).</summary>
    public FeatureMatrix X { get; }

    public bool[] Y { get; }

    public string[] Sex { get; }

    public string[] Race { get; }

    /// <summary>Integer codes of a text column (levels in ordinal order) and the level names.</summary>
    public static (int[] Codes, string[] Names) Codes(string[] values)
    {
        var names = values.Distinct().Order(StringComparer.Ordinal).ToArray();
        var codes = values.Select(v => Array.IndexOf(names, v)).ToArray();
        return (codes, names);
    }
}
