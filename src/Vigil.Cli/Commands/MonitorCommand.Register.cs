using System.CommandLine;
using Vigil.Cli.Options;
using Vigil.Application.Governance;
using Vigil.Cli.Output;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Client;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;

namespace Vigil.Cli.Commands;

public static partial class MonitorCommand
{
    /// <summary>
    /// `vigil monitor register --reference-data FILE --label COL --score COL --protected ... --model-id ID --model-version V
    /// --intended-use TEXT --outcome-kind KIND --window-hours H [--out registration.json] [--url URL]`.
    /// </summary>
    private static Command Register(CliIO io)
    {
        var referenceData = OptionCatalog.ReferenceData();
        var label = OptionCatalog.Label();
        var positiveLabel = OptionCatalog.PositiveLabel();
        var score = OptionCatalog.Score();
        var threshold = OptionCatalog.Threshold();
        var protectedAttributes = OptionCatalog.Protected();
        var bands = OptionCatalog.Bands();
        var reference = OptionCatalog.Reference();
        var features = OptionCatalog.Features("Watched numeric features, comma-separated: their drift and missing share are monitored");
        var minCell = OptionCatalog.MinCell();
        var modelId = OptionCatalog.ModelId();
        var modelVersion = OptionCatalog.ModelVersion(required: true);
        var intendedUse = new Option<string>("--intended-use") { Description = "The model's intended use, in the Model Card's words", Required = true };
        var outcomeKind = new Option<string>("--outcome-kind") { Description = "Outcome kind of a positive label, as outcome events name it (e.g. sepsis_onset)", Required = true };
        var windowHours = OptionCatalog.WindowHours();
        windowHours.Required = true;
        var labelDelay = OptionCatalog.LabelDelayHours();
        var censorKinds = new Option<string[]>("--censor-kinds") { Description = "Outcome kinds that end follow-up without the outcome (e.g. transfer_out, death), comma-separated", AllowMultipleArgumentsPerToken = true };
        var output = OptionCatalog.OutFile();
        var url = OptionCatalog.Url(required: false);
        var apiKey = OptionCatalog.ApiKey();
        var policy = OptionCatalog.PolicyFile("A governance policy (YAML; docs/governance.md) the monitor checks on every evaluation window; carried in the registration by content with its SHA-256");

        var cmd = new Command("register", "Register a model version with the service: its reference profile (from a labelled reference file, no rows), protected attributes, watched features, outcome window and the default monitors. Writes the registration (--out, else standard output) and/or posts it (--url, an admin key).");
        foreach (var o in new Option[] { referenceData, label, positiveLabel, score, threshold, protectedAttributes, bands, reference, features, minCell,
            modelId, modelVersion, intendedUse, outcomeKind, windowHours, labelDelay, censorKinds, policy, output, url, apiKey })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var scoreColumn = parse.GetValue(score) ?? throw VigilException.Option("score", "is required: the reference profile needs the model's scores");
            var (attributes, bandList, references) = OptionParsing.Protected(parse.GetValue(protectedAttributes), parse.GetValue(bands), parse.GetValue(reference));
            var specs = attributes.Select(a => new ProtectedSpec(a,
                bandList.FirstOrDefault(b => b.Column == a) is { } b ? [.. b.Edges] : null,
                references.GetValueOrDefault(a))).ToList();
            var options = new RegisterOptions(
                parse.GetValue(referenceData)!,
                new ReferenceColumns(parse.GetValue(label)!, scoreColumn, parse.GetValue(positiveLabel)),
                parse.GetValue(threshold),
                specs,
                OptionParsing.List(parse.GetValue(features)),
                parse.GetValue(modelId)!,
                parse.GetValue(modelVersion)!,
                parse.GetValue(intendedUse)!,
                new OutcomeDefinition(parse.GetValue(outcomeKind)!, parse.GetValue(windowHours)!.Value, parse.GetValue(labelDelay), OptionParsing.List(parse.GetValue(censorKinds))),
                parse.GetValue(minCell));
            var registration = RegisterJob.Build(options);
            if (parse.GetValue(policy) is { } policyFile) registration = registration with { Policy = PolicyRegistration.Read(policyFile) };
            var outPath = parse.GetValue(output);
            var serviceUrl = parse.GetValue(url);
            if (outPath is not null || serviceUrl is null) Emitter.Emit(io, outPath, RegistrationFile.Write(registration));
            if (serviceUrl is not null)
            {
                using var client = Client(serviceUrl, parse.GetValue(apiKey), io);
                Wait(client.RegisterAsync(registration));
                io.Err.WriteLine($"vigil: registered {registration.Id} {registration.Version} at {serviceUrl} ({registration.Reference!.Rows:N0} reference rows, {registration.Reference.Groups.Count} groups)");
            }
            return VigilApp.Ok;
        });
        return cmd;
    }
}
