using Vigil.Core;

namespace Vigil.Mitigation;

/// <summary>What `vigil mitigate` knows about each method (for the safety flags and the report).</summary>
/// <see cref="NeedsProbabilities"/>: the model's scores must be probabilities in [0, 1] (checked when the data is read).
public sealed record MethodInfo(
    string Name, string Stage, bool NeedsProtectedAttributeAtPrediction, bool Randomized, string? SweepParameter, string Reference,
    bool NeedsProbabilities = false);

/// <summary>
/// The registry of the mitigation methods of `vigil mitigate`, one <see cref="IMitigationMethod"/> each (the
/// algorithms live in Preprocessing/, Postprocessing/ and Reductions/; docs/mitigation.md, docs/reductions.md).
/// </summary>
public static class MitigationMethods
{
    public const string Reweighing = "reweighing";
    public const string DiRemover = "di-remover";
    public const string CorrelationRemover = "correlation-remover";
    public const string ThresholdOptimizer = "threshold-optimizer";
    public const string CalibratedEqOdds = "calibrated-eq-odds";
    public const string RejectOption = "reject-option";
    public const string ExponentiatedGradient = "exponentiated-gradient";
    public const string GridSearch = "grid-search";

    public static IReadOnlyList<IMitigationMethod> All { get; } =
    [
        new ReweighingMethod(), new DiRemoverMethod(), new CorrelationRemoverMethod(), new ThresholdOptimizerMethod(),
        new CalibratedEqOddsMethod(), new RejectOptionMethod(), new ExponentiatedGradientMethod(), new GridSearchMethod(),
    ];

    public static string Names => string.Join(", ", All.Select(m => m.Name));

    public static IMitigationMethod Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw VigilException.Option("method", $"'{name}': unknown method; expected one of {Names}");
}
