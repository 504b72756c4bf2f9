using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Categorical;
using Vigil.Data;

namespace Vigil.Application.Drift;

/// <summary>One column read from both files, typed the same way in both.</summary>
public sealed class DriftColumnData
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    public NumericColumn? ReferenceNumbers { get; init; }

    public NumericColumn? CurrentNumbers { get; init; }

    public CategoricalColumn? ReferenceCategories { get; init; }

    public CategoricalColumn? CurrentCategories { get; init; }

    /// <summary>The samples of all rows, or of the rows selected by the masks (true = keep).</summary>
    public ColumnSamples Samples(bool[]? referenceRows = null, bool[]? currentRows = null)
    {
        if (Type == ColumnType.Numerical)
            return ColumnSamples.NumericalPooled(Select(ReferenceNumbers!.Values, referenceRows), Select(CurrentNumbers!.Values, currentRows));
        var r = Select(ReferenceCategories!.Codes, referenceRows);
        var c = Select(CurrentCategories!.Codes, currentRows);
        var counts = CategoryCounts.FromCodes(r, ReferenceCategories.Levels, c, CurrentCategories.Levels);
        return ColumnSamples.Categorical(counts, CountMissing(r), CountMissing(c));
    }

    private static T[] Select<T>(T[] values, bool[]? keep)
    {
        if (keep is null) return values;
        var n = 0;
        foreach (var k in keep)
            if (k) n++;
        var result = new T[n];
        var j = 0;
        for (var i = 0; i < values.Length; i++)
            if (keep[i]) result[j++] = values[i];
        return result;
    }

    private static long CountMissing(int[] codes)
    {
        long n = 0;
        foreach (var c in codes)
            if (c < 0) n++;
        return n;
    }
}

/// <summary>
/// Reads the columns to compare from the reference and current files and types them like Evidently: a column
/// whose every present cell is a number in both files is numerical, one with text in both is categorical; a column
/// numeric in one file and text in the other, missing from one file, or without any value in one file is an error
/// (exit 3) that names the file and the column.
/// </summary>
public static class DriftInputLoader
{
    public static IReadOnlyList<DriftColumnData> Load(TabularSource reference, TabularSource current,
        IReadOnlyList<string>? columns, IReadOnlyCollection<string> exclude, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(exclude);
        var names = columns is { Count: > 0 } ? columns : DefaultColumns(reference, current);
        var result = new List<DriftColumnData>();
        foreach (var name in names)
        {
            if (exclude.Contains(name)) continue;
            reference.RequireColumn(name, "drift");
            current.RequireColumn(name, "drift");
            var column = LoadColumn(reference, current, name);
            if (!allowEmpty) RequireValues(reference, current, column);
            result.Add(column);
        }
        if (result.Count == 0)
            throw VigilException.Usage("no columns to compare (every selected column is a protected attribute)");
        return result;
    }

    private static List<string> DefaultColumns(TabularSource reference, TabularSource current)
    {
        foreach (var c in reference.Columns)
            if (!current.Columns.Contains(c, StringComparer.Ordinal))
                throw VigilException.BadData(
                    $"{current.Path}: no column '{c}', which {reference.Path} has; expected the same columns in both files (or choose the columns to compare)");
        foreach (var c in current.Columns)
            if (!reference.Columns.Contains(c, StringComparer.Ordinal))
                throw VigilException.BadData(
                    $"{reference.Path}: no column '{c}', which {current.Path} has; expected the same columns in both files (or choose the columns to compare)");
        return [.. reference.Columns];
    }

    private static DriftColumnData LoadColumn(TabularSource reference, TabularSource current, string name)
    {
        var refNumbers = TryNumeric(reference, name, out var refProblem);
        var curNumbers = TryNumeric(current, name, out var curProblem);
        if (refNumbers is not null && curNumbers is not null)
        {
            // A column with no value at all in one file takes the other file's type.
            return new DriftColumnData
            {
                Name = name, Type = ColumnType.Numerical, ReferenceNumbers = refNumbers, CurrentNumbers = curNumbers,
            };
        }
        if (refNumbers is not null && refNumbers.Missing < refNumbers.Values.Length)
            throw VigilException.BadData(
                $"column '{name}' is numeric in {reference.Path} but not in {current.Path} ({curProblem}); expected the same type in both files");
        if (curNumbers is not null && curNumbers.Missing < curNumbers.Values.Length)
            throw VigilException.BadData(
                $"column '{name}' is numeric in {current.Path} but not in {reference.Path} ({refProblem}); expected the same type in both files");
        return new DriftColumnData
        {
            Name = name,
            Type = ColumnType.Categorical,
            ReferenceCategories = ReadCategories(reference, name),
            CurrentCategories = ReadCategories(current, name),
        };
    }

    private static CategoricalColumn ReadCategories(TabularSource source, string name)
    {
        try
        {
            return source.ReadCategorical(name, "drift");
        }
        catch (VigilException e) when (e.Message.Contains("distinct values", StringComparison.Ordinal))
        {
            // An identifier or free-text column: no distribution to compare.
            throw VigilException.BadData(
                $"{source.Path}: column '{name}' holds text with more than {TabularSource.MaxCategoricalLevels} distinct values " +
                "(an identifier or free text?); expected numbers or categories — leave it out of the compared columns");
        }
    }

    private static NumericColumn? TryNumeric(TabularSource source, string name, out string? problem)
    {
        if (source.FirstNonNumeric(name) is { } bad)
        {
            problem = $"{bad.Row}: '{bad.Value}' is not a number";
            return null;
        }
        problem = null;
        return source.ReadNumeric(name, "drift");
    }

    private static void RequireValues(TabularSource reference, TabularSource current, DriftColumnData column)
    {
        var (refPresent, curPresent) = column.Type == ColumnType.Numerical
            ? (column.ReferenceNumbers!.Values.Length - column.ReferenceNumbers.Missing, column.CurrentNumbers!.Values.Length - column.CurrentNumbers.Missing)
            : (column.ReferenceCategories!.Codes.Length - column.ReferenceCategories.Missing, column.CurrentCategories!.Codes.Length - column.CurrentCategories.Missing);
        if (refPresent == 0)
            throw VigilException.BadData(
                $"{reference.Path}: column '{column.Name}' has no values (empty or all missing); expected at least one value to compare (leave it out of the compared columns)");
        if (curPresent == 0)
            throw VigilException.BadData(
                $"{current.Path}: column '{column.Name}' has no values (empty or all missing); expected at least one value to compare (leave it out of the compared columns)");
    }
}
