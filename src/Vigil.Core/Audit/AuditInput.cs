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
/// Audit rows that stand for many: row i of <see cref="Distinct"/> stands for <see cref="Counts"/>[i] identical rows. This
/// is how a summary is audited without rebuilding its rows (a site's or a database's (cell, label, prediction, score
/// bin) counts, docs/federated.md): <see cref="AuditEngine.Run(WeightedAuditData, IReadOnlyList{GroupingSpec}, AuditOptions)"/>
/// gives exactly the audit of <see cref="Expand"/>'s rows, in memory proportional to the distinct rows.
/// </summary>
public sealed record WeightedAuditData
{
    public WeightedAuditData(AuditData distinct, long[] counts)
    {
        ArgumentNullException.ThrowIfNull(distinct);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length != distinct.Rows)
            throw new ArgumentException($"{counts.Length} counts for {distinct.Rows} distinct rows", nameof(counts));
        long rows = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException("a row count is negative", nameof(counts));
            rows += c;
        }
        Distinct = distinct;
        Counts = counts;
        Rows = rows;
    }

    public AuditData Distinct { get; }

    public long[] Counts { get; }

    /// <summary>The rows these stand for (Σ counts).</summary>
    public long Rows { get; }

    /// <summary>The rows themselves (row i repeated Counts[i] times, in order); as much memory as the rows take.</summary>
    public AuditData Expand()
    {
        if (Rows > Array.MaxLength) throw VigilException.BadData($"{Rows} rows are more than one audit can hold in memory");
        var n = (int)Rows;
        var d = Distinct;
        var labels = new byte[n];
        var predictions = new byte[n];
        var scores = d.Scores is null ? null : new double[n];
        var codes = new int[d.Attributes.Count][];
        for (var a = 0; a < codes.Length; a++) codes[a] = new int[n];
        var at = 0;
        for (var i = 0; i < d.Rows; i++)
        {
            var count = (int)Counts[i];
            labels.AsSpan(at, count).Fill(d.Labels[i]);
            predictions.AsSpan(at, count).Fill(d.Predictions[i]);
            scores?.AsSpan(at, count).Fill(d.Scores![i]);
            for (var a = 0; a < codes.Length; a++) codes[a].AsSpan(at, count).Fill(d.Attributes[a].Codes[i]);
            at += count;
        }
        var attributes = new ProtectedColumn[codes.Length];
        for (var a = 0; a < codes.Length; a++) attributes[a] = new ProtectedColumn(d.Attributes[a].Name, codes[a], d.Attributes[a].Levels);
        return new AuditData(labels, predictions, scores, attributes);
    }
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

    public int Seed { get; init; } = StatisticalDefaults.Seed;

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
