using System.Text.Json;
using Vigil.Application.Drift;
using Vigil.Core.Drift;
using Vigil.Data;

namespace Vigil.Tests.Drift;

/// <summary>The shared drift fixtures (tests/golden) loaded once: both CSVs and the Evidently/scipy golden file.</summary>
internal static class DriftFixtures
{
    public static string GoldenDir => Path.Combine(AppContext.BaseDirectory, "golden");

    public static string ReferenceCsv => Path.Combine(GoldenDir, "fx_drift_ref.csv");

    public static string CurrentCsv => Path.Combine(GoldenDir, "fx_drift_cur.csv");

    private static readonly Lazy<JsonDocument> GoldenDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDir, "golden_drift.json"))));

    private static readonly Lazy<IReadOnlyList<DriftColumnData>> Columns = new(() =>
    {
        using var r = TabularSource.Open(ReferenceCsv);
        using var c = TabularSource.Open(CurrentCsv);
        return DriftInputLoader.Load(r, c, null, Array.Empty<string>());
    });

    public static JsonElement Section(string section) => GoldenDoc.Value.RootElement.GetProperty(section);

    public static DriftColumnData Column(string name) => Columns.Value.Single(c => c.Name == name);

    /// <summary>The column's samples for a golden section: all rows, or the first 800 of each file.</summary>
    public static ColumnSamples Samples(string section, string column)
    {
        var data = Column(column);
        if (section == "full") return data.Samples();
        var nRef = data.ReferenceNumbers?.Values.Length ?? data.ReferenceCategories!.Codes.Length;
        var nCur = data.CurrentNumbers?.Values.Length ?? data.CurrentCategories!.Codes.Length;
        return data.Samples(FirstRows(nRef, 800), FirstRows(nCur, 800));
    }

    public static bool[] FirstRows(int n, int take)
    {
        var mask = new bool[n];
        for (var i = 0; i < Math.Min(n, take); i++) mask[i] = true;
        return mask;
    }

    /// <summary>(section, column, test) for every numeric golden score.</summary>
    public static IEnumerable<object[]> GoldenScores()
    {
        foreach (var section in new[] { "full", "first_800_rows" })
        foreach (var column in Section(section).GetProperty("columns").EnumerateObject())
        foreach (var test in column.Value.GetProperty("tests").EnumerateObject())
            if (test.Value.GetProperty("score").ValueKind == JsonValueKind.Number)
                yield return [section, column.Name, test.Name];
    }

    /// <summary>
    /// The tolerance of the drift golden tests (Evidently 0.2.8 and scipy 1.10.1 values): 1e-6 relative, absolute below 1.
    /// README.md states it; <see cref="DriftWithinGroupsTests"/> checks that the README says this number.
    /// </summary>
    public const double Tolerance = 1e-6;

    /// <summary>Within <see cref="Tolerance"/> (or <paramref name="tol"/>): relative, absolute below 1.</summary>
    public static bool Close(double got, double want, double tol = Tolerance) => Math.Abs(got - want) <= tol * Math.Max(1.0, Math.Abs(want));
}
