using System.CommandLine;
using System.Globalization;
using Vigil.Application.Monitoring;
using Vigil.Cli.Options;

namespace Vigil.Cli.Commands;

public static partial class MonitorCommand
{
    /// <summary>`vigil monitor push FILE --url URL --kind predictions|actions|outcomes`: batches of 500, retried, counted.</summary>
    private static Command Push(CliIO io)
    {
        var file = new Argument<string>("file") { Description = "The events: NDJSON, a JSON array, or a CSV with the columns docs/service.md lists" };
        var url = OptionCatalog.Url();
        var apiKey = OptionCatalog.ApiKey();
        var kind = new Option<string>("--kind") { Description = "What the file holds: predictions, actions or outcomes", Required = true };
        kind.AcceptOnlyFromAmong("predictions", "actions", "outcomes");
        var modelId = OptionCatalog.ModelId(required: false);
        var modelVersion = OptionCatalog.ModelVersion();
        var protectedAttributes = OptionCatalog.Protected(required: false);
        var features = OptionCatalog.Features("Watched feature columns of a predictions CSV, comma-separated (default: the registration's)");
        var batchSize = new Option<int>("--batch-size") { Description = $"Events per request (1 to {PushJob.MaxBatch})", DefaultValueFactory = _ => PushJob.DefaultBatch };

        var cmd = new Command("push", "Push predictions, clinician actions or outcomes to the service, in batches (idempotent by event id: re-pushing a file only adds what is missing).");
        cmd.Arguments.Add(file);
        foreach (var o in new Option[] { url, apiKey, kind, modelId, modelVersion, protectedAttributes, features, batchSize })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var options = new PushOptions(parse.GetValue(file)!, EventKinds.Parse(parse.GetValue(kind)!), parse.GetValue(batchSize))
            {
                Model = parse.GetValue(modelId),
                ModelVersion = parse.GetValue(modelVersion),
                Protected = Given(parse.GetValue(protectedAttributes)),
                Features = Given(parse.GetValue(features)),
            };
            using var client = Client(parse, url, apiKey, io);
            var progress = new ThrottledStderrProgress(io.Err);
            var result = Wait(PushJob.RunAsync(client, options, progress));
            progress.Flush();
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{EventKinds.Name(options.Kind)}: {result.Accepted:N0} accepted, {result.Duplicates:N0} duplicates ({result.Events:N0} events in {result.Batches:N0} requests)"));
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>A comma-separated list option's values, or null when not given.</summary>
    private static List<string>? Given(string[]? values) => values is null || values.Length == 0 ? null : OptionParsing.List(values);
}
