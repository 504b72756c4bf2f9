using Vigil.Application.Groups;

namespace Vigil.Application.Estimation;

/// <summary>What an estimate job reads: the labelled reference, the unlabelled current file, the columns and the groups.</summary>
public sealed record EstimateJobOptions
{
    public required string ReferenceData { get; init; }

    public required string CurrentData { get; init; }

    /// <summary>The outcome column of the reference (the current file's, if any, is never read).</summary>
    public required string Label { get; init; }

    public string? PositiveLabel { get; init; }

    /// <summary>The score column (a probability in [0, 1]) of both files.</summary>
    public required string Score { get; init; }

    public double Threshold { get; init; } = 0.5;

    public required GroupSelection Groups { get; init; }

    /// <summary>Columns of the domain model (empty: every column both files share except the label).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public int Bootstrap { get; init; } = AnalysisDefaults.Bootstrap;

    public int Seed { get; init; } = AnalysisDefaults.Seed;
}
