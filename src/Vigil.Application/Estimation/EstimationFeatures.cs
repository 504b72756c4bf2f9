using Vigil.Application.Drift;
using Vigil.Core.Drift;

namespace Vigil.Application.Estimation;

/// <summary>The domain model's design matrices of both files (row-major) and the names of their columns.</summary>
public sealed record FeatureMatrices(double[] Reference, double[] Current, int Columns, IReadOnlyList<string> Names);

/// <summary>
/// Encodes the compared columns (read and typed by <see cref="DriftInputLoader"/>, the drift command's loader) for the
/// logistic domain model: a numeric column becomes z = (x − mean)/sd over both files pooled, z², and a missing-value
/// indicator when any cell is missing (missing z = 0); a categorical column becomes one indicator per level among its
/// <see cref="MaxLevels"/> most frequent (pooled), the rest and missing sharing the all-zero row.
/// </summary>
public static class EstimationFeatures
{
    /// <summary>Indicators per categorical column.</summary>
    public const int MaxLevels = 10;

    public static FeatureMatrices Encode(IReadOnlyList<DriftColumnData> columns, int referenceRows, int currentRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var refBlocks = new List<double[]>();
        var curBlocks = new List<double[]>();
        var names = new List<string>();
        foreach (var c in columns)
        {
            if (c.Type == ColumnType.Numerical) Numeric(c.Name, c.ReferenceNumbers!.Values, c.CurrentNumbers!.Values, refBlocks, curBlocks, names);
            else Categorical(c, refBlocks, curBlocks, names);
        }
        var d = names.Count;
        var reference = new double[(long)referenceRows * d];
        var current = new double[(long)currentRows * d];
        for (var j = 0; j < d; j++)
        {
            for (var i = 0; i < referenceRows; i++) reference[i * d + j] = refBlocks[j][i];
            for (var i = 0; i < currentRows; i++) current[i * d + j] = curBlocks[j][i];
        }
        return new FeatureMatrices(reference, current, d, names);
    }

    private static void Numeric(string name, double[] r, double[] c, List<double[]> refBlocks, List<double[]> curBlocks, List<string> names)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        var missing = false;
        foreach (var v in r.Concat(c))
        {
            if (!double.IsFinite(v))
            {
                missing = true;
                continue;
            }
            sum += v;
            sumSq += v * v;
            n++;
        }
        var mean = n > 0 ? sum / n : 0;
        var sd = n > 1 ? Math.Sqrt(Math.Max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
        if (!(sd > 0)) sd = 1;
        double[] Z(double[] x) => x.Select(v => double.IsFinite(v) ? (v - mean) / sd : 0).ToArray();
        var zr = Z(r);
        var zc = Z(c);
        refBlocks.Add(zr);
        curBlocks.Add(zc);
        names.Add(name);
        refBlocks.Add(zr.Select(z => z * z - 1).ToArray());
        curBlocks.Add(zc.Select(z => z * z - 1).ToArray());
        names.Add(name + "^2");
        if (!missing) return;
        refBlocks.Add(r.Select(v => double.IsFinite(v) ? 0.0 : 1.0).ToArray());
        curBlocks.Add(c.Select(v => double.IsFinite(v) ? 0.0 : 1.0).ToArray());
        names.Add(name + " missing");
    }

    private static void Categorical(DriftColumnData column, List<double[]> refBlocks, List<double[]> curBlocks, List<string> names)
    {
        var r = column.ReferenceCategories!;
        var c = column.CurrentCategories!;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var code in r.Codes)
            if (code >= 0) counts[r.Levels[code]] = counts.GetValueOrDefault(r.Levels[code]) + 1;
        foreach (var code in c.Codes)
            if (code >= 0) counts[c.Levels[code]] = counts.GetValueOrDefault(c.Levels[code]) + 1;
        var top = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxLevels).Select(kv => kv.Key).ToList();
        foreach (var level in top)
        {
            refBlocks.Add(Indicator(r.Codes, r.Levels, level));
            curBlocks.Add(Indicator(c.Codes, c.Levels, level));
            names.Add($"{column.Name}={level}");
        }
    }

    private static double[] Indicator(int[] codes, string[] levels, string level)
    {
        var at = Array.IndexOf(levels, level);
        var result = new double[codes.Length];
        for (var i = 0; i < codes.Length; i++) result[i] = codes[i] == at && at >= 0 ? 1 : 0;
        return result;
    }
}
