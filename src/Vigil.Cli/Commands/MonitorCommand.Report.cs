using System.CommandLine;
using Vigil.Application.DataAudit;
using Vigil.Application.Monitoring;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Core;

namespace Vigil.Cli.Commands;

public static partial class MonitorCommand
{
    /// <summary>`vigil monitor report --url URL --model-id ID --from --to --out DIR [--card] [--policy]`: `vigil report` of a period from the store.</summary>
    private static Command Report(CliIO io)
    {
        var url = OptionCatalog.Url();
        var apiKey = OptionCatalog.ApiKey();
        var modelId = OptionCatalog.ModelId();
        var modelVersion = OptionCatalog.ModelVersion();
        var from = OptionCatalog.From(required: true);
        var to = OptionCatalog.To(required: true);
        var card = OptionCatalog.CardFile("card.yaml: the Model Card facts only people know, and risk owners (docs/report.md)");
        var output = OptionCatalog.OutDirectory();
        var policy = OptionCatalog.PolicyFile("A governance policy (YAML; docs/governance.md) checked on the period: the report gets the gate's pass/fail table and the safeguards its failing rules put in force; gate.json and gate.md beside it");

        var cmd = new Command("report", "The governance report of a period from the store: the period's audit (audit.json, equal to a batch vigil audit of its matured rows) and every vigil report output.");
        foreach (var o in new Option[] { url, apiKey, modelId, modelVersion, from, to, card, policy, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var (f, t) = MonitorTime.Period(parse.GetValue(from), parse.GetValue(to));
            var options = new MonitorReportOptions(parse.GetValue(modelId)!, f ?? throw VigilException.Option("from", "is required"),
                t ?? throw VigilException.Option("to", "is required"), parse.GetValue(output)!)
            {
                Version = parse.GetValue(modelVersion),
                Card = parse.GetValue(card),
                Policy = parse.GetValue(policy),
            };
            using var client = Client(parse, url, apiKey, io);
            var result = Wait(MonitorReportJob.RunAsync(client, options, DatasheetRenderer.Markdown, new StderrProgress(io.Err)));
            io.Err.WriteLine($"vigil: wrote {result.Files} files to {result.OutDir}");
            return VigilApp.Ok;
        });
        return cmd;
    }
}
