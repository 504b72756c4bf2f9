using System.Globalization;
using System.Text;
using Vigil.Application;
using Vigil.Application.Monitoring;
using Vigil.Application.Output;
using Vigil.Application.Simulation;
using Vigil.Contracts.Common;
using Vigil.Contracts.Simulation;
using Vigil.Monitoring.Registration;

namespace Vigil.Monitoring.Client;

/// <summary>What a simulation gave: its settings, the run and what the run measured.</summary>
public sealed record SimulationOutcome(SimulationSettings Settings, SimulationRun Run, SimulationMetrics Metrics);

/// <summary>A simulation pushed to a service: the run, what it measured, what the service took and whether the model was registered already.</summary>
public sealed record SimulationPushOutcome(SimulationOutcome Simulation, SimulationPushResult Pushed, bool AlreadyRegistered);

/// <summary>
/// `vigil simulate sepsis` as a job (docs/simulation.md): runs the seeded simulator and either writes the stream, the
/// truth, the reference period, the registration and simulation.json (vigil.simulation/v2) into a folder, whole or not at
/// all, or registers the model with a service and pushes the stream in time order.
/// (In Vigil.Monitoring rather than Vigil.Application: the registration is built by <see cref="RegisterJob"/>.)
/// </summary>
public static class SimulateJob
{
    /// <summary>Simulates <paramref name="settings"/> and writes every file into <paramref name="outDir"/> (a staging folder renamed at the end).</summary>
    public static SimulationOutcome WriteFiles(SimulationSettings settings, string outDir)
    {
        var outcome = Simulate(settings);
        using var folder = OutputFolder.Begin(outDir);
        SimulationFiles.WriteStream(outcome.Run, folder.Staging);
        var referencePath = folder.File(SimulationFiles.Reference);
        SimulationFiles.WriteReference(SepsisSimulator.Reference(settings), referencePath);
        var registration = SepsisRegistration.Build(settings, referencePath);
        File.WriteAllText(folder.File(SimulationFiles.Registration), RegistrationFile.Write(registration), new UTF8Encoding(false));
        File.WriteAllText(folder.File(SimulationFiles.Summary), SimulationContract.Write(Document(outcome)), new UTF8Encoding(false));
        folder.Commit();
        return outcome;
    }

    /// <summary>
    /// Simulates <paramref name="settings"/>, registers the model through <paramref name="client"/> unless that id and
    /// version are registered already, and pushes the stream; events after <paramref name="cutoff"/> are held back.
    /// </summary>
    public static async Task<SimulationPushOutcome> PushAsync(MonitorClient client, SimulationSettings settings, DateTimeOffset? cutoff,
        IJobProgress? progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var outcome = Simulate(settings);
        var temp = Directory.CreateTempSubdirectory("vigil-simulate-");
        try
        {
            var referencePath = Path.Combine(temp.FullName, SimulationFiles.Reference);
            SimulationFiles.WriteReference(SepsisSimulator.Reference(settings), referencePath);
            var registration = SepsisRegistration.Build(settings, referencePath);
            var models = await client.ListModelsAsync(ct).ConfigureAwait(false);
            var already = models.Exists(m => m.Id == registration.Id && m.Version == registration.Version);
            if (already) progress?.Note($"{registration.Id} {registration.Version} is registered already; pushing into it (events already there count as duplicates)");
            else await client.RegisterAsync(registration, ct).ConfigureAwait(false);
            var pushed = await SimulationPush.PushAllAsync(client, outcome.Run, cutoff, progress, ct).ConfigureAwait(false);
            return new SimulationPushOutcome(outcome, pushed, already);
        }
        finally
        {
            temp.Delete(true);
        }
    }

    /// <summary>simulation.json of a run: the settings, the solved constants and what the run measured.</summary>
    public static SimulationDocument Document(SimulationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Settings;
        var c = outcome.Run.Calibration;
        var m = outcome.Metrics;
        var injections = new string[s.Injections.Count];
        for (var i = 0; i < injections.Length; i++) injections[i] = s.Injections[i].ToString();
        return new SimulationDocument(ToolBlock.Current, [], "sepsis",
            new SimulationSettingsBlock(s.Days, s.EncountersPerDay, s.Seed, s.Preset.Name,
                s.Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), s.ModelId, s.Preset.ModelVersion, s.ReferenceDays, injections),
            new SimulationSolved(c.WorldIntercept, c.UnobservedSd, c.Model.Intercept, c.Model.Slope, c.Model.NoiseSd, c.Model.Threshold),
            new SimulationMeasured(m.Encounters, m.Predictions, m.Prevalence, m.RecordedPrevalence, m.AlertRate, m.Auroc, m.TrueSensitivity,
                m.NaiveSensitivity, m.Specificity, m.Ppv, m.Averted, m.OverrideRate));
    }

    private static SimulationOutcome Simulate(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var run = SepsisSimulator.Run(settings);
        return new SimulationOutcome(settings, run, SimulationMetrics.Measure(run.Encounters));
    }
}
