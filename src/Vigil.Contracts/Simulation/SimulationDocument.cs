using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Simulation;

/// <summary>
/// vigil.simulation/v2 (simulation.json, written by `vigil simulate sepsis --out DIR`): the settings of a seeded run, the
/// constants the simulator solved for, and what the run measured on its encounters, for provenance (docs/simulation.md).
/// </summary>
/// <param name="Tool">The program that simulated.</param>
/// <param name="Inputs">None: a simulation reads no file (kept for the shape every document shares).</param>
/// <param name="Scenario">The simulated workflow ("sepsis").</param>
/// <param name="Settings">The run's settings under their option names.</param>
/// <param name="Solved">The constants solved so the world and the model meet the preset's targets.</param>
/// <param name="Measured">What the run gave, measured on its encounters.</param>
public sealed record SimulationDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    string Scenario,
    SimulationSettingsBlock Settings,
    SimulationSolved Solved,
    SimulationMeasured Measured) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = SimulationContract.Schema;
}

/// <summary>The settings of a run: days, encounters per day, seed, preset, start (ISO 8601 UTC), model and version, reference days and the injected changes as given.</summary>
public sealed record SimulationSettingsBlock(
    int Days,
    int EncountersPerDay,
    long Seed,
    string Preset,
    string Start,
    string Model,
    string ModelVersion,
    int ReferenceDays,
    IReadOnlyList<string> Injections);

/// <summary>The solved constants: the world's intercept and unobserved spread, the model's intercept, slope, noise and alert threshold.</summary>
public sealed record SimulationSolved(
    double WorldIntercept,
    double UnobservedSd,
    double ModelIntercept,
    double ModelSlope,
    double ModelNoiseSd,
    double Threshold);

/// <summary>What the run measured (see SimulationMetrics in the application layer for each definition).</summary>
public sealed record SimulationMeasured(
    int Encounters,
    int Predictions,
    double UntreatedPrevalence,
    double RecordedPrevalence,
    double AlertRate,
    double Auroc,
    double TrueSensitivity,
    double NaiveSensitivity,
    double Specificity,
    double Ppv,
    int Averted,
    double OverrideRate);
