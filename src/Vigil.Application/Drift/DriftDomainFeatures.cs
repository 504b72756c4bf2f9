using Vigil.Core.Drift;
using Vigil.Models;

namespace Vigil.Application.Drift;

/// <summary>The compared columns as domain-classifier features: numbers as they are, categories as a shared code.</summary>
public static class DriftDomainFeatures
{
    public static IReadOnlyList<DomainFeature> From(IReadOnlyList<DriftColumnData> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = new List<DomainFeature>();
        foreach (var column in data)
        {
            if (column.Type == ColumnType.Numerical)
            {
                features.Add(new DomainFeature(column.Name, ToFloat(column.ReferenceNumbers!.Values), ToFloat(column.CurrentNumbers!.Values)));
                continue;
            }
            // One code per category text, shared by both files (the files' own level lists may differ).
            var keys = column.ReferenceCategories!.Levels.Union(column.CurrentCategories!.Levels).Order(StringComparer.Ordinal).ToList();
            features.Add(new DomainFeature(column.Name,
                Encode(column.ReferenceCategories.Codes, column.ReferenceCategories.Levels, keys),
                Encode(column.CurrentCategories.Codes, column.CurrentCategories.Levels, keys)));
        }
        return features;
    }

    private static float[] ToFloat(double[] values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = double.IsFinite(values[i]) ? (float)values[i] : float.NaN;
        return result;
    }

    private static float[] Encode(int[] codes, string[] levels, List<string> keys)
    {
        var map = levels.Select(l => (float)keys.IndexOf(l)).ToArray();
        var result = new float[codes.Length];
        for (var i = 0; i < codes.Length; i++) result[i] = codes[i] < 0 ? float.NaN : map[codes[i]];
        return result;
    }
}
