namespace Vigil.Data;

/// <summary>A numeric column read into memory. Missing cells ('?', empty, NULL) are NaN.</summary>
public sealed class NumericColumn(string name, double[] values, int missing)
{
    public string Name { get; } = name;

    /// <summary>Values in file order; NaN where the cell was missing.</summary>
    public double[] Values { get; } = values;

    /// <summary>How many cells were missing.</summary>
    public int Missing { get; } = missing;
}

/// <summary>
/// A categorical column read into memory as dictionary codes: <see cref="Codes"/>[row] indexes
/// <see cref="Levels"/>, or is -1 where the cell was missing. Levels are sorted (numerically when every
/// level is a number, else ordinally) so that output order does not depend on row order.
/// </summary>
public sealed class CategoricalColumn(string name, int[] codes, string[] levels, int missing)
{
    public string Name { get; } = name;

    public int[] Codes { get; } = codes;

    public string[] Levels { get; } = levels;

    public int Missing { get; } = missing;
}
