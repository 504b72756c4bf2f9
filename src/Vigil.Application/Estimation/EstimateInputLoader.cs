using System.Globalization;
using Vigil.Core;
using Vigil.Core.Labels;
using Vigil.Data;

namespace Vigil.Application.Estimation;

/// <summary>
/// Reads the estimate's columns with errors that name the file and the column: the reference's labels (through the
/// one label kernel, <see cref="LabelEncoding"/>; every row needs one), the scores of both files (every row a number
/// in [0, 1]). The current file's label column, if it has one, is never read.
/// </summary>
public static class EstimateInputLoader
{
    public static bool[] Labels(TabularSource reference, string label, string? positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(reference);
        reference.RequireColumn(label, "label (the reference data must carry the outcome)");
        var column = reference.ReadCategorical(label, "label");
        var subject = $"{reference.Path}: column '{label}' ({Param.Ref("label")})";
        if (column.Missing > 0)
        {
            var first = Array.FindIndex(column.Codes, c => c < 0);
            throw VigilException.BadData(
                $"{subject} has {column.Missing} missing values (first at {reference.RowName(first)}); the reference needs the outcome on every row to calibrate the scores");
        }
        var coding = LabelEncoding.Encode(column.Levels, positiveLabel, subject);
        return coding.ToBooleans(column.Codes);
    }

    public static double[] Scores(TabularSource source, string score)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.RequireColumn(score, "score");
        if (source.FirstNonNumeric(score) is { } bad)
            throw VigilException.BadData($"{source.Path}: column '{score}' ({Param.Ref("score")}) at {bad.Row}: '{bad.Value}' is not a number");
        var values = source.ReadNumeric(score, "score").Values;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
                throw VigilException.BadData($"{source.Path}: column '{score}' ({Param.Ref("score")}) is missing at {source.RowName(i)}; every row needs a score");
            if (v is < 0 or > 1)
                throw VigilException.BadData(
                    $"{source.Path}: column '{score}' ({Param.Ref("score")}) at {source.RowName(i)}: {v.ToString("R", CultureInfo.InvariantCulture)} is not a probability in [0, 1]");
        }
        return values;
    }

    /// <summary>
    /// The domain model's columns: the given ones, or every reference column except the label — which the current
    /// file must then have too (a column missing from it is an error naming both files).
    /// </summary>
    public static List<string> FeatureColumns(TabularSource reference, TabularSource current, IReadOnlyList<string> features, string label)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count > 0)
        {
            if (features.Contains(label, StringComparer.Ordinal))
                throw VigilException.Option("features", $"'{label}' is the label: the domain model must not see the outcome");
            return [.. features];
        }
        var result = new List<string>();
        foreach (var c in reference.Columns)
        {
            if (c == label) continue;
            if (!current.Columns.Contains(c, StringComparer.Ordinal))
                throw VigilException.BadData(
                    $"{current.Path}: no column '{c}', which {reference.Path} has; expected the same columns in both files apart from the label (or choose the domain model's columns with {Param.Ref("features")})");
            result.Add(c);
        }
        return result;
    }
}
