namespace Vigil.Core.Estimation;

/// <summary>
/// The arrays a label-free estimate reads: reference scores with their labels, current scores without labels, the
/// groupings, and optionally the same standardized feature matrix of both files (row-major, <see cref="FeatureCount"/>
/// columns) for the domain model. The current labels are never an input.
/// </summary>
public sealed record EstimationData
{
    public required double[] ReferenceScores { get; init; }

    public required bool[] ReferenceLabels { get; init; }

    public required double[] CurrentScores { get; init; }

    public IReadOnlyList<EstimationGrouping> Groupings { get; init; } = [];

    /// <summary>Row-major reference features (null: no domain model, no covariate-shift check).</summary>
    public double[]? ReferenceFeatures { get; init; }

    /// <summary>Row-major current features, same columns.</summary>
    public double[]? CurrentFeatures { get; init; }

    public int FeatureCount { get; init; }
}
