namespace Vigil.Core.Audit;

/// <summary>
/// A protected attribute as dictionary codes: <see cref="Codes"/>[row] indexes <see cref="Levels"/>
/// (every row has a level; a reader maps missing values to a level of their own).
/// </summary>
public sealed record ProtectedColumn(string Name, int[] Codes, string[] Levels);

/// <summary>
/// A set of rows to audit, column-wise. Labels and predictions are 0/1 (1 = the positive class);
/// scores, when present, are probabilities in [0, 1] from which the predictions were derived.
/// </summary>
public sealed record AuditData(byte[] Labels, byte[] Predictions, double[]? Scores, IReadOnlyList<ProtectedColumn> Attributes)
{
    public int Rows => Labels.Length;
}

/// <summary>
/// One way of grouping rows: a single attribute (["sex"]) or an intersection (["sex", "race"]).
/// <see cref="Reference"/> optionally names the reference (privileged) level of each attribute; null
/// means the largest group.
/// </summary>
public sealed record GroupingSpec(IReadOnlyList<string> Attributes, IReadOnlyList<string?>? Reference = null)
{
    public string Name => string.Join("*", Attributes);
}

/// <summary>Settings of an audit.</summary>
public sealed record AuditOptions
{
    /// <summary>Threshold that turned scores into predictions (reported only).</summary>
    public double? Threshold { get; init; }

    /// <summary>Bootstrap replicates (0 = none).</summary>
    public int Bootstrap { get; init; }

    public int Seed { get; init; } = 20240601;

    /// <summary>Groups with fewer rows are flagged small_cell (the public-health suppression rule n &lt; 11).</summary>
    public int MinCell { get; init; } = 11;

    /// <summary>The alpha of the generalized entropy indices.</summary>
    public double GeneralizedEntropyAlpha { get; init; } = 2;

    /// <summary>Dirichlet concentration of smoothed empirical differential fairness.</summary>
    public double SedfConcentration { get; init; } = 1;

    public double Confidence { get; init; } = 0.95;

    /// <summary>Quantile bins of the score used by the bootstrap's rank statistics.</summary>
    public int BootstrapScoreBins { get; init; } = 100;
}
