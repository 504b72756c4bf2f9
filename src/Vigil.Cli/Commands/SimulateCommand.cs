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
            if (outDir is not null) WriteFiles(io, outDir, settings);
            else Push(io, url!, parse.GetValue(apiKey), settings, anchored ? now : null);
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static DateTimeOffset ParseStart(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t : throw VigilException.Option("start", $"'{text}': expected an ISO 8601 time, e.g. 2026-01-05T00:00:00Z");

    private static void WriteFiles(CliIO io, string outDir, SimulationSettings settings)
    {
        var outcome = SimulateJob.WriteFiles(settings, outDir);
        io.Out.WriteLine(Describe(outcome));
        io.Out.WriteLine($"wrote {outDir}: {SimulationFiles.Registration}, {SimulationFiles.Predictions}, {SimulationFiles.Actions}, {SimulationFiles.Outcomes}, {SimulationFiles.Truth}, {SimulationFiles.Reference}, {SimulationFiles.Summary}");
    }

    private static void Push(CliIO io, string url, string? apiKey, SimulationSettings settings, DateTimeOffset? cutoff)
    {
        using var client = MonitorCommand.Client(url, apiKey, io);
        var progress = new ThrottledStderrProgress(io.Err);
        var result = MonitorCommand.Wait(SimulateJob.PushAsync(client, settings, cutoff, progress));
        progress.Flush();
        io.Out.WriteLine(Describe(result.Simulation));
        var p = result.Pushed;
        var held = p.HeldBack > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {p.HeldBack:N0} events lie after the current time and were not sent") : "";
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pushed to {url}: {p.Predictions:N0} predictions, {p.Actions:N0} actions, {p.Outcomes:N0} outcomes ({p.Duplicates:N0} duplicates){held}"));
        io.Out.WriteLine("The service matures labels and runs the monitors every evaluation.interval_seconds (POST /v1/evaluate with an admin key runs them now); see `vigil monitor status`.");
    }

    private static string Describe(SimulationOutcome outcome)
    {
        var (s, run, m) = (outcome.Settings, outcome.Run, outcome.Metrics);
        var injected = s.Injections.Count > 0 ? "; injected: " + string.Join("; ", s.Injections.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Kind} from day {i.FromDay}"))) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"simulated {s.Days} days × {s.EncountersPerDay} encounters (seed {s.Seed}, preset {s.Preset.Name}, from {s.Start:yyyy-MM-ddTHH:mmZ}): {run.Predictions.Count:N0} predictions, {run.Actions.Count:N0} actions, {run.Outcomes.Count:N0} outcomes; untreated sepsis {m.Prevalence:P1}, alerts {m.AlertRate:P1}, AUROC {m.Auroc:F3}, sensitivity {m.TrueSensitivity:P1} (naive, after treatment averted {m.Averted:N0} onsets: {m.NaiveSensitivity:P1}){injected}");
    }
}
