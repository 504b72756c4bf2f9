using Vigil.Core;

namespace Vigil.Application;

/// <summary>Defaults every job shares: the statistical ones forward to <see cref="StatisticalDefaults"/> (the CLI's option catalogue shows the same values).</summary>
public static class AnalysisDefaults
{
    /// <summary>The one default seed of every seeded computation.</summary>
    public const int Seed = StatisticalDefaults.Seed;

    /// <summary>The CMS small-cell rule: groups with fewer rows are flagged and suppressed in shareable outputs.</summary>
    public const int MinCell = 11;

    /// <summary>Default randomization-test permutations.</summary>
    public const int Permutations = StatisticalDefaults.Permutations;

    /// <summary>Largest number of bootstrap resamples or permutations accepted.</summary>
    public const int MaxResamples = StatisticalDefaults.MaxResamples;

    /// <summary>Bootstrap resamples of every interval (0 = none).</summary>
    public const int Bootstrap = StatisticalDefaults.Bootstrap;
}
