using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Samples;
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

    /// <summary>
    /// The reference values sorted in place by the loader (then <see cref="ReferenceNumbers"/> is no longer in row
    /// order); null when the values were left in row order.
    /// </summary>
    public SortedSample? ReferenceSorted { get; init; }

    /// <summary>The current values sorted in place by the loader, like <see cref="ReferenceSorted"/>.</summary>
    public SortedSample? CurrentSorted { get; init; }

    /// <summary>The samples of all rows, or of the rows selected by the masks (true = keep).</summary>
    public ColumnSamples Samples(bool[]? referenceRows = null, bool[]? currentRows = null)
    {
        if (ReferenceSorted is not null && CurrentSorted is not null)
        {
            if (referenceRows is not null || currentRows is not null)
                throw new InvalidOperationException($"column '{Name}' was sorted in place: its rows cannot be selected");
            return ColumnSamples.Numerical(ReferenceSorted, CurrentSorted);
        }
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
    /// <param name="reference">The reference file.</param>
    /// <param name="current">The current file.</param>
    /// <param name="columns">The columns to compare (all the files' columns when null or empty).</param>
    /// <param name="exclude">Columns left out (protected attributes, the label of an estimate).</param>
    /// <param name="allowEmpty">Whether a column without any value in one file is accepted.</param>
    /// <param name="sortInPlace">Sort each numeric column's values in place on the thread that read its file (overlapping
    /// the other file's parse, and without a copy per column), for callers that need only the sorted samples: no row
    /// masks, no features in row order, and no later read of the same columns from the sources.</param>
    public static IReadOnlyList<DriftColumnData> Load(TabularSource reference, TabularSource current,
        IReadOnlyList<string>? columns, IReadOnlyCollection<string> exclude, bool allowEmpty = false, bool sortInPlace = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(exclude);
        var names = new List<string>();
        foreach (var name in columns is { Count: > 0 } ? columns : DefaultColumns(reference, current))
        {
            if (exclude.Contains(name)) continue;
            reference.RequireColumn(name, "drift");
            current.RequireColumn(name, "drift");
            names.Add(name);
        }
        if (names.Count == 0)
            throw VigilException.Usage("no columns to compare (every selected column is a protected attribute)");
        // One scan of each file, the two on two threads (each source has its own DuckDB connection); each column is
        // kept as numbers or as codes, whichever its cells settle (TabularSource.ReadSettled).
        var (refColumns, curColumns) = ReadBoth(reference, current, names, sortInPlace);
        var result = new List<DriftColumnData>(names.Count);
        for (var k = 0; k < names.Count; k++)
        {
            var column = Combine(reference, current, names[k], refColumns[k], curColumns[k]);
            if (!allowEmpty) RequireValues(reference, current, column);
            result.Add(column);
        }
        return result;
    }

    /// <summary>
    /// Opens the reference and current files concurrently (each CSV's text checks are a pass over the file); a failure
    /// of the reference file is reported first, and whatever was opened is disposed on failure.
    /// </summary>
    public static (TabularSource Reference, TabularSource Current) Open(string referencePath, string currentPath)
    {
        var referenceOpen = Task.Run(() => TabularSource.Open(referencePath));
        TabularSource? current = null;
        Exception? currentFailure = null;
        try
        {
            current = TabularSource.Open(currentPath);
        }
        catch (Exception e)
        {
            currentFailure = e;
        }
        TabularSource reference;
        try
        {
            reference = referenceOpen.GetAwaiter().GetResult();
        }
        catch
        {
            current?.Dispose();
            throw;
        }
        if (currentFailure is not null)
        {
            reference.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(currentFailure).Throw();
        }
        return (reference, current!);
    }

    /// <summary>Reads the columns of both files concurrently; a failure of the reference file is reported first.</summary>
    private static (Settle[] Reference, Settle[] Current) ReadBoth(TabularSource reference,
        TabularSource current, List<string> names, bool sortInPlace)
    {
        // Each file's scan gets half of the cores (one each on two cores).
        var threads = Math.Max(1, Environment.ProcessorCount / 2);
        reference.LimitThreads(threads);
        current.LimitThreads(threads);
        var referenceRead = Task.Run(() => Settled(reference, names, sortInPlace));
        Exception? currentFailure = null;
        Settle[]? currentColumns = null;
        try
        {
            currentColumns = Settled(current, names, sortInPlace);
        }
        catch (Exception e)
        {
            // Kept until the reference file's read ends, whose failure is reported first.
            currentFailure = e;
        }
        var referenceColumns = referenceRead.GetAwaiter().GetResult();
        if (currentFailure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(currentFailure).Throw();
        return (referenceColumns, currentColumns!);
    }

    /// <summary>A column as read from one file: numbers, codes, or the refusal to be categorical (too many levels).</summary>
    private readonly record struct Settle(NumericColumn? Numbers, CategoricalColumn? Categories, VigilException? TooManyLevels,
        (string Row, string Value)? FirstNonNumber, SortedSample? Sorted = null);

    private static Settle[] Settled(TabularSource source, List<string> names, bool sortInPlace)
    {
        var read = source.ReadSettled(names, "drift", strict: false);
        var result = new Settle[names.Count];
        for (var k = 0; k < names.Count; k++)
        {
            result[k] = read[k] switch
            {
                NumericColumn n => new Settle(n, null, null, null, sortInPlace ? SortedSample.SortInPlace(n.Values) : null),
                CategoricalColumn c => new Settle(null, c, null, source.FirstNonNumeric(names[k])),
                VigilException e => new Settle(null, null, e, source.FirstNonNumeric(names[k])),
                _ => throw new InvalidOperationException("unexpected column read"),
            };
        }
        return result;
    }

    private static DriftColumnData Combine(TabularSource reference, TabularSource current, string name, Settle r, Settle c)
    {
        if (r.Numbers is not null && c.Numbers is not null)
        {
            // A column with no value at all in one file takes the other file's type.
            return new DriftColumnData
            {
                Name = name, Type = ColumnType.Numerical, ReferenceNumbers = r.Numbers, CurrentNumbers = c.Numbers,
                ReferenceSorted = r.Sorted, CurrentSorted = c.Sorted,
            };
        }
        if (r.Numbers is not null && r.Numbers.Missing < r.Numbers.Values.Length)
            throw VigilException.BadData(
                $"column '{name}' is numeric in {reference.Path} but not in {current.Path} ({Problem(c)}); expected the same type in both files");
        if (c.Numbers is not null && c.Numbers.Missing < c.Numbers.Values.Length)
            throw VigilException.BadData(
                $"column '{name}' is numeric in {current.Path} but not in {reference.Path} ({Problem(r)}); expected the same type in both files");
        return new DriftColumnData
        {
            Name = name,
            Type = ColumnType.Categorical,
            ReferenceCategories = Categories(reference, name, r),
            CurrentCategories = Categories(current, name, c),
        };
    }

    private static string Problem(Settle s) => $"{s.FirstNonNumber!.Value.Row}: '{s.FirstNonNumber.Value.Value}' is not a number";

    /// <summary>The categories of a column settled as categorical, or of one with no value at all (read again as categories).</summary>
    private static CategoricalColumn Categories(TabularSource source, string name, Settle s)
    {
        if (s.Categories is not null) return s.Categories;
        // An identifier or free-text column: no distribution to compare.
        if (s.TooManyLevels is not null) throw TooManyLevels(source, name);
        return ReadCategories(source, name);
    }

    private static VigilException TooManyLevels(TabularSource source, string name) =>
        VigilException.BadData(
            $"{source.Path}: column '{name}' holds text with more than {TabularSource.MaxCategoricalLevels} distinct values " +
            "(an identifier or free text?); expected numbers or categories — leave it out of the compared columns");

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

    private static CategoricalColumn ReadCategories(TabularSource source, string name)
    {
        try
        {
            return source.ReadCategorical(name, "drift");
        }
        catch (VigilException e) when (e.Message.Contains("distinct values", StringComparison.Ordinal))
        {
            throw TooManyLevels(source, name);
        }
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
