using System.Globalization;
using System.Text.Json;
using Vigil.Mitigation;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Mitigation;

/// <summary>golden/fx_binary_small.csv parsed directly (no Vigil reader) and its golden JSON.</summary>
internal static class MitigationFixture
{
    private static readonly Lazy<(string[] Header, string[][] Rows)> Csv = new(() =>
    {
        var lines = File.ReadAllLines(TestFiles.Golden("fx_binary_small.csv"));
        return (lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray());
    });

    public static readonly Lazy<JsonElement> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("golden_fx_binary_small.json"))).RootElement.Clone());

    public static string CsvPath => TestFiles.Golden("fx_binary_small.csv");

    public static string[] Column(string name)
    {
        var (header, rows) = Csv.Value;
        var c = Array.IndexOf(header, name);
        return rows.Select(r => r[c]).ToArray();
    }

    public static double[] Numeric(string name) =>
        Column(name).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    public static bool[] Labels => Column("y_true").Select(v => v == "1").ToArray();

    /// <summary>Groups of one attribute ("sex", "race", ...) or the "sex×race" intersection ("F|A").</summary>
    public static GroupedLabels Grouped(string attribute)
    {
        var values = attribute == "sex×race"
            ? Column("sex").Zip(Column("race"), (s, r) => s + "|" + r).ToArray()
            : Column(attribute);
        var names = values.Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
        var codes = values.Select(v => Array.IndexOf(names, v)).ToArray();
        return new GroupedLabels(codes, names, Labels);
    }
}
