using System.Globalization;
using Vigil.Core;
using Vigil.Core.Labels;
using Vigil.Data;

namespace Vigil.Models.Training;

/// <summary>A feature and how it enters the model.</summary>
public sealed record FeatureSpec(string Name, FeatureKind Kind);

/// <summary>The label as read: 0/1 per row and the value that counts as positive (as spelled in the data).</summary>
public sealed record LabelInfo(string Column, string PositiveLabel, bool[] Values);

/// <summary>
/// Reads model inputs from a <see cref="TabularSource"/> in one scan: numeric features as float32 (missing = NaN),
/// categorical ones as text (missing = "(missing)"), and a binary label. A feature is numeric when every present cell
/// reads as a number, unless it is named as categorical; the model's own input types decide when scoring.
/// </summary>
public static class ModelTableLoader
{
    /// <summary>Decides each feature's kind from the data (see the class summary).</summary>
    public static IReadOnlyList<FeatureSpec> InferKinds(TabularSource source, IReadOnlyList<string> features, IReadOnlySet<string> categorical)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(categorical);
        source.Materialize();
        var specs = new List<FeatureSpec>(features.Count);
        foreach (var f in features)
        {
            source.RequireColumn(f, Param.Ref("features"));
            var numeric = !categorical.Contains(f) && source.FirstNonNumeric(f) is null;
            specs.Add(new FeatureSpec(f, numeric ? FeatureKind.Numeric : FeatureKind.Categorical));
        }
        return specs;
    }

    /// <summary>Reads the features (and the label when <paramref name="labelColumn"/> is given).</summary>
    public static (ModelTable Table, LabelInfo? Label) Load(TabularSource source, IReadOnlyList<FeatureSpec> features, string? labelColumn,
        string? positiveLabel, string? featureRole = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(features);
        source.Materialize();
        featureRole ??= Param.Ref("features");
        var requests = new List<ColumnRequest>();
        foreach (var f in features)
        {
            requests.Add(f.Kind == FeatureKind.Numeric
                ? new ColumnRequest(f.Name, featureRole, ColumnKind.Numeric)
                : new ColumnRequest(f.Name, featureRole, ColumnKind.Categorical, 100_000, "a categorical feature"));
        }
        if (labelColumn is not null)
            requests.Add(new ColumnRequest(labelColumn, Param.Ref("label"), ColumnKind.Categorical, 100, $"a binary outcome, or one value named by {Param.Ref("positive_label")}"));
        var read = source.Read(requests);
        var rows = checked((int)source.RowCount);
        if (rows == 0) throw VigilException.BadData($"{source.Path}: no rows (the file has only a header)");
        var columns = new List<FeatureColumn>(features.Count);
        for (var k = 0; k < features.Count; k++)
        {
            if (read[k] is NumericColumn num)
            {
                var values = new float[rows];
                for (var i = 0; i < rows; i++) values[i] = (float)num.Values[i];
                columns.Add(new FeatureColumn(features[k].Name, values, num.Missing));
            }
            else
            {
                var cat = (CategoricalColumn)read[k];
                var levels = new ReadOnlyMemory<char>[cat.Levels.Length];
                for (var l = 0; l < levels.Length; l++) levels[l] = cat.Levels[l].AsMemory();
                var missing = ModelTable.MissingLevel.AsMemory();
                var values = new ReadOnlyMemory<char>[rows];
                for (var i = 0; i < rows; i++) values[i] = cat.Codes[i] < 0 ? missing : levels[cat.Codes[i]];
                columns.Add(new FeatureColumn(features[k].Name, values, cat.Missing));
            }
        }
        LabelInfo? label = null;
        if (labelColumn is not null) label = Binary(source, (CategoricalColumn)read[^1], positiveLabel);
        return (new ModelTable(columns, label?.Values, rows), label);
    }

    /// <summary>
    /// The label as 0/1 by the one label kernel (<see cref="LabelEncoding"/>): with <paramref name="positiveLabel"/>,
    /// rows equal to it are positive and every other value negative; without it a recognised binary coding.
    /// A missing label fails naming its first row.
    /// </summary>
    public static LabelInfo Binary(TabularSource source, CategoricalColumn column, string? positiveLabel)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(column);
        if (column.Missing > 0)
        {
            var first = Array.FindIndex(column.Codes, c => c < 0);
            throw VigilException.BadData(
                $"{source.Path}: column '{column.Name}' ({Param.Ref("label")}) is missing in {column.Missing} rows (first: {source.RowName(first)}); " +
                "drop those rows or record the outcome first");
        }
        var coding = LabelEncoding.Encode(column.Levels, positiveLabel, $"{source.Path}: column '{column.Name}' ({Param.Ref("label")})");
        return new LabelInfo(column.Name, coding.Positive, coding.ToBooleans(column.Codes));
    }
}
