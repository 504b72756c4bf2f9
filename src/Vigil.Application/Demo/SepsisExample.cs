using System.Globalization;
using Vigil.Application.Simulation;

namespace Vigil.Application.Demo;

/// <summary>
/// The sepsis-monitoring example (examples/sepsis-monitoring, `vigil demo sepsis-monitoring`, and the detection-quality
/// harness of docs/simulation.md): a 30-day stream of the default preset in which the model starts missing more septic
/// patients aged 65+ on day 10, monitored by the default registration built from a reference period simulated before it.
/// </summary>
/// <param name="Days">Simulated days.</param>
/// <param name="EncountersPerDay">Encounters scored per day.</param>
/// <param name="InjectionDay">The day the FNR rise starts (days count from 0).</param>
/// <param name="Factor">The 65+ group's untreated FNR is multiplied by this from the injection day.</param>
/// <param name="ReferenceDays">Days of the reference period the registration is built from.</param>
/// <param name="EvaluateEveryHours">How often (simulated hours) the monitors run.</param>
public sealed record SepsisExample(int Days, int EncountersPerDay, int InjectionDay, double Factor, int ReferenceDays, double EvaluateEveryHours)
{
    /// <summary>The example as shipped.</summary>
    public static SepsisExample Default { get; } = new(30, 1500, 10, 2.0, 60, 6);

    /// <summary>The example's seed (the demo's; the harness runs seeds 1-20).</summary>
    public const long DefaultSeed = 1;

    /// <summary>The group whose FNR rises.</summary>
    public const string Attribute = "age";

    /// <summary>The level of <see cref="Attribute"/> whose FNR rises (the registration's band label).</summary>
    public const string Level = ">=65";

    /// <summary>The simulation settings of one seed.</summary>
    public SimulationSettings Settings(long seed, DateTimeOffset start, string modelId = SimulationSettings.DefaultModelId) =>
        new(Days, EncountersPerDay, seed, SepsisPreset.Default, [new FnrRise(InjectionDay, Attribute, Level, Factor)], start, modelId, ReferenceDays);

    /// <summary>The injection as `vigil simulate sepsis --inject` writes it.</summary>
    public string InjectSpec => string.Create(CultureInfo.InvariantCulture, $"fnr-rise:group=age:65+,from-day={InjectionDay},factor={Factor}");
}
