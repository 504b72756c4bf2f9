namespace Vigil.Application;

/// <summary>Defaults every job shares (the CLI's option catalogue shows the same values).</summary>
public static class AnalysisDefaults
{
    /// <summary>The one default seed of every seeded computation.</summary>
    public const int Seed = 20240601;

    /// <summary>The CMS small-cell rule: groups with fewer rows are flagged and suppressed in shareable outputs.</summary>
    public const int MinCell = 11;

    /// <summary>Default randomization-test permutations.</summary>
    public const int Permutations = 999;

    /// <summary>Largest number of bootstrap resamples or permutations accepted.</summary>
    public const int MaxResamples = 100_000;
}
