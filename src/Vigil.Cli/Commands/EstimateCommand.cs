using System.CommandLine;
using Vigil.Application.Estimation;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Estimation;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil estimate`: per-group performance on current data without its labels — CBPE with a calibration chosen on the
/// labelled reference, importance weighting under covariate shift, BBSE of the prevalence, and a refusal when the
/// current data leave the reference's support (vigil.estimate/v1, docs/estimation.md). Parse, run <see cref="EstimateJob"/>, render.
/// </summary>
public static class EstimateCommand
{

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        // The reference file carries the label and the score; the current file the score (its label, if any, is never read).
        var reference = OptionCatalog.ReferenceData();
        var current = OptionCatalog.CurrentData();
        var label = OptionCatalog.Label();
        var positive = OptionCatalog.PositiveLabel();
        var score = OptionCatalog.Score();
        score.Required = true;
        var threshold = OptionCatalog.Threshold();
        var groups = new GroupOptions(protectedRequired: true, withReference: false);
        var features = OptionCatalog.Features("Columns of the domain classifier that checks covariate shift and support (default: every reference column except the label; leave identifiers out)");
        var bootstrap = OptionCatalog.Bootstrap();
        var seed = OptionCatalog.Seed();
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("estimate",
            "Estimate per-group sensitivity, FNR, specificity, PPV, NPV, AUROC and prevalence on current data without its labels (CBPE, importance weighting, BBSE), or say why the estimate is unreliable");
        foreach (var o in new Option[] { reference, current, label, positive, score, threshold })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        foreach (var o in new Option[] { features, bootstrap, seed, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var job = EstimateJob.Run(new EstimateJobOptions
            {
                ReferenceData = parse.GetValue(reference)!,
                CurrentData = parse.GetValue(current)!,
                Label = parse.GetValue(label)!,
                PositiveLabel = parse.GetValue(positive),
                Score = parse.GetValue(score)!,
                Threshold = parse.GetValue(threshold),
                Groups = groups.Read(parse),
                Features = OptionParsing.List(parse.GetValue(features)).Distinct(StringComparer.Ordinal).ToList(),
                Bootstrap = parse.GetValue(bootstrap),
                Seed = parse.GetValue(seed),
            });
            var text = fmt switch
            {
                OutputFormat.Json => EstimateContract.Write(job.Document),
                OutputFormat.Markdown => EstimateTextWriter.Render(job.Document, markdown: true),
                _ => EstimateTextWriter.Render(job.Document, markdown: false),
            };
            Emitter.Emit(io, outPath, text);
            return VigilApp.Ok;
        });
        return cmd;
    }
}
