namespace Vigil.Models.Training;

/// <summary>How a feature enters a model.</summary>
public enum FeatureKind
{
    /// <summary>A number (float32 in the model); missing = NaN, mean-imputed with a missing indicator.</summary>
    Numeric,

    /// <summary>A category (text in the model); one-hot encoded, missing as its own level.</summary>
    Categorical,
}

/// <summary>
/// One model input held in memory: <see cref="Numeric"/> (NaN = missing) for numeric features, <see cref="Text"/> for
/// categorical ones, where a missing cell already holds <see cref="ModelTable.MissingLevel"/>.
/// </summary>
public sealed class FeatureColumn
{
    public FeatureColumn(string name, float[] numeric, int missing)
    {
        Name = name;
        Kind = FeatureKind.Numeric;
        Numeric = numeric;
        Text = null;
        Missing = missing;
    }

    public FeatureColumn(string name, ReadOnlyMemory<char>[] text, int missing)
    {
        Name = name;
        Kind = FeatureKind.Categorical;
        Text = text;
        Numeric = null;
        Missing = missing;
    }

    public string Name { get; }

    public FeatureKind Kind { get; }

    public float[]? Numeric { get; }

    public ReadOnlyMemory<char>[]? Text { get; }

    /// <summary>Missing cells in the column as read.</summary>
    public int Missing { get; }

    public int Rows => Numeric?.Length ?? Text!.Length;
}

/// <summary>The features (and, for training, the 0/1 label) of a set of rows, column-wise.</summary>
public sealed class ModelTable
{
    /// <summary>The level that a missing categorical cell becomes (one-hot encoded like any other level).</summary>
    public const string MissingLevel = "(missing)";

    public ModelTable(IReadOnlyList<FeatureColumn> features, bool[]? label, int rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var f in features)
            if (f.Rows != rows) throw new ArgumentException($"feature '{f.Name}' has {f.Rows} rows, expected {rows}");
        if (label is not null && label.Length != rows) throw new ArgumentException("label length differs from the row count");
        Features = features;
        Label = label;
        Rows = rows;
    }

    public IReadOnlyList<FeatureColumn> Features { get; }

    /// <summary>True = the positive class; null when the table is only scored.</summary>
    public bool[]? Label { get; }

    public int Rows { get; }

    /// <summary>The rows listed in <paramref name="rows"/>, in that order.</summary>
    public ModelTable Subset(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var features = new List<FeatureColumn>(Features.Count);
        foreach (var f in Features)
        {
            var missing = 0;
            if (f.Kind == FeatureKind.Numeric)
            {
                var values = new float[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    values[i] = f.Numeric![rows[i]];
                    if (float.IsNaN(values[i])) missing++;
                }
                features.Add(new FeatureColumn(f.Name, values, missing));
            }
            else
            {
                var values = new ReadOnlyMemory<char>[rows.Length];
                for (var i = 0; i < rows.Length; i++) values[i] = f.Text![rows[i]];
                features.Add(new FeatureColumn(f.Name, values, CountMissing(values)));
            }
        }
        bool[]? label = null;
        if (Label is not null)
        {
            label = new bool[rows.Length];
            for (var i = 0; i < rows.Length; i++) label[i] = Label[rows[i]];
        }
        return new ModelTable(features, label, rows.Length);
    }

    private static int CountMissing(ReadOnlyMemory<char>[] values)
    {
        var n = 0;
        foreach (var v in values)
            if (v.Span.SequenceEqual(MissingLevel)) n++;
        return n;
    }
}
