namespace Vigil.Data;

/// <summary>What one scan of the file learned about a column, kept by <see cref="TabularSource"/> so that no later
/// question about the column (is it numeric, which levels, how many missing) reads the file again.</summary>
internal sealed class LoadedColumn
{
    public required string Name { get; init; }

    /// <summary>Cells that are missing ('?', empty, NULL).</summary>
    public int Missing { get; init; }

    /// <summary>True when the scan tried the cells as numbers (<see cref="FirstNonNumber"/> is then known).</summary>
    public bool NumbersTried { get; init; }

    /// <summary>The first present cell that is not a number (zero-based row and text); null when all are numbers.</summary>
    public (int Row, string Value)? FirstNonNumber { get; init; }

    /// <summary>The values as numbers (NaN where missing); null when not tried, when a cell is not a number, or once given to a caller.</summary>
    public double[]? Numbers { get; set; }

    /// <summary>True when the scan tried to dictionary-encode the column (with at most <see cref="LevelCapacity"/> levels).</summary>
    public bool CodesTried { get; init; }

    public int LevelCapacity { get; init; }

    /// <summary>More than <see cref="LevelCapacity"/> distinct values: <see cref="Codes"/> is null.</summary>
    public bool TooManyLevels { get; init; }

    /// <summary>Level of each row (index into <see cref="Levels"/>, sorted as <see cref="TabularSource.SortLevels"/>), -1 where missing; null once given to a caller.</summary>
    public int[]? Codes { get; set; }

    public string[]? Levels { get; init; }
}
