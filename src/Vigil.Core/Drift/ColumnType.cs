namespace Vigil.Core.Drift;

/// <summary>How a column is tested. Numbers are numerical (Evidently's "num"), text is categorical ("cat").</summary>
public enum ColumnType
{
    Numerical,
    Categorical,
}

/// <summary>What a test's score is: a p-value (drift when small) or a distance (drift when large).</summary>
public enum ScoreKind
{
    PValue,
    Distance,
}

/// <summary>How a score is compared with its threshold, exactly as each Evidently test does.</summary>
public enum DriftRule
{
    /// <summary>drift when p &lt; threshold.</summary>
    PBelow,

    /// <summary>drift when p ≤ threshold (ks, cramer_von_mises).</summary>
    PAtOrBelow,

    /// <summary>drift when distance ≥ threshold.</summary>
    DistanceAtOrAbove,

    /// <summary>drift when distance &gt; threshold (ed).</summary>
    DistanceAbove,
}
