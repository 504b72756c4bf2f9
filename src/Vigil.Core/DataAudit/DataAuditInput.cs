namespace Vigil.Core.DataAudit;

/// <summary>
/// A categorical column in memory: <see cref="Codes"/>[row] indexes <see cref="Levels"/>, or is −1 where
/// the cell is missing.
/// </summary>
public sealed record CategoricalVariable(string Name, int[] Codes, string[] Levels)
{
    /// <summary>Rows whose code is −1.</summary>
    public int Missing { get; init; }
}

/// <summary>
/// A numeric column in memory, NaN where missing. <see cref="MissingCoded"/> cells were empty or '?' in
/// the file; <see cref="MissingSentinel"/> held a value the user declared impossible (e.g. chol = 0) and
/// were turned into NaN.
/// </summary>
public sealed record NumericVariable(string Name, double[] Values, int MissingCoded, int MissingSentinel, double[] Sentinels);

/// <summary>Everything a data audit reads, already validated.</summary>
/// <param name="Rows">Number of rows (all files together).</param>
/// <param name="LabelColumn">The label column's name.</param>
/// <param name="PositiveRule">Which label values count as positive, in words (e.g. "num > 0").</param>
/// <param name="Labels">Per row: 1 positive, 0 negative, <see cref="DataAuditInput.MissingLabel"/> when the label is missing.</param>
/// <param name="Protected">Protected attributes; a missing value is its own level "(missing)", so every row has a group.</param>
/// <param name="Site">The collection site of each row, or null.</param>
/// <param name="NumericFeatures">Numeric features (NaN missing).</param>
/// <param name="CategoricalFeatures">Categorical features (code −1 missing).</param>
/// <param name="Annotations">Annotator columns, coded into <see cref="LabelSet"/> (−1 missing).</param>
/// <param name="LabelSet">The label column's distinct values (the categories annotators choose from).</param>
public sealed record DataAuditInput(
    int Rows,
    string LabelColumn,
    string PositiveRule,
    byte[] Labels,
    IReadOnlyList<CategoricalVariable> Protected,
    CategoricalVariable? Site,
    IReadOnlyList<NumericVariable> NumericFeatures,
    IReadOnlyList<CategoricalVariable> CategoricalFeatures,
    IReadOnlyList<CategoricalVariable> Annotations,
    string[] LabelSet)
{
    public const byte MissingLabel = 2;
}

/// <summary>Options of a data audit.</summary>
public sealed record DataAuditOptions
{
    /// <summary>Privileged / reference level per protected attribute (default: the largest group).</summary>
    public IReadOnlyDictionary<string, string> References { get; init; } = new Dictionary<string, string>();

    /// <summary>Groups with fewer rows are flagged small_cell (the public-health suppression rule, n &lt; 11).</summary>
    public int MinCell { get; init; } = 11;

    /// <summary>Neighbours of the consistency metric (AIF360's default is 5).</summary>
    public int ConsistencyNeighbours { get; init; } = 5;

    public int Seed { get; init; } = StatisticalDefaults.Seed;

    /// <summary>Intersections to audit, each a list of protected attributes; null: the full intersection of all (with two or more).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Intersections { get; init; }

    /// <summary>Expected shares per attribute and group, or null.</summary>
    public ReferencePopulation? ReferencePopulation { get; init; }
}

/// <summary>Expected population shares (e.g. census) per protected attribute; each attribute's shares sum to 1.</summary>
public sealed record ReferencePopulation(string Source, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Shares);
