using Vigil.Core;

namespace Vigil.Application.Simulation;

/// <summary>
/// A simulation preset: the model's performance targets and the clinicians' behaviour (docs/simulation.md, "Presets").
/// Both presets share one hospital (<see cref="SepsisWorld"/>): the world's intercept and unobserved risk are solved
/// with the default model's targets, and "poor-model" scores the same patients with a noisier model.
/// </summary>
/// <param name="Name">"default" or "poor-model".</param>
/// <param name="ModelVersion">The version the simulated model registers as.</param>
/// <param name="TargetPrevalence">Untreated sepsis onset among encounters: 6% (Rhee et al., JAMA 2017: sepsis in 6.0% of adult hospitalisations; Wong et al. 2021 saw 6.6%).</param>
/// <param name="TargetAuroc">The model's AUROC against untreated onset: 0.80 for "default" (the developer-reported 0.76-0.83 quoted by Wong et al.), 0.63 for "poor-model" (Wong et al., JAMA Intern Med 2021, external validation).</param>
/// <param name="TargetAlertRate">Share of encounters the alert fires on: 18% (Wong et al.: the score-6 threshold alerted on 18% of hospitalisations); the threshold is the matching score quantile.</param>
/// <param name="OverrideBase">Probability an alert is overridden (assumption; alert override rates of 40-90% are reported for CDS in general, sepsis alerts being acted on more often).</param>
/// <param name="OverrideOlderExtra">Added override probability at 65 and over (assumption: abnormal vitals put down to chronic illness).</param>
/// <param name="OverrideContraindicatedExtra">Added override probability with heart failure or ESRD (the 30 mL/kg bolus is contraindicated; assumption).</param>
/// <param name="IgnoreRate">Probability an alert is ignored (no action before it expires; assumption).</param>
/// <param name="AvertProbability">Probability that treatment started on an accepted alert before onset averts it (assumption: early antibiotics and fluids prevent some progression; Seymour et al. NEJM 2017 found each hour of delay raised the odds of death by 4%).</param>
public sealed record SepsisPreset(
    string Name,
    string ModelVersion,
    double TargetPrevalence,
    double TargetAuroc,
    double TargetAlertRate,
    double OverrideBase,
    double OverrideOlderExtra,
    double OverrideContraindicatedExtra,
    double IgnoreRate,
    double AvertProbability)
{
    /// <summary>A model performing as its developer reports.</summary>
    public static readonly SepsisPreset Default = new("default", "sim-1.0", 0.06, 0.80, 0.18, 0.20, 0.10, 0.35, 0.10, 0.30);

    /// <summary>A model performing as the external validation of a widely deployed proprietary sepsis model found (Wong et al. 2021: AUROC 0.63, sensitivity 33%, alerts on 18%).</summary>
    public static readonly SepsisPreset PoorModel = Default with { Name = "poor-model", ModelVersion = "sim-poor-1.0", TargetAuroc = 0.63 };

    /// <summary>The names --preset accepts.</summary>
    public static readonly string[] Names = ["default", "poor-model"];

    /// <summary>The preset of a name; anything else is an error naming --preset.</summary>
    public static SepsisPreset Parse(string? name) => name switch
    {
        null or "" or "default" => Default,
        "poor-model" => PoorModel,
        _ => throw VigilException.Option("preset", $"'{name}': expected default or poor-model"),
    };
}
