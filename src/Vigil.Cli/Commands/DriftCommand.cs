using System.CommandLine;
using Vigil.Application.Drift;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Drift;
using Vigil.Core;
using Vigil.Core.Drift;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil drift`: per-column drift tests with Evidently 0.2.8's defaults, dataset drift, drift within protected groups
/// (--protected), a domain classifier and sequential detectors (vigil.drift/v2). Parse, run <see cref="DriftJob"/>, render.
/// </summary>
public static class DriftCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var reference = OptionCatalog.ReferenceData();
        var current = OptionCatalog.CurrentData();
        // Not required here: --source with --reference-query and --current-query replaces the two files.
        reference.Required = false;
        current.Required = false;
        var source = OptionCatalog.Source();
        var referenceQuery = OptionCatalog.ReferenceQuery();
        var currentQuery = OptionCatalog.CurrentQuery();
        var columns = new Option<string[]>("--columns")
        {
            Description = "Columns to compare, comma-separated (default: every column; both files must have them)",
            AllowMultipleArgumentsPerToken = true,
        };
        var tests = new Option<string>("--tests")
        {
            Description = $"auto (Evidently's default test per column), all (every test for the column's type) or a list of: {StatTestCatalog.Names}",
            DefaultValueFactory = _ => "auto",
        };
        var columnTest = new Option<string[]>("--column-test")
        {
            Description = "Override a column's drift test and optionally its threshold: COLUMN=TEST[:THRESHOLD] (repeatable or comma-separated)",
            AllowMultipleArgumentsPerToken = true,
        };
        var groups = new GroupOptions(protectedRequired: false);
        var score = OptionCatalog.Score();
        var label = OptionCatalog.Label(required: false);
        var driftShare = new Option<double>("--drift-share")
        {
            Description = "Dataset drift when at least this share of columns drifts (Evidently's drift_share)",
            DefaultValueFactory = _ => DatasetDrift.DefaultShareThreshold,
        };
        var stream = new Option<string>("--stream")
        {
            Description = "Run CUSUM, EWMA, Page-Hinkley and ADWIN over this numeric column of the current file in row order, with ARL0 by simulation from the reference",
        };
        var detector = new Option<string[]>("--detector")
        {
            Description = "With --stream: detector settings NAME.PARAM=VALUE (cusum.k, cusum.h, ewma.lambda, ewma.L, ph.delta, ph.lambda, adwin.delta), comma-separated or repeated",
            AllowMultipleArgumentsPerToken = true,
        };
        var domain = new Option<bool>("--domain-classifier") { Description = "Also train a classifier to tell reference from current rows (multivariate drift)" };
        var summaryOut = OptionCatalog.SummaryOut();
        var summaries = OptionCatalog.Summaries();
        var siteName = OptionCatalog.SiteName();
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("drift", "Compare current data with reference data column by column (Evidently's tests), within protected groups, and jointly. " +
            "--protected also compares the columns within each group of these attributes (reference group g vs current group g; they are not compared themselves) " +
            "and reports each group's share of drifted columns and its gap to the reference group (--reference, default the group with the most current rows); " +
            "--score is reported with role 'score' (prediction drift), --label with role 'label' (prevalence drift).");
        foreach (var o in new Option[] { reference, current, source, referenceQuery, currentQuery, columns, tests, columnTest })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        foreach (var o in new Option[] { score, label, driftShare, stream, detector, domain, summaryOut, summaries, siteName, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            Vigil.Core.Diagnostics.PhaseTrace.Mark("command line parsed");
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            // Given but empty is a mistake (often an unset shell variable), not "every column" or "the default tests".
            if (parse.GetResult(columns) is not null && Distinct(parse.GetValue(columns)).Count == 0)
                throw VigilException.Usage("--columns is empty: name at least one column, or leave --columns out to compare every column");
            if (string.IsNullOrWhiteSpace((parse.GetValue(tests) ?? "auto").Replace(',', ' ')))
                throw VigilException.Usage("--tests is empty: expected auto, all or a list of tests");
            var (referenceData, currentData, sourceSpec) = (parse.GetValue(reference), parse.GetValue(current), parse.GetValue(source));
            var summaryFiles = OptionParsing.List(parse.GetValue(summaries));
            if (parse.GetResult(summaries) is not null && summaryFiles.Count == 0)
                throw VigilException.Usage("--summaries is empty: name the sites' summary files");
            if (summaryFiles.Count > 0 && (referenceData is not null || currentData is not null || sourceSpec is not null))
                throw VigilException.Usage("--summaries replaces --reference-data, --current-data and --source: give the summaries alone");
            if (summaryFiles.Count > 0 && parse.GetValue(summaryOut) is not null)
                throw VigilException.Usage("--summary-out writes one site's summary from its data; with --summaries there is no site data");
            if (summaryFiles.Count == 0 && sourceSpec is null && (referenceData is null || currentData is null))
                throw VigilException.Usage("--reference-data and --current-data are required (or --source with --reference-query and --current-query, or --summaries)");
            if (sourceSpec is null && (parse.GetValue(referenceQuery) is not null || parse.GetValue(currentQuery) is not null))
                throw VigilException.Usage("--reference-query and --current-query run in a database: give --source");
            if (sourceSpec is not null && (referenceData is not null || currentData is not null))
                throw VigilException.Usage("--source replaces --reference-data and --current-data: give the queries, not the files");
            var job = DriftJob.Run(new DriftJobOptions
            {
                ReferenceData = referenceData ?? "",
                CurrentData = currentData ?? "",
                Source = sourceSpec,
                ReferenceQuery = parse.GetValue(referenceQuery),
                CurrentQuery = parse.GetValue(currentQuery),
                Columns = Distinct(parse.GetValue(columns)),
                Tests = parse.GetValue(tests) ?? "auto",
                ColumnTests = Distinct(parse.GetValue(columnTest)),
                Groups = groups.Given(parse) ? groups.Read(parse) : null,
                Score = parse.GetValue(score),
                Label = parse.GetValue(label),
                DriftShare = parse.GetValue(driftShare),
                DomainClassifier = parse.GetValue(domain),
                Stream = parse.GetValue(stream),
                Detectors = Distinct(parse.GetValue(detector)),
                Summaries = summaryFiles,
                SummaryOut = parse.GetValue(summaryOut),
                SiteName = parse.GetValue(siteName),
            });
            Vigil.Core.Diagnostics.PhaseTrace.Mark("drift job");
            var text = fmt switch
            {
                OutputFormat.Json => DriftContract.Write(job.Document),
                OutputFormat.Markdown => DriftMarkdownWriter.Render(job),
                _ => DriftTableWriter.Render(job),
            };
            Vigil.Core.Diagnostics.PhaseTrace.Mark("report text");
            Emitter.Emit(io, outPath, text);
            Vigil.Core.Diagnostics.PhaseTrace.Mark("report written");
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static List<string> Distinct(string[]? values) => OptionParsing.List(values).Distinct(StringComparer.Ordinal).ToList();
}
