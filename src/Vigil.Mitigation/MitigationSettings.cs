using System.Globalization;
using Vigil.Core;
using Vigil.Mitigation.Postprocessing;

namespace Vigil.Mitigation;

/// <summary>
/// The method options of a request as the user gave them (null = the method's default), in the user's vocabulary.
/// Each method binds the ones it takes into its own typed options record (<see cref="IMitigationMethod.Bind"/>) and
/// refuses, by the parameter's key, the ones it does not take.
/// </summary>
public sealed record MethodArguments(
    string? Constraint = null,
    string? Objective = null,
    double RepairLevel = 1.0,
    double RepairStrength = 1.0,
    string CostConstraint = "weighted",
    double? Eps = null,
    int GridSize = 1000,
    bool Flip = false,
    bool Deterministic = false)
{
    /// <summary>Range checks of every argument, whichever method takes it.</summary>
    internal void Validate()
    {
        if (Eps is double eps && !(eps > 0))
            throw VigilException.Option("eps", $"{eps.ToString(CultureInfo.InvariantCulture)}: expected a number > 0");
        if (!(RepairLevel >= 0 && RepairLevel <= 1))
            throw VigilException.Option("repair_level", $"{RepairLevel.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (!(RepairStrength >= 0 && RepairStrength <= 1))
            throw VigilException.Option("repair_strength", $"{RepairStrength.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (GridSize is < 1 or > ThresholdOptimizer.MaxGridSize)
            throw VigilException.Option("grid_size", $"{GridSize}: expected 1 to {ThresholdOptimizer.MaxGridSize:N0} thresholds (docs/limits.md)");
    }

    /// <summary>
    /// Refuses <c>deterministic</c>, <c>eps</c> and <c>objective</c> when <paramref name="method"/> does not take them
    /// (the other arguments have defaults and are ignored by the methods that do not use them).
    /// </summary>
    internal void Refuse(string method, bool eps = true, bool objective = true, bool deterministic = true)
    {
        if (deterministic && Deterministic)
            throw VigilException.Option("deterministic", $"applies to {MitigationMethods.ExponentiatedGradient}, not to {method}");
        if (eps && Eps is not null)
            throw VigilException.Option("eps", $"applies to {MitigationMethods.RejectOption} (its metric bound) and {MitigationMethods.ExponentiatedGradient} (its difference bound), not to {method}");
        if (objective && Objective is not null)
            throw VigilException.Option("objective", $"applies to {MitigationMethods.ThresholdOptimizer}, not to {method}");
    }
}

/// <summary>
/// A `vigil mitigate` request: the method by name, its arguments, and the settings of the run every method shares
/// (the learner, the held-out share, the seed, the sweep, the bootstrap, the levelling-down tolerance, the decision
/// threshold).
/// </summary>
public sealed record MitigationSettings(
    string Method,
    MethodArguments Arguments,
    string Learner = "logistic",
    double TestFraction = 0.3,
    int Seed = StatisticalDefaults.Seed,
    bool Sweep = false,
    int BootstrapReplicates = StatisticalDefaults.Bootstrap,
    double LevellingTolerance = 0.02,
    double Threshold = 0.5)
{
    /// <summary>Most bootstrap resamples accepted (bounded time and memory; docs/limits.md).</summary>
    public const int MaxResamples = StatisticalDefaults.MaxResamples;

    /// <summary>Range checks of the run settings and of every argument.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Arguments);
        Arguments.Validate();
        if (!(LevellingTolerance >= 0))
            throw VigilException.Option("levelling_tolerance", "expected a number >= 0");
        if (!(Threshold >= 0 && Threshold <= 1))
            throw VigilException.Option("threshold", $"{Threshold.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
        if (BootstrapReplicates is < 0 or > MaxResamples)
            throw VigilException.Option("bootstrap", $"{BootstrapReplicates}: expected 0 to {MaxResamples:N0} resamples (docs/limits.md)");
    }
}
