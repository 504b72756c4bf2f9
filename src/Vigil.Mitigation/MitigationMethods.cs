using Vigil.Core;

namespace Vigil.Mitigation;

/// <summary>What `vigil mitigate` knows about each method (for the safety flags and the report).</summary>
public sealed record MethodInfo(
    string Name, string Stage, bool NeedsProtectedAttributeAtPrediction, bool Randomized, string? SweepParameter, string Reference);

/// <summary>The mitigation methods of `vigil mitigate` (the reductions themselves live in Reductions/, docs/reductions.md).</summary>
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

    public static IReadOnlyList<MethodInfo> All { get; } =
    [
        new(Reweighing, "pre-processing", false, false, null,
            "Kamiran & Calders (2012), Knowledge and Information Systems 33:1-33; AIF360 Reweighing"),
        new(DiRemover, "pre-processing", true, false, "repair_level",
            "Feldman et al. (2015), KDD, Certifying and removing disparate impact; AIF360 DisparateImpactRemover (BlackBoxAuditing)"),
        new(CorrelationRemover, "pre-processing", true, false, "repair_strength",
            "Fairlearn CorrelationRemover (fairlearn.preprocessing)"),
        new(ThresholdOptimizer, "post-processing", true, true, null,
            "Hardt, Price & Srebro (2016), NeurIPS, Equality of Opportunity in Supervised Learning; Fairlearn 0.12 ThresholdOptimizer"),
        new(CalibratedEqOdds, "post-processing", true, true, "cost_constraint",
            "Pleiss et al. (2017), NeurIPS, On Fairness and Calibration; AIF360 CalibratedEqOddsPostprocessing"),
        new(RejectOption, "post-processing", true, false, "eps",
            "Kamiran, Karim & Zhang (2012), ICDM, Decision Theory for Discrimination-Aware Classification; AIF360 RejectOptionClassification"),
        new(ExponentiatedGradient, "in-processing", false, true, "eps",
            "Agarwal et al. (2018), ICML, A Reductions Approach to Fair Classification; Fairlearn 0.12 ExponentiatedGradient (docs/reductions.md)"),
        new(GridSearch, "in-processing", false, false, null,
            "Agarwal et al. (2018), ICML; Fairlearn 0.12 GridSearch (docs/reductions.md)"),
    ];

    public static string Names => string.Join(", ", All.Select(m => m.Name));

    public static MethodInfo Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw VigilException.Option("method", $"'{name}': unknown method; expected one of {Names}");
}
