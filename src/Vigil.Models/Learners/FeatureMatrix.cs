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
        ArgumentNullException.ThrowIfNull(numeric);
        ArgumentNullException.ThrowIfNull(text);
        if (numeric.Count + text.Count == 0) throw new ArgumentException("no feature columns", nameof(numeric));
        var rows = numeric.Count > 0 ? numeric[0].Values.Length : text[0].Values.Length;
        var names = new List<string>();
        // Per output column: a plan saying where its values come from.
        var numericMeans = new double[numeric.Count];
        var numericHasMissing = new bool[numeric.Count];
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
            numericMeans[j] = count == 0 ? 0 : sum / count;
            numericHasMissing[j] = count < rows;
            names.Add(numeric[j].Name);
            if (numericHasMissing[j]) names.Add(numeric[j].Name + "=" + MissingLevel);
        }
        var levelCodes = new int[text.Count][];
        var levelCounts = new int[text.Count];
        for (var j = 0; j < text.Count; j++)
        {
            var v = text[j].Values;
            if (v.Length != rows)
                throw new ArgumentException($"column '{text[j].Name}' has {v.Length} rows, expected {rows}", nameof(text));
            var levels = new SortedSet<string>(StringComparer.Ordinal);
            var hasMissing = false;
            foreach (var s in v)
            {
                if (s is null) hasMissing = true;
                else levels.Add(s);
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var level in levels)
            {
                index[level] = index.Count;
                names.Add(text[j].Name + "=" + level);
            }
            var missingCode = index.Count;
            if (hasMissing) names.Add(text[j].Name + "=" + MissingLevel);
            levelCounts[j] = index.Count + (hasMissing ? 1 : 0);
            var codes = new int[rows];
            for (var i = 0; i < rows; i++) codes[i] = v[i] is { } s ? index[s] : missingCode;
            levelCodes[j] = codes;
        }

        var columns = names.Count;
        var values = new float[(long)rows * columns];
        var offset = 0;
        for (var j = 0; j < numeric.Count; j++)
        {
            var v = numeric[j].Values;
            var mean = numericMeans[j];
            var indicator = numericHasMissing[j];
            for (var i = 0; i < rows; i++)
            {
                var missing = double.IsNaN(v[i]);
                values[i * columns + offset] = (float)(missing ? mean : v[i]);
                if (indicator) values[i * columns + offset + 1] = missing ? 1f : 0f;
            }
            offset += indicator ? 2 : 1;
        }
        for (var j = 0; j < text.Count; j++)
        {
            var codes = levelCodes[j];
            for (var i = 0; i < rows; i++) values[i * columns + offset + codes[i]] = 1f;
            offset += levelCounts[j];
        }
        return new FeatureMatrix(rows, columns, values, [.. names]);
    }

    /// <summary>The rows at <paramref name="rows"/> (in that order; repeats allowed) as a new matrix.</summary>
    public FeatureMatrix Select(ReadOnlySpan<int> rows)
    {
        var values = new float[(long)rows.Length * Columns];
        for (var i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), $"row {rows[i]} of {Rows}");
            Values.AsSpan(rows[i] * Columns, Columns).CopyTo(values.AsSpan(i * Columns, Columns));
        }
        return new FeatureMatrix(rows.Length, Columns, values, ColumnNames);
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
        return new FeatureMatrix(Rows, Columns, values, ColumnNames);
    }
}
