using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Application.Output;
using Vigil.Application.Simulation;
using Vigil.Cli.Options;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Client;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil simulate sepsis --days D --encounters-per-day N --seed S [--inject SPEC ...] [--preset default|poor-model]
/// [--out DIR | --target URL --api-key K]`: a seeded ED/ICU sepsis-alert stream (docs/simulation.md). --out writes the
/// registration, the three event files, truth.csv, reference.csv and simulation.json; --target registers the model and
/// pushes the stream through the service in time order.
/// </summary>
public static class SimulateCommand
{
    /// <summary>The registration's outcome: onset within 72 h, outcomes arriving up to 24 h after the window (the simulator records them within 12 h), transfers censor.</summary>
    public static readonly OutcomeDefinition Outcome = new("sepsis_onset", 72, 24, ["transfer_out"]);

    /// <summary>Protected attributes as registered: age banded at 45 and 65 with 45-64 as the gaps' reference, sex, race and ethnicity, payer.</summary>
    public static readonly ProtectedSpec[] Protected =
    [
        new("age", [.. SepsisWorld.AgeBandEdges], "45-64"),
        new("sex", null, null),
        new("race_ethnicity", null, null),
        new("payer", null, null),
    ];

    public const string IntendedUse = "Simulated: early warning of sepsis onset within 72 hours for adults in the ED and ICU, suggesting the sepsis bundle (lactate, blood cultures, broad-spectrum antibiotics, 30 mL/kg crystalloid unless heart failure or ESRD); decision support, not diagnosis.";

    public static Command Create(CliIO io)
    {
        var cmd = new Command("simulate", "Simulate a clinical AI workflow stream for the monitoring service (docs/simulation.md).");
        cmd.Subcommands.Add(Sepsis(io));
        return cmd;
    }

    private static Command Sepsis(CliIO io)
    {
        var days = new Option<int>("--days") { Description = $"Simulated days (1 to {SimulationSettings.MaxDays})", DefaultValueFactory = _ => 30 };
        var perDay = new Option<int>("--encounters-per-day") { Description = "Encounters scored per day", DefaultValueFactory = _ => 500 };
        var seed = OptionCatalog.Seed(); // the same seed gives the same files, byte for byte
        var inject = new Option<string[]>("--inject") { Description = "A change from a known day (repeatable): " + InjectionParser.Grammar };
        var preset = new Option<string>("--preset") { Description = "default (AUROC 0.80) or poor-model (calibrated to Wong et al. 2021: AUROC 0.63, sensitivity 33%, alerts on 18%)", DefaultValueFactory = _ => "default" };
        preset.AcceptOnlyFromAmong(SepsisPreset.Names);
        var start = new Option<string?>("--start") { Description = "Start of the simulated clock, ISO 8601 (default 2026-01-05T00:00Z with --out; with --target, so that the run ends at the current hour)" };
        var referenceDays = new Option<int>("--reference-days") { Description = "Days of the reference period the registration is built from (simulated before the start)", DefaultValueFactory = _ => SimulationSettings.DefaultReferenceDays };
        var modelId = OptionCatalog.ModelId(required: false);
        var output = OptionCatalog.OutDirectory(required: false);
        var target = new Option<string?>("--target") { Description = $"Push to this service instead of writing files, e.g. {OptionCatalog.DefaultUrl} (an admin key registers the model)" };
        var apiKey = OptionCatalog.ApiKey();

        var cmd = new Command("sepsis", "A seeded ED/ICU sepsis early-warning stream: patients, vitals and labs, the model's score and alert, clinicians' actions, treatment that averts some onsets, outcomes 6-72 h later, and injected changes with known onsets.");
        foreach (var o in new Option[] { days, perDay, seed, inject, preset, start, referenceDays, modelId, output, target, apiKey })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outDir = parse.GetValue(output);
            var url = parse.GetValue(target);
            if ((outDir is null) == (url is null)) throw VigilException.Option("out", "give --out DIR (files) or --target URL (push to a service), one of the two");
            var d = parse.GetValue(days);
            var anchored = url is not null && parse.GetValue(start) is null;
            var now = DateTimeOffset.UtcNow;
            var startAt = parse.GetValue(start) is { } s ? ParseStart(s)
                : anchored ? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-Math.Max(1, d))
                : SimulationSettings.DefaultStart;
            var settings = new SimulationSettings(d, parse.GetValue(perDay), parse.GetValue(seed), SepsisPreset.Parse(parse.GetValue(preset)),
                InjectionParser.ParseAll(parse.GetValue(inject), Math.Max(1, d)), startAt,
                parse.GetValue(modelId) ?? SimulationSettings.DefaultModelId, parse.GetValue(referenceDays));
            settings.Validate();
            var run = SepsisSimulator.Run(settings);
            var reference = SepsisSimulator.Reference(settings);
            if (outDir is not null) WriteFiles(io, outDir, settings, run, reference);
            else Push(io, url!, parse.GetValue(apiKey), settings, run, reference, anchored ? now : null);
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static DateTimeOffset ParseStart(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t : throw VigilException.Option("start", $"'{text}': expected an ISO 8601 time, e.g. 2026-01-05T00:00:00Z");

    private static void WriteFiles(CliIO io, string outDir, SimulationSettings settings, SimulationRun run, SimulationRun reference)
    {
        using var folder = OutputFolder.Begin(outDir);
        SimulationFiles.WriteStream(run, folder.Staging);
        var referencePath = folder.File(SimulationFiles.Reference);
        SimulationFiles.WriteReference(reference, referencePath);
        var registration = BuildRegistration(settings, referencePath);
        File.WriteAllText(folder.File(SimulationFiles.Registration), RegistrationFile.Write(registration), new UTF8Encoding(false));
        var metrics = SimulationMetrics.Measure(run.Encounters);
        File.WriteAllText(folder.File(SimulationFiles.Summary), Summary(settings, run, metrics), new UTF8Encoding(false));
        folder.Commit();
        io.Out.WriteLine(Describe(settings, run, metrics));
        io.Out.WriteLine($"wrote {outDir}: {SimulationFiles.Registration}, {SimulationFiles.Predictions}, {SimulationFiles.Actions}, {SimulationFiles.Outcomes}, {SimulationFiles.Truth}, {SimulationFiles.Reference}, {SimulationFiles.Summary}");
    }

    private static void Push(CliIO io, string url, string? apiKey, SimulationSettings settings, SimulationRun run, SimulationRun reference, DateTimeOffset? cutoff)
    {
        var temp = Directory.CreateTempSubdirectory("vigil-simulate-");
        try
        {
            var referencePath = Path.Combine(temp.FullName, SimulationFiles.Reference);
            SimulationFiles.WriteReference(reference, referencePath);
            var registration = BuildRegistration(settings, referencePath);
            using var client = MonitorCommand.Client(url, apiKey, io);
            var models = MonitorCommand.Wait(client.ListModelsAsync());
            if (models.Exists(m => m.Id == registration.Id && m.Version == registration.Version))
                io.Err.WriteLine($"vigil: note: {registration.Id} {registration.Version} is registered already; pushing into it (events already there count as duplicates)");
            else MonitorCommand.Wait(client.RegisterAsync(registration));
            var progress = new ThrottledStderrProgress(io.Err);
            var result = MonitorCommand.Wait(SimulationPush.PushAllAsync(client, run, cutoff, progress));
            progress.Flush();
            io.Out.WriteLine(Describe(settings, run, SimulationMetrics.Measure(run.Encounters)));
            var held = result.HeldBack > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.HeldBack:N0} events lie after the current time and were not sent") : "";
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pushed to {url}: {result.Predictions:N0} predictions, {result.Actions:N0} actions, {result.Outcomes:N0} outcomes ({result.Duplicates:N0} duplicates){held}"));
            io.Out.WriteLine("The service matures labels and runs the monitors every evaluation.interval_seconds (POST /v1/evaluate with an admin key runs them now); see `vigil monitor status`.");
        }
        finally
        {
            temp.Delete(true);
        }
    }

    /// <summary>
    /// The registration of a simulated model: the reference profile of the reference period's file
    /// (<see cref="SimulationFiles.WriteReference"/>) and the default monitors (<see cref="RegistrationDefaults"/>), through
    /// the same builder as `vigil monitor register` (<see cref="RegisterJob"/>).
    /// </summary>
    public static ModelRegistration BuildRegistration(SimulationSettings settings, string referenceCsv)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var calibration = SepsisCalibration.For(settings.Preset);
        return RegisterJob.Build(new RegisterOptions(referenceCsv, new ReferenceColumns("label", "score"), calibration.Model.Threshold,
            Protected, SepsisModel.FeatureNames, settings.ModelId, settings.Preset.ModelVersion, IntendedUse, Outcome, RegistrationDefaults.MinCell));
    }

    private static string Describe(SimulationSettings s, SimulationRun run, SimulationMetrics m)
    {
        var injected = s.Injections.Count > 0 ? "; injected: " + string.Join("; ", s.Injections.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Kind} from day {i.FromDay}"))) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"simulated {s.Days} days × {s.EncountersPerDay} encounters (seed {s.Seed}, preset {s.Preset.Name}, from {s.Start:yyyy-MM-ddTHH:mmZ}): {run.Predictions.Count:N0} predictions, {run.Actions.Count:N0} actions, {run.Outcomes.Count:N0} outcomes; untreated sepsis {m.Prevalence:P1}, alerts {m.AlertRate:P1}, AUROC {m.Auroc:F3}, sensitivity {m.TrueSensitivity:P1} (naive, after treatment averted {m.Averted:N0} onsets: {m.NaiveSensitivity:P1}){injected}");
    }

    /// <summary>simulation.json: the settings, the solved constants and what the run measured (for provenance).</summary>
    private static string Summary(SimulationSettings s, SimulationRun run, SimulationMetrics m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "vigil.simulation/v1");
            w.WriteString("scenario", "sepsis");
            w.WriteNumber("days", s.Days);
            w.WriteNumber("encounters_per_day", s.EncountersPerDay);
            w.WriteNumber("seed", s.Seed);
            w.WriteString("preset", s.Preset.Name);
            w.WriteString("start", s.Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("model", s.ModelId);
            w.WriteString("model_version", s.Preset.ModelVersion);
            w.WriteNumber("reference_days", s.ReferenceDays);
            w.WriteStartArray("injections");
            foreach (var i in s.Injections) w.WriteStringValue(i.ToString());
            w.WriteEndArray();
            var c = run.Calibration;
            w.WriteStartObject("solved");
            w.WriteNumber("world_intercept", c.WorldIntercept);
            w.WriteNumber("unobserved_sd", c.UnobservedSd);
            w.WriteNumber("model_intercept", c.Model.Intercept);
            w.WriteNumber("model_slope", c.Model.Slope);
            w.WriteNumber("model_noise_sd", c.Model.NoiseSd);
            w.WriteNumber("threshold", c.Model.Threshold);
            w.WriteEndObject();
            w.WriteStartObject("measured");
            w.WriteNumber("encounters", m.Encounters);
            w.WriteNumber("predictions", m.Predictions);
            w.WriteNumber("untreated_prevalence", m.Prevalence);
            w.WriteNumber("recorded_prevalence", m.RecordedPrevalence);
            w.WriteNumber("alert_rate", m.AlertRate);
            w.WriteNumber("auroc", m.Auroc);
            w.WriteNumber("true_sensitivity", m.TrueSensitivity);
            w.WriteNumber("naive_sensitivity", m.NaiveSensitivity);
            w.WriteNumber("specificity", m.Specificity);
            w.WriteNumber("ppv", m.Ppv);
            w.WriteNumber("averted", m.Averted);
            w.WriteNumber("override_rate", m.OverrideRate);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
