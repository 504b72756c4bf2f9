using Vigil.Core;

namespace Vigil.Application.Simulation;

/// <summary>What `vigil simulate sepsis` runs.</summary>
/// <param name="Days">Simulated days (1 to 366).</param>
/// <param name="EncountersPerDay">Encounters scored per day (1 to 100,000).</param>
/// <param name="Seed">The run's seed: the same seed gives the same stream, byte for byte.</param>
/// <param name="Preset">The model and workflow preset.</param>
/// <param name="Injections">Injected changes with their onset days.</param>
/// <param name="Start">The simulated clock's start (day 0, 00:00).</param>
/// <param name="ModelId">The model id events carry.</param>
/// <param name="ReferenceDays">Days of the reference period the registration is built from (simulated before the start, no injections).</param>
public sealed record SimulationSettings(
    int Days,
    int EncountersPerDay,
    long Seed,
    SepsisPreset Preset,
    IReadOnlyList<Injection> Injections,
    DateTimeOffset Start,
    string ModelId = SimulationSettings.DefaultModelId,
    int ReferenceDays = SimulationSettings.DefaultReferenceDays)
{
    public const string DefaultModelId = "sepsis-early-warning";
    public const int DefaultReferenceDays = 30;
    public const int MaxDays = 366;
    public const int MaxEncountersPerDay = 100_000;

    /// <summary>The default start of the simulated clock: 2026-01-05T00:00:00Z (a Monday).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Checks the ranges, naming the option that is out of range.</summary>
    public void Validate()
    {
        if (Days is < 1 or > MaxDays) throw VigilException.Option("days", $"{Days}: expected 1 to {MaxDays}");
        if (EncountersPerDay is < 1 or > MaxEncountersPerDay) throw VigilException.Option("encounters_per_day", $"{EncountersPerDay}: expected 1 to {MaxEncountersPerDay:N0}");
        if (ReferenceDays is < 1 or > MaxDays) throw VigilException.Option("reference_days", $"{ReferenceDays}: expected 1 to {MaxDays}");
        if ((long)Days * EncountersPerDay > 20_000_000) throw VigilException.Option("encounters_per_day", $"{Days} days × {EncountersPerDay} encounters is more than 20 million; simulate fewer");
        if (string.IsNullOrWhiteSpace(ModelId)) throw VigilException.Option("model_id", "expected a model id");
        foreach (var i in Injections)
            if (i.FromDay >= Days) throw VigilException.Option("inject", $"{i.Kind} from day {i.FromDay}: the run has {Days} days (0 to {Days - 1})");
    }
}
