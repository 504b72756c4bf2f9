using System.Globalization;

namespace Vigil.Models.Learners;

/// <summary>A named numeric feature column; NaN marks a missing value.</summary>
public sealed record NumericFeature(string Name, double[] Values);

/// <summary>A named categorical (text) feature column; null marks a missing value.</summary>
public sealed record TextFeature(string Name, string?[] Values);

/// <summary>
/// Per-column affine scaling <c>(x − Mean) / Scale</c>, as scikit-learn's <c>StandardScaler</c>: the mean and the
/// population standard deviation (divisor n) of each column; a column with zero variance keeps scale 1.
/// </summary>
public sealed class ColumnScaling
{
    internal ColumnScaling(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    /// <summary>Mean of each column in the data the scaling was fitted on.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Population standard deviation of each column (1 where it is 0).</summary>
    public IReadOnlyList<double> Scale { get; }
}

/// <summary>
/// A dense design matrix for the learners: <see cref="Rows"/> × <see cref="Columns"/> single-precision values in
/// row-major order (the element type ML.NET trains on), with a name per column.
/// </summary>
/// <remarks>
/// <see cref="FromColumns"/> encodes raw columns the way a scikit-learn pipeline commonly does:
/// numeric columns are copied; a numeric column with missing values gets its mean (over the non-missing values)
/// imputed and an extra 0/1 column <c>name=missing</c> (SimpleImputer(strategy="mean", add_indicator=True));
/// text columns are one-hot encoded with one column per level (<c>name=level</c>), levels in ordinal string order,
/// a missing value being a level of its own (<c>name=(missing)</c>), as OneHotEncoder without dropping a level.
/// </remarks>
public sealed class FeatureMatrix
{
    /// <summary>The name given to the missing level of a text column and to the missing indicator of a numeric one.</summary>
    public const string MissingLevel = "(missing)";

    public FeatureMatrix(int rows, int columns, float[] values, string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"{values.Length} values for {rows} rows × {columns} columns", nameof(values));
        if (columnNames.Length != columns)
            throw new ArgumentException($"{columnNames.Length} names for {columns} columns", nameof(columnNames));
        Rows = rows;
        Columns = columns;
        Values = values;
        ColumnNames = columnNames;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row-major values: row r, column c is <c>Values[r * Columns + c]</c>.</summary>
#pragma warning disable CA1819 // the learners read the buffer directly (hot loops, no copies)
    public float[] Values { get; }

    public string[] ColumnNames { get; }
#pragma warning restore CA1819

    /// <summary>Row <paramref name="row"/> as a span over <see cref="Values"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>
    /// Builds the matrix from raw columns (all of the same length): numeric columns first, in order, each followed by
    /// its missing indicator when it has a missing value, then the one-hot columns of each text column.
    /// </summary>
    /// <exception cref="ArgumentException">Columns of different lengths, no columns, or a numeric column that is
    /// missing everywhere (nothing to impute from).</exception>
    public static FeatureMatrix FromColumns(IReadOnlyList<NumericFeature> numeric, IReadOnlyList<TextFeature> text)
    {
        var encoding = FeatureEncoding.Fit(numeric, text);
        var matrix = encoding.Apply(numeric, text);
        matrix.Encoding = encoding;
        return matrix;
    }

    /// <summary>
    /// How the columns were encoded when the matrix came from <see cref="FromColumns"/> (means, levels); apply it to
    /// other rows (a held-out file) to get the same columns (then the same <see cref="Standardize(ColumnScaling)"/>, if any:
    /// a standardized or selected matrix keeps its source's encoding). Null for a matrix built otherwise.
    /// </summary>
    public FeatureEncoding? Encoding { get; private set; }

    /// <summary>The rows at <paramref name="rows"/> (in that order; repeats allowed) as a new matrix.</summary>
    public FeatureMatrix Select(ReadOnlySpan<int> rows)
    {
        var values = new float[(long)rows.Length * Columns];
        for (var i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), $"row {rows[i]} of {Rows}");
            Values.AsSpan(rows[i] * Columns, Columns).CopyTo(values.AsSpan(i * Columns, Columns));
        }
        return new FeatureMatrix(rows.Length, Columns, values, ColumnNames) { Encoding = Encoding };
    }

    /// <summary>Fits a <see cref="ColumnScaling"/> (mean and population standard deviation of every column).</summary>
    public ColumnScaling FitScaling()
    {
        var mean = new double[Columns];
        var m2 = new double[Columns];
        for (var i = 0; i < Rows; i++)
        {
            var row = Row(i);
            for (var c = 0; c < Columns; c++) mean[c] += row[c];
        }
        for (var c = 0; c < Columns; c++) mean[c] = Rows == 0 ? 0 : mean[c] / Rows;
        for (var i = 0; i < Rows; i++)
        {
            var row = Row(i);
            for (var c = 0; c < Columns; c++)
            {
                var d = row[c] - mean[c];
                m2[c] += d * d;
            }
        }
        var scale = new double[Columns];
        for (var c = 0; c < Columns; c++)
        {
            var sd = Rows == 0 ? 0 : Math.Sqrt(m2[c] / Rows);
            scale[c] = sd > 0 ? sd : 1;
        }
        return new ColumnScaling(mean, scale);
    }

    /// <summary>Z-scores every column with its own mean and population standard deviation (sklearn StandardScaler).</summary>
    public FeatureMatrix Standardize() => Standardize(FitScaling());

    /// <summary>Applies a scaling fitted elsewhere (for example on the training rows) to this matrix.</summary>
    public FeatureMatrix Standardize(ColumnScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        if (scaling.Mean.Count != Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"scaling has {scaling.Mean.Count} columns, the matrix {Columns}"), nameof(scaling));
        var mean = new double[Columns];
        var scale = new double[Columns];
        for (var c = 0; c < Columns; c++)
        {
            mean[c] = scaling.Mean[c];
            scale[c] = scaling.Scale[c];
        }
        var values = new float[Values.Length];
        for (var i = 0; i < Rows; i++)
        {
            var baseIndex = i * Columns;
            for (var c = 0; c < Columns; c++) values[baseIndex + c] = (float)((Values[baseIndex + c] - mean[c]) / scale[c]);
        }
        return new FeatureMatrix(Rows, Columns, values, ColumnNames) { Encoding = Encoding };
    }
}

/// <summary>
/// The encoding <see cref="FeatureMatrix.FromColumns"/> fitted: per numeric column its mean (for imputation) and whether
/// it got a missing indicator; per text column its levels. <see cref="Apply"/> encodes other rows identically; a text
/// level not seen when fitting gets zeros in every column of its block (scikit-learn
/// <c>OneHotEncoder(handle_unknown="ignore")</c>), a missing text value with no <c>(missing)</c> level likewise.
/// </summary>
public sealed class FeatureEncoding
{
    private readonly string[] _numericNames;
    private readonly double[] _means;
    private readonly bool[] _indicator;
    private readonly string[] _textNames;
    private readonly Dictionary<string, int>[] _levels;
    private readonly bool[] _missingLevel;
    private readonly string[] _columnNames;

    private FeatureEncoding(string[] numericNames, double[] means, bool[] indicator, string[] textNames,
        Dictionary<string, int>[] levels, bool[] missingLevel, string[] columnNames)
    {
        _numericNames = numericNames;
        _means = means;
        _indicator = indicator;
        _textNames = textNames;
        _levels = levels;
        _missingLevel = missingLevel;
        _columnNames = columnNames;
    }

    /// <summary>Names of the encoded columns.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    internal static FeatureEncoding Fit(IReadOnlyList<NumericFeature> numeric, IReadOnlyList<TextFeature> text)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(text);
        if (numeric.Count + text.Count == 0) throw new ArgumentException("no feature columns", nameof(numeric));
        var rows = numeric.Count > 0 ? numeric[0].Values.Length : text[0].Values.Length;
        var names = new List<string>();
        var means = new double[numeric.Count];
        var indicator = new bool[numeric.Count];
        for (var j = 0; j < numeric.Count; j++)
        {
            var v = numeric[j].Values;
            if (v.Length != rows)
                throw new ArgumentException($"column '{numeric[j].Name}' has {v.Length} rows, expected {rows}", nameof(numeric));
            double sum = 0;
            var count = 0;
            for (var i = 0; i < v.Length; i++)
            {
                if (double.IsNaN(v[i])) continue;
                sum += v[i];
                count++;
            }
            if (count == 0 && rows > 0)
                throw new ArgumentException($"column '{numeric[j].Name}' has no values", nameof(numeric));
            means[j] = count == 0 ? 0 : sum / count;
            indicator[j] = count < rows;
            names.Add(numeric[j].Name);
            if (indicator[j]) names.Add(numeric[j].Name + "=" + FeatureMatrix.MissingLevel);
        }
        var levels = new Dictionary<string, int>[text.Count];
        var missingLevel = new bool[text.Count];
        for (var j = 0; j < text.Count; j++)
        {
            var v = text[j].Values;
            if (v.Length != rows)
                throw new ArgumentException($"column '{text[j].Name}' has {v.Length} rows, expected {rows}", nameof(text));
            var sorted = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in v)
            {
                if (s is null) missingLevel[j] = true;
                else sorted.Add(s);
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var level in sorted)
            {
                index[level] = index.Count;
                names.Add(text[j].Name + "=" + level);
            }
            if (missingLevel[j]) names.Add(text[j].Name + "=" + FeatureMatrix.MissingLevel);
            levels[j] = index;
        }
        return new FeatureEncoding(
            [.. numeric.Select(c => c.Name)], means, indicator, [.. text.Select(c => c.Name)], levels, missingLevel, [.. names]);
    }

    /// <summary>Encodes columns with the same names, in the same order, as those the encoding was fitted on.</summary>
    public FeatureMatrix Apply(IReadOnlyList<NumericFeature> numeric, IReadOnlyList<TextFeature> text)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(text);
        if (numeric.Count != _numericNames.Length || text.Count != _textNames.Length)
            throw new ArgumentException($"expected {_numericNames.Length} numeric and {_textNames.Length} text columns", nameof(numeric));
        for (var j = 0; j < numeric.Count; j++)
            if (numeric[j].Name != _numericNames[j]) throw new ArgumentException($"numeric column {j} is '{numeric[j].Name}', expected '{_numericNames[j]}'", nameof(numeric));
        for (var j = 0; j < text.Count; j++)
            if (text[j].Name != _textNames[j]) throw new ArgumentException($"text column {j} is '{text[j].Name}', expected '{_textNames[j]}'", nameof(text));
        var rows = numeric.Count > 0 ? numeric[0].Values.Length : text[0].Values.Length;
        var columns = _columnNames.Length;
        var values = new float[(long)rows * columns];
        var offset = 0;
        for (var j = 0; j < numeric.Count; j++)
        {
            var v = numeric[j].Values;
            if (v.Length != rows) throw new ArgumentException($"column '{numeric[j].Name}' has {v.Length} rows, expected {rows}", nameof(numeric));
            for (var i = 0; i < rows; i++)
            {
                var missing = double.IsNaN(v[i]);
                values[i * columns + offset] = (float)(missing ? _means[j] : v[i]);
                if (_indicator[j]) values[i * columns + offset + 1] = missing ? 1f : 0f;
            }
            offset += _indicator[j] ? 2 : 1;
        }
        for (var j = 0; j < text.Count; j++)
        {
            var v = text[j].Values;
            if (v.Length != rows) throw new ArgumentException($"column '{text[j].Name}' has {v.Length} rows, expected {rows}", nameof(text));
            var index = _levels[j];
            for (var i = 0; i < rows; i++)
            {
                var code = v[i] is { } s ? (index.TryGetValue(s, out var k) ? k : -1) : (_missingLevel[j] ? index.Count : -1);
                if (code >= 0) values[i * columns + offset + code] = 1f;
            }
            offset += index.Count + (_missingLevel[j] ? 1 : 0);
        }
        return new FeatureMatrix(rows, columns, values, [.. _columnNames]);
    }
}
