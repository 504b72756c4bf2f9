namespace Vigil.Core;

/// <summary>
/// The one source of the statistical defaults: every command, job, library and monitor that resamples or draws at random
/// takes its default from here (the CLI's option catalogue and the application's defaults forward to it), so that a
/// result computed without the options is the same wherever it is computed (docs/statistics.md).
/// </summary>
public static class StatisticalDefaults
{
    /// <summary>Bootstrap resamples of every interval (group metrics, calibration, curves, estimates, mitigation); 0 = no intervals.</summary>
    public const int Bootstrap = 1000;

    /// <summary>The one seed of every seeded computation (bootstrap, folds, permutations, splits, subsamples).</summary>
    public const int Seed = 20240601;

    /// <summary>Permutations of a randomization test; 0 = none (no p-values).</summary>
    public const int Permutations = 999;

    /// <summary>Largest number of bootstrap resamples or permutations accepted (bounded time and memory; docs/limits.md).</summary>
    public const int MaxResamples = 100_000;
}
