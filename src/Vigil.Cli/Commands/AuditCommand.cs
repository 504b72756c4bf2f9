using System.CommandLine;
using Vigil.Application.Audit;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Audit;
using Vigil.Core;
using Vigil.Core.Utility;

namespace Vigil.Cli.Commands;

/// <summary>`vigil audit`: subgroup performance and fairness of predictions (vigil.audit/v2). Parse, run <see cref="AuditJob"/>, render.</summary>
public static class AuditCommand
{
    public static Command Create(CliIO io)
    {
        var data = OptionCatalog.Data();
        data.Required = false; // or --summaries, or --source and --query
        var label = OptionCatalog.Label(required: false);
        var score = OptionCatalog.Score();
        var threshold = OptionCatalog.Threshold();
        var prediction = OptionCatalog.Prediction();
        var groups = new GroupOptions();
        var allPairs = new Option<bool>("--all-pairs") { Description = "Audit every pair of protected attributes" };
        var positiveLabel = OptionCatalog.PositiveLabel();
        var bootstrap = OptionCatalog.Bootstrap();
        var seed = OptionCatalog.Seed();
        var geAlpha = new Option<double>("--ge-alpha") { Description = "Alpha of the generalized entropy indices", DefaultValueFactory = _ => 2 };
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();
        var curves = new Option<bool>("--curves") { Description = "Add ROC, calibration and decision curves per group to the JSON (\"curves\"); needs --score and --format json" };
        var dcaThresholds = new Option<string?>("--dca-thresholds") { Description = "Decision-curve thresholds START:END:STEP (default 0.01:0.99:0.01); with --curves" };

        var cmd = new Command("audit", "Subgroup performance and fairness of a model's predictions, with intervals and tests (FNR first).");
        foreach (var o in new Option[] { data, label, score, threshold, prediction })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        // Federated summaries (docs/federated.md): a site writes its summary; a network audits the pool of summaries.
        var summaryOut = OptionCatalog.SummaryOut();
        var summaries = OptionCatalog.Summaries();
        var siteName = OptionCatalog.SiteName();
        // Push-down (docs/push-down.md): a database computes the summary where the data live.
        var source = OptionCatalog.Source();
        var query = OptionCatalog.Query();
        var binWidth = OptionCatalog.ScoreBinWidth();
        // A large --data file is audited from DuckDB's summary of it by default (docs/push-down.md, "--data through DuckDB").
        var readRows = new Option<bool>("--read-rows") { Description = "Audit a --data file of 1,000,000 rows or more from its rows read into memory (exact AUROC, AUPRC, Brier and ECE) instead of from DuckDB's summary of it (score bins of --score-bin-width)" };
        foreach (var o in new Option[] { allPairs, positiveLabel, bootstrap, seed, geAlpha, format, output, curves, dcaThresholds, summaryOut, summaries, siteName, source, query, binWidth, readRows })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var outputFormat = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var scoreColumn = parse.GetValue(score);
            var predictionColumn = parse.GetValue(prediction);
            var summaryFiles = OptionParsing.List(parse.GetValue(summaries));
            var summaryPath = parse.GetValue(summaryOut);
            if (summaryFiles.Count == 0 && (scoreColumn is null) == (predictionColumn is null))
                throw VigilException.Usage("give exactly one of --score COLUMN or --prediction COLUMN");
            var thresholdGiven = parse.GetResult(threshold) is { Implicit: false };
            if (predictionColumn is not null && thresholdGiven)
                throw VigilException.Usage("--threshold applies to --score, not to --prediction");
            var withCurves = parse.GetValue(curves);
            var grid = parse.GetValue(dcaThresholds);
            if (withCurves && scoreColumn is null) throw VigilException.Usage("--curves needs --score COLUMN (ROC, calibration and decision curves are curves of a score)");
            if (withCurves && outputFormat != OutputFormat.Json) throw VigilException.Usage("--curves adds a \"curves\" section to the JSON output: use --format json");
            if (!withCurves && grid is not null) throw VigilException.Usage("--dca-thresholds applies to --curves");

            var job = AuditJob.Run(new AuditJobOptions
            {
                Data = parse.GetValue(data),
                Label = parse.GetValue(label),
                Summaries = summaryFiles,
                Source = parse.GetValue(source),
                Query = parse.GetValue(query),
                SiteSummary = summaryPath is not null,
                SiteName = parse.GetValue(siteName),
                ScoreBinWidth = parse.GetValue(binWidth),
                SummaryMinRows = parse.GetValue(readRows) ? long.MaxValue : null,
                Score = scoreColumn,
                Prediction = predictionColumn,
                Threshold = scoreColumn is null ? null : parse.GetValue(threshold),
                PositiveLabel = parse.GetValue(positiveLabel),
                Groups = groups.Read(parse, parse.GetValue(allPairs)),
                Bootstrap = parse.GetValue(bootstrap),
                Seed = parse.GetValue(seed),
                GeneralizedEntropyAlpha = parse.GetValue(geAlpha),
                Curves = withCurves,
                DecisionThresholds = grid is null ? null : ThresholdGrid(grid),
            });
            var rendered = outputFormat switch
            {
                OutputFormat.Json => AuditContract.Write(job.Document),
                OutputFormat.Markdown => AuditMarkdownRenderer.Render(job.Result, job.Input),
                _ => AuditTableRenderer.Render(job.Result, job.Input),
            };
            if (summaryPath is not null) Emitter.Emit(io, summaryPath, job.SiteSummary!);
            Emitter.Emit(io, outPath, rendered);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>Parses START:END:STEP with 0 &lt; START ≤ END &lt; 1, STEP &gt; 0 and at most 10,000 thresholds.</summary>
    internal static double[] ThresholdGrid(string spec)
    {
        var usage = $"--dca-thresholds '{spec}': expected START:END:STEP with 0 < START <= END < 1 and STEP > 0, e.g. 0.05:0.5:0.01";
        var parts = spec.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length != 3) throw VigilException.Usage(usage);
        var values = new double[3];
        for (var k = 0; k < 3; k++)
            if (!double.TryParse(parts[k], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                throw VigilException.Usage(usage);
        var (start, end, step) = (values[0], values[1], values[2]);
        if (!(start > 0 && start <= end && end < 1 && step > 0)) throw VigilException.Usage(usage);
        if ((end - start) / step > 10_000) throw VigilException.Usage($"--dca-thresholds '{spec}': more than 10000 thresholds; use a larger STEP");
        return DecisionCurve.Grid(start, end, step);
    }
}
