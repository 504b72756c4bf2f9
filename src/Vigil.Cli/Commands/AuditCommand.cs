using System.CommandLine;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Curves;
using Vigil.Core.Utility;
using Vigil.Data;

namespace Vigil.Cli.Commands;

/// <summary>`vigil audit`: subgroup performance and fairness of predictions (vigil.audit/v1).</summary>
public static class AuditCommand
{
    public static Command Create(CliIO io)
    {
        var data = new Option<string>("--data") { Description = "CSV (comma, semicolon or tab; '?' and empty are missing) or Parquet file (or --summaries)" };
        var label = new Option<string>("--label") { Description = "Column with the true outcome (required with --data)" };
        var score = new Option<string?>("--score") { Description = "Column with the predicted probability in [0, 1]" };
        var threshold = new Option<double>("--threshold") { Description = "A prediction is positive when score >= threshold", DefaultValueFactory = _ => 0.5 };
        var prediction = new Option<string?>("--prediction") { Description = "Column with 0/1 predictions (instead of --score)" };
        var protectedColumns = new Option<string[]>("--protected") { Description = "Protected attributes, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true };
        var intersections = new Option<string[]>("--intersections") { Description = "Intersections to audit, e.g. sex*race,sex*age", AllowMultipleArgumentsPerToken = true };
        var allPairs = new Option<bool>("--all-pairs") { Description = "Audit every pair of protected attributes" };
        var reference = new Option<string[]>("--reference") { Description = "Reference (privileged) group per attribute, e.g. --reference sex=M (default: the largest group)", AllowMultipleArgumentsPerToken = true };
        var positiveLabel = new Option<string?>("--positive-label") { Description = "Label value of the positive class (other values are negative)" };
        var bands = new Option<string[]>("--bands") { Description = "Band a numeric attribute: age=45,65 gives <45, 45-64, >=65", AllowMultipleArgumentsPerToken = true };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap replicates for percentile intervals on every metric (0 = none)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 20240601 };
        var minCell = new Option<int>("--min-cell") { Description = "Groups with fewer rows are flagged small_cell", DefaultValueFactory = _ => 11 };
        var geAlpha = new Option<double>("--ge-alpha") { Description = "Alpha of the generalized entropy indices", DefaultValueFactory = _ => 2 };
        var format = new Option<string>("--format") { Description = "table, json or markdown", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out") { Description = "Write to this file (atomically) instead of standard output" };
        var curves = new Option<bool>("--curves") { Description = "Add ROC, calibration and decision curves per group to the JSON (\"curves\"); needs --score and --format json" };
        var dcaThresholds = new Option<string?>("--dca-thresholds") { Description = "Decision-curve thresholds START:END:STEP (default 0.01:0.99:0.01); with --curves" };

        // ---- federated summaries (docs/federated.md) ----
        var summaryOut = OptionCatalog.SummaryOut();
        var summaries = OptionCatalog.Summaries();
        var siteName = OptionCatalog.SiteName();
        // ---- end federated summaries ----
        var cmd = new Command("audit", "Subgroup performance and fairness of a model's predictions, with intervals and tests (FNR first).");
        foreach (var o in new Option[] { data, label, score, threshold, prediction, protectedColumns, intersections, allPairs, reference, positiveLabel, bands, bootstrap, seed, minCell, geAlpha, format, output, curves, dcaThresholds, summaryOut, summaries, siteName })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outputFormat = OptionParsing.Format(parse.GetValue(format));
            var scoreColumn = parse.GetValue(score);
            var predictionColumn = parse.GetValue(prediction);
            var summaryFiles = OptionParsing.List(parse.GetValue(summaries));
            if (summaryFiles.Count == 0 && (scoreColumn is null) == (predictionColumn is null))
                throw VigilException.Usage("give exactly one of --score COLUMN or --prediction COLUMN");
            var thresholdResult = parse.GetResult(threshold);
            if (predictionColumn is not null && thresholdResult is { Implicit: false })
                throw VigilException.Usage("--threshold applies to --score, not to --prediction");
            var t = parse.GetValue(threshold);
            if (!(t >= 0 && t <= 1)) throw VigilException.Usage($"--threshold {t}: expected a number in [0, 1]");
            var replicates = parse.GetValue(bootstrap);
            if (replicates is < 0 or > 100_000) throw VigilException.Usage($"--bootstrap {replicates}: expected 0 to 100000 replicates");
            var cell = parse.GetValue(minCell);
            if (cell < 0) throw VigilException.Usage($"--min-cell {cell}: expected a non-negative count");

            var curveOptions = CurveSettings(parse.GetValue(curves), parse.GetValue(dcaThresholds), outputFormat, scoreColumn,
                parse.GetResult(bootstrap) is { Implicit: false } ? replicates : null, parse.GetValue(seed), cell);

            var (attributes, bandSpecs, references) =
                OptionParsing.Protected(parse.GetValue(protectedColumns), parse.GetValue(bands), parse.GetValue(reference));
            var groupings = Groupings(attributes, parse.GetValue(intersections), parse.GetValue(allPairs), references);

            var dataPath = parse.GetValue(data);
            var columns = new AuditColumns(parse.GetValue(label) ?? "label", scoreColumn, predictionColumn, t, attributes, bandSpecs, parse.GetValue(positiveLabel));
            AuditData auditData;
            AuditLoadReport? report = null;
            AuditInputInfo? pooled = null;
            // ---- federated summaries: --summaries pools the sites' summaries instead of reading --data ----
            if (summaryFiles.Count > 0)
            {
                if (dataPath is not null) throw VigilException.Usage("give --data FILE or --summaries FILES, not both");
                if (parse.GetValue(summaryOut) is not null) throw VigilException.Usage("--summary-out summarizes --data; with --summaries there are no rows");
                (auditData, pooled) = AuditFederation.Pool(summaryFiles, attributes, columns.Label);
                groupings = [.. groupings, new GroupingSpec([Core.Audit.Federation.SummaryPooling.SiteAttribute])];
            }
            // ---- end federated summaries ----
            else
            {
                if (dataPath is null) throw VigilException.Usage("--data FILE is required (or --summaries FILES)");
                if (parse.GetValue(label) is null) throw VigilException.Usage("--label COLUMN is required with --data");
                using var source = TabularSource.Open(dataPath);
                (auditData, report) = AuditLoader.Load(source, columns);
            }
            foreach (var (attribute, level) in references)
            {
                var levels = auditData.Attributes.First(a => a.Name == attribute).Levels;
                if (!levels.Contains(level))
                    throw VigilException.Usage($"--reference {attribute}={level}: no such group in {dataPath ?? "the summaries"}; groups: {string.Join(", ", levels)}");
            }
            var options = new AuditOptions
            {
                Threshold = pooled is not null ? pooled.Threshold : scoreColumn is null ? null : t,
                Bootstrap = replicates,
                Seed = parse.GetValue(seed),
                MinCell = cell,
                GeneralizedEntropyAlpha = parse.GetValue(geAlpha),
            };
            var result = AuditEngine.Run(auditData, groupings, options);
            var curveResult = curveOptions is null ? null : CurveAnalysis.Run(auditData, groupings, curveOptions);
            var info = pooled ?? new AuditInputInfo(dataPath!, columns.Label, report!.PositiveLabel, scoreColumn, predictionColumn, options.Threshold, report.Notes);
            if (parse.GetValue(summaryOut) is { } summaryPath)
                AuditFederation.WriteSummary(io, summaryPath, parse.GetValue(siteName), dataPath!, auditData, options, report!.PositiveLabel);
            var rendered = outputFormat switch
            {
                OutputFormat.Json => AuditJsonWriter.Render(result, info, curveResult),
                OutputFormat.Markdown => AuditMarkdownRenderer.Render(result, info),
                _ => AuditTableRenderer.Render(result, info),
            };
            Emitter.Emit(io, parse.GetValue(output), rendered);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>Replicates of the curves' calibration bootstrap when --curves is on and --bootstrap is not given.</summary>
    public const int DefaultCurveBootstrap = 200;

    /// <summary>The curve settings of --curves (null without it), or a usage error.</summary>
    private static CurveOptions? CurveSettings(bool on, string? thresholds, OutputFormat format, string? scoreColumn, int? bootstrap, int seed, int minCell)
    {
        if (!on)
        {
            if (thresholds is not null) throw VigilException.Usage("--dca-thresholds applies to --curves");
            return null;
        }
        if (scoreColumn is null) throw VigilException.Usage("--curves needs --score COLUMN (ROC, calibration and decision curves are curves of a score)");
        if (format != OutputFormat.Json) throw VigilException.Usage("--curves adds a \"curves\" section to the JSON output: use --format json");
        return new CurveOptions
        {
            DecisionThresholds = thresholds is null ? DecisionCurve.DefaultGrid() : ThresholdGrid(thresholds),
            Bootstrap = bootstrap ?? DefaultCurveBootstrap,
            Seed = seed,
            MinCell = minCell,
        };
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

    /// <summary>Each protected attribute alone, then the requested intersections (a*b), each once.</summary>
    private static List<GroupingSpec> Groupings(List<string> attributes, string[]? intersections, bool allPairs, Dictionary<string, string> references)
    {
        var specs = new List<GroupingSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> columns)
        {
            var name = string.Join("*", columns);
            if (!seen.Add(name)) return;
            specs.Add(new GroupingSpec(columns, columns.Select(c => references.GetValueOrDefault(c)).ToList()));
        }
        foreach (var a in attributes) Add([a]);
        foreach (var spec in OptionParsing.List(intersections))
        {
            var columns = spec.Split('*', StringSplitOptions.TrimEntries);
            if (columns.Length < 2 || columns.Any(string.IsNullOrEmpty))
                throw VigilException.Usage($"--intersections '{spec}': expected two or more attributes joined by '*', e.g. sex*race");
            foreach (var c in columns.Where(c => !attributes.Contains(c)))
                throw VigilException.Usage($"--intersections '{spec}': '{c}' is not among --protected ({string.Join(", ", attributes)})");
            if (columns.Distinct().Count() != columns.Length)
                throw VigilException.Usage($"--intersections '{spec}': an attribute appears twice");
            Add(columns);
        }
        if (allPairs)
        {
            for (var i = 0; i < attributes.Count; i++)
                for (var j = i + 1; j < attributes.Count; j++)
                    Add([attributes[i], attributes[j]]);
        }
        return specs;
    }
}
