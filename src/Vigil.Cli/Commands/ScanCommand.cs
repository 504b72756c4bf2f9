using System.CommandLine;
using Vigil.Application.Scan;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Scan;
using Vigil.Core;
using Vigil.Core.Scan;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil scan`: hidden stratification, the subgroups (conjunctions of up to --max-order protected attribute values) whose
/// error rate is significantly higher than the rest, by MDSS or an exhaustive scan (vigil.scan/v2, docs/scan.md).
/// Parse, run <see cref="ScanJob"/>, render.
/// </summary>
public static class ScanCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = OptionCatalog.Data();
        var label = OptionCatalog.Label();
        var score = OptionCatalog.Score();
        var threshold = OptionCatalog.Threshold();
        var prediction = OptionCatalog.Prediction();
        var positiveLabel = OptionCatalog.PositiveLabel();
        var groups = new GroupOptions();
        var metric = new Option<string>("--metric") { Description = "fnr (missed positives), fpr (false alarms), error or selection (positive predictions)", DefaultValueFactory = _ => "fnr" };
        var maxOrder = new Option<int>("--max-order") { Description = "At most this many attributes per subgroup", DefaultValueFactory = _ => 3 };
        var method = OptionCatalog.Method("mdss (multi-dimensional subset scan) or exhaustive (every conjunction, adjusted p-values)", "mdss");
        var minSize = new Option<int>("--min-size") { Description = "A subgroup needs at least this many records of the scanned population (e.g. positives for fnr)", DefaultValueFactory = _ => 30 };
        var top = new Option<int>("--top") { Description = "Report this many subgroups", DefaultValueFactory = _ => 10 };
        var seed = OptionCatalog.Seed();
        var alpha = OptionCatalog.Alpha();
        var permutations = OptionCatalog.Permutations();
        var restarts = new Option<int>("--restarts") { Description = "mdss: random restarts of the coordinate ascent", DefaultValueFactory = _ => 10 };
        var adjust = new Option<string>("--adjust") { Description = "exhaustive: holm (family-wise error) or bh (Benjamini-Hochberg false discovery rate)", DefaultValueFactory = _ => "holm" };
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("scan", "Hidden stratification: subgroups of up to --max-order protected attributes whose error rate is significantly worse than the rest (MDSS or exhaustive). " +
            "The subgroups are conjunctions of the values of the --protected attributes; --permutations applies to mdss. " +
            "--intersections a*b also reports every cell of a*b as a subgroup; --reference a=V adds each subgroup's rate gap to that group.");
        foreach (var o in new Option[] { data, label, score, threshold, prediction, positiveLabel })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        foreach (var o in new Option[] { metric, maxOrder, method, minSize, top, seed, alpha, permutations, restarts, adjust, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var outputFormat = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var scoreColumn = parse.GetValue(score);
            var predictionColumn = parse.GetValue(prediction);
            if ((scoreColumn is null) == (predictionColumn is null))
                throw VigilException.Usage("give exactly one of --score COLUMN or --prediction COLUMN");
            if (predictionColumn is not null && parse.GetResult(threshold) is { Implicit: false })
                throw VigilException.Usage("--threshold applies to --score, not to --prediction");
            var job = ScanJob.Run(new ScanJobOptions
            {
                Data = parse.GetValue(data)!,
                Label = parse.GetValue(label)!,
                Score = scoreColumn,
                Prediction = predictionColumn,
                Threshold = scoreColumn is null ? null : parse.GetValue(threshold),
                PositiveLabel = parse.GetValue(positiveLabel),
                Groups = groups.Read(parse),
                Scan = new ScanOptions
                {
                    Metric = ParseMetric(parse.GetValue(metric)),
                    Method = ParseMethod(parse.GetValue(method)),
                    MaxOrder = parse.GetValue(maxOrder),
                    MinSize = parse.GetValue(minSize),
                    Top = parse.GetValue(top),
                    Seed = parse.GetValue(seed),
                    Alpha = parse.GetValue(alpha),
                    Replicates = parse.GetValue(permutations),
                    Restarts = parse.GetValue(restarts),
                    Adjustment = ParseAdjustment(parse.GetValue(adjust)),
                },
            });
            var rendered = outputFormat switch
            {
                OutputFormat.Json => ScanContract.Write(job.Document),
                OutputFormat.Markdown => ScanTextRenderer.Markdown(job),
                _ => ScanTextRenderer.Table(job),
            };
            Emitter.Emit(io, outPath, rendered);
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static ScanMetric ParseMetric(string? value) => value?.ToLowerInvariant() switch
    {
        "fnr" => ScanMetric.Fnr,
        "fpr" => ScanMetric.Fpr,
        "error" => ScanMetric.Error,
        "selection" => ScanMetric.Selection,
        _ => throw VigilException.Usage($"--metric '{value}': expected fnr, fpr, error or selection"),
    };

    private static ScanMethod ParseMethod(string? value) => value?.ToLowerInvariant() switch
    {
        "mdss" => ScanMethod.Mdss,
        "exhaustive" => ScanMethod.Exhaustive,
        _ => throw VigilException.Usage($"--method '{value}': expected mdss or exhaustive"),
    };

    private static PValueAdjustment ParseAdjustment(string? value) => value?.ToLowerInvariant() switch
    {
        "holm" => PValueAdjustment.Holm,
        "bh" or "fdr" => PValueAdjustment.BenjaminiHochberg,
        _ => throw VigilException.Usage($"--adjust '{value}': expected holm or bh"),
    };
}
