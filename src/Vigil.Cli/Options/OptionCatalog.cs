using System.CommandLine;
using Vigil.Application;
using Vigil.Core;

namespace Vigil.Cli.Options;

/// <summary>
/// The one catalogue of shared options: each concept has one flag, one meaning, one default and one
/// range check, and every command that has the concept takes it from here. The flag is the JSON
/// settings key with '-' for '_' (--min-cell ↔ "min_cell"), and the key is what libraries name in
/// <see cref="VigilException.Parameter"/>. docs/cli.md is generated from the commands built with it.
/// </summary>
public static class OptionCatalog
{
    /// <summary>The one default seed of every seeded computation (bootstrap, folds, permutations, splits).</summary>
    public const int DefaultSeed = StatisticalDefaults.Seed;

    /// <summary>Default bootstrap resamples of every command with --bootstrap (one default: <see cref="StatisticalDefaults.Bootstrap"/>).</summary>
    public const int DefaultBootstrap = StatisticalDefaults.Bootstrap;

    /// <summary>Default randomization-test permutations.</summary>
    public const int DefaultPermutations = StatisticalDefaults.Permutations;

    /// <summary>Largest --bootstrap or --permutations accepted (bounded time and memory).</summary>
    public const int MaxResamples = StatisticalDefaults.MaxResamples;

    /// <summary>The CMS small-cell rule: groups with fewer rows are flagged, and suppressed in shareable outputs.</summary>
    public const int DefaultMinCell = 11;

    /// <summary>The one intersection separator: sex*race.</summary>
    public const char IntersectionSeparator = '*';

    /// <summary>The flag of a catalogue key: "min_cell" → "--min-cell".</summary>
    public static string Flag(string key) => "--" + key.Replace('_', '-');

    /// <summary>The catalogue key of a flag: "--min-cell" → "min_cell".</summary>
    public static string Key(string flag) => flag.TrimStart('-').Replace('-', '_');

    /// <summary>An error's one-line message with the flag it concerns, when a library named the parameter.</summary>
    public static string Describe(VigilException e)
    {
        var message = e.Render(Flag);
        return e.Parameter is { } p && !message.StartsWith("--", StringComparison.Ordinal) ? $"{Flag(p)} {message}" : message;
    }

    // ---- inputs -------------------------------------------------------------------------------------

    public static Option<string> Data(string description = "Data file: CSV (comma, semicolon or tab; '?' and empty are missing; .csv.gz too) or Parquet") =>
        new("--data") { Description = description, Required = true };

    public static Option<string> ReferenceData() =>
        new("--reference-data") { Description = "The reference data file (CSV or Parquet): what the current data are compared with", Required = true };

    public static Option<string> CurrentData() =>
        new("--current-data") { Description = "The current data file (CSV or Parquet): compared with the reference data", Required = true };

    public static Option<string> Label(bool required = true) =>
        new("--label") { Description = "Column with the true outcome", Required = required };

    public static Option<string?> PositiveLabel() =>
        new("--positive-label") { Description = "Label value of the positive class, or a comparison on a numeric label such as '>0'; other values are negative (default: 1, yes or true)" };

    public static Option<string?> Score() =>
        new("--score") { Description = "Column with the model's predicted probability in [0, 1]" };

    public static Option<string?> Prediction() =>
        new("--prediction") { Description = "Column with 0/1 predictions (instead of --score)" };

    /// <summary>The meaning of --threshold, in every command.</summary>
    public const string ThresholdMeaning = "A prediction is positive when score >= threshold";

    public static Option<double> Threshold(double defaultValue = AnalysisDefaults.Threshold) =>
        Probability(new Option<double>("--threshold") { Description = ThresholdMeaning, DefaultValueFactory = _ => defaultValue });

    /// <summary>--threshold where it is optional and its absence means something (score: no prediction column); the command says what.</summary>
    public static Option<double?> OptionalThreshold() =>
        ProbabilityOrNull(new Option<double?>("--threshold") { Description = ThresholdMeaning });

    /// <summary>
    /// --threshold where the command can choose it on out-of-fold scores (train, validate): the same cut, given as a
    /// number or as a rule; the job parses and checks the rule.
    /// </summary>
    public static Option<string> ThresholdRule(string defaultValue = AnalysisDefaults.ThresholdRule) =>
        new("--threshold")
        {
            Description = ThresholdMeaning + ": a number in [0, 1], or a rule that chooses it on out-of-fold scores: youden, sensitivity:TARGET or alert-rate:TARGET",
            DefaultValueFactory = _ => defaultValue,
        };

    public static Option<string[]> Features(string description = "Feature columns, comma-separated") =>
        new("--features") { Description = description, AllowMultipleArgumentsPerToken = true };

    public static Option<string?> Site() =>
        new("--site") { Description = "Column naming the site (hospital) of each row" };

    // ---- groups ------------------------------------------------------------------------------------

    public static Option<string[]> Protected(bool required = true) =>
        new("--protected") { Description = "Protected attributes, comma-separated", Required = required, AllowMultipleArgumentsPerToken = true };

    public static Option<string[]> Intersections() =>
        new("--intersections") { Description = "Intersections of protected attributes, e.g. sex*race,sex*age", AllowMultipleArgumentsPerToken = true };

    public static Option<string[]> Bands() =>
        new("--bands") { Description = "Band a numeric attribute: age=45,65 gives <45, 45-64, >=65", AllowMultipleArgumentsPerToken = true };

    public static Option<string[]> Reference() =>
        new("--reference") { Description = "Reference group per attribute, e.g. --reference sex=M (default: the largest group)", AllowMultipleArgumentsPerToken = true };

    /// <summary>The meaning of --min-cell, in every command.</summary>
    public const string MinCellMeaning = "Groups with fewer rows are small cells: flagged, and suppressed in shareable outputs";

    public static Option<int> MinCell() =>
        NonNegative(new Option<int>("--min-cell") { Description = MinCellMeaning, DefaultValueFactory = _ => DefaultMinCell });

    /// <summary>
    /// --min-cell for a command that reads evidence written with a min_cell (report): without the flag the evidence's
    /// value applies (else <see cref="DefaultMinCell"/>); the command's description says so.
    /// </summary>
    public static Option<int?> MinCellFromEvidence() =>
        NonNegativeOrNull(new Option<int?>("--min-cell") { Description = MinCellMeaning });

    // ---- statistics --------------------------------------------------------------------------------

    public static Option<int> Seed() =>
        new("--seed") { Description = "Seed of every random choice (bootstrap, folds, permutations, splits)", DefaultValueFactory = _ => DefaultSeed };

    /// <summary>--bootstrap: one meaning and one default (<see cref="DefaultBootstrap"/>) in every command.</summary>
    public static Option<int> Bootstrap() =>
        Resamples(new Option<int>("--bootstrap") { Description = "Bootstrap resamples for percentile intervals (0 = none)", DefaultValueFactory = _ => DefaultBootstrap });

    public static Option<int> Permutations(int defaultValue = DefaultPermutations) =>
        Resamples(new Option<int>("--permutations") { Description = "Permutations of a randomization test (0 = none: no p-values)", DefaultValueFactory = _ => defaultValue });

    /// <summary>--prevalence: the share of positives in the population an output speaks for (each job checks the range it needs).</summary>
    public static Option<double?> Prevalence() =>
        new("--prevalence") { Description = "Prevalence of the condition, a proportion, in the population concerned: the deployed population (report) or the study population, group 1 with --gap (plan-study)" };

    /// <summary>
    /// --method: the algorithm a command runs, from the command's own list (scan: mdss or exhaustive; mitigate: the
    /// mitigation methods). One concept, the settings key "method" in both; each command lists its methods.
    /// </summary>
    public static Option<string?> Method(string description = "The method the command runs (each command lists its own)", string? defaultValue = null) =>
        defaultValue is null
            ? new("--method") { Description = description }
            : new("--method") { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<double> Alpha(double defaultValue = 0.05) =>
        OpenUnit(new Option<double>("--alpha") { Description = "Significance level of the tests", DefaultValueFactory = _ => defaultValue });

    // ---- models ------------------------------------------------------------------------------------

    public static Option<string> Learner(string defaultValue = AnalysisDefaults.Learner) =>
        new("--learner") { Description = "Learner to train: logistic (L-BFGS logistic regression) or lightgbm", DefaultValueFactory = _ => defaultValue };

    public static Option<string> Model() =>
        new("--model") { Description = "Model file: model.zip (ML.NET) or model.onnx (ONNX Runtime)", Required = true };

    // ---- output ------------------------------------------------------------------------------------

    public static Option<string> Format() =>
        new("--format") { Description = "table, json or markdown (default: from the --out extension, else table)" };

    /// <summary>--out for a command that writes one document: a file, written atomically (where optional: standard output without it).</summary>
    public static Option<string?> OutFile(bool required = false) =>
        new("--out") { Description = "File to write the document to, atomically (where --out is optional: standard output without it)", Required = required };

    /// <summary>--out for a command that writes several documents: a directory, each command's outputs written whole.</summary>
    public static Option<string> OutDirectory(bool required = true) =>
        new("--out") { Description = "Directory for the outputs, each command's written whole (a temporary directory renamed at the end)", Required = required };

    /// <summary>--pdf: also print the report to report.pdf (report, demo).</summary>
    public static Option<bool> Pdf() =>
        new("--pdf") { Description = "Also write report.pdf, printed by headless Chromium (A4)" };

    // ---- federated audits and push-down (docs/federated.md, docs/scaling.md) ----------------------------

    /// <summary>--summary-out: the site's mergeable summary (no rows): vigil.audit-summary/v2 (audit), vigil.drift-summary/v1 (drift).</summary>
    public static Option<string?> SummaryOut() =>
        new("--summary-out") { Description = "Also write this site's mergeable summary (no rows) to this file: vigil.audit-summary/v2 from audit (counts per cell and score bin), vigil.drift-summary/v1 from drift (per column: moments and counts per value, fine bin or level); docs/federated.md" };

    /// <summary>--summaries: pool sites' summaries instead of reading rows.</summary>
    public static Option<string[]> Summaries() =>
        new("--summaries") { Description = "Pool these sites' summary files (from --summary-out) instead of reading data: every site and the pool (docs/federated.md)", AllowMultipleArgumentsPerToken = true };

    /// <summary>--source: a database that computes the summary where the data live (docs/push-down.md).</summary>
    public static Option<string?> Source() =>
        new("--source") { Description = "Compute the summaries in this database instead of reading data files: duckdb: (in memory, for read_csv/read_parquet), duckdb:PATH, postgres://user@host[:port]/database (password from PGPASSWORD or ~/.pgpass) or clickhouse://user@host[:8123]/database (HTTP interface; password from CLICKHOUSE_PASSWORD); with --query, or with --reference-query and --current-query (drift)" };

    /// <summary>--query: the SELECT run in --source.</summary>
    public static Option<string?> Query() =>
        new("--query") { Description = "With --source: the SELECT whose rows are audited; only counts per group and score bin leave the database" };

    /// <summary>--reference-query: the SELECT of the reference rows, run in --source (drift).</summary>
    public static Option<string?> ReferenceQuery() =>
        new("--reference-query") { Description = "With --source: the SELECT of the reference rows, instead of --reference-data; only per-column summaries leave the database" };

    /// <summary>--current-query: the SELECT of the current rows, run in --source (drift).</summary>
    public static Option<string?> CurrentQuery() =>
        new("--current-query") { Description = "With --source: the SELECT of the current rows, instead of --current-data; only per-column summaries leave the database" };

    /// <summary>--score-bin-width: the score bin width of a push-down's or a site's summary.</summary>
    public static Option<double?> ScoreBinWidth() =>
        new("--score-bin-width") { Description = "Width of the summary's score bins, dividing 1: with --source and with a --data file of 1,000,000 rows or more (default 1e-4: the summary has at most cells x 4 x 10,000 rows; AUROC, AUPRC, Brier and ECE move by at most the ties within a bin) and with --summary-out (default 1e-6)" };

    /// <summary>--site-name: the site's name in its summary.</summary>
    public static Option<string?> SiteName() =>
        new("--site-name") { Description = "Name of this site in its --summary-out file (default: the (reference) data file's name without extension)" };

    /// <summary>--urls: where a service started by the command listens (vigil serve, vigil demo sepsis-monitoring).</summary>
    public static Option<string[]> Urls() =>
        new("--urls") { Description = $"Addresses the service listens on (default {DefaultUrl}: loopback only)", AllowMultipleArgumentsPerToken = true };

    // ---- outcome windows, volumes and the affected group (report, plan-study, mitigate, monitor) ---------

    /// <summary>--window-hours: the outcome window, one meaning for the monitor's registration and the study protocol.</summary>
    public static Option<double?> WindowHours() =>
        new("--window-hours") { Description = "Outcome window: a prediction is positive when its outcome falls within this many hours after it (e.g. 72)" };

    /// <summary>--label-delay-hours: how long after the window outcomes may still arrive.</summary>
    public static Option<double> LabelDelayHours() =>
        new("--label-delay-hours") { Description = "Hours after the outcome window closes that outcomes may still arrive before a prediction counts as negative", DefaultValueFactory = _ => 0 };

    /// <summary>--volume: patients a year in the population the output speaks for.</summary>
    public static Option<double?> Volume() =>
        new("--volume") { Description = "Patients a year in the population concerned: the deployed population (report; with --prevalence, missed cases a year) or the study site (plan-study --protocol)" };

    /// <summary>--group: the affected group the vignette, the study protocol or the mitigation recommendation is about.</summary>
    public static Option<string?> AffectedGroup() =>
        new("--group") { Description = "The affected group as attribute=group, e.g. age=>=65 (default: from --gate or --audit, the group whose FNR gap has the largest interval upper bound)" };

    // ---- the monitoring service and its client (docs/service.md) ------------------------------------

    /// <summary>The embedded store `vigil serve` uses when none is given.</summary>
    public const string DefaultStore = "sqlite:vigil-monitor.db";

    /// <summary>The address `vigil serve` listens on when none is given (loopback only).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5088";

    /// <summary>--url: the service a client command talks to.</summary>
    public static Option<string> Url(bool required = true) =>
        new("--url") { Description = $"The monitoring service's address, e.g. {DefaultUrl}", Required = required };

    /// <summary>--api-key: the caller's key; the environment variable is the way that keeps it out of shell history.</summary>
    public static Option<string?> ApiKey() =>
        new("--api-key") { Description = "API key for the service (default: the VIGIL_API_KEY environment variable; never printed)" };

    /// <summary>--store: the monitoring database.</summary>
    public static Option<string> Store(bool withDefault = false) =>
        withDefault
            ? new("--store") { Description = "The monitoring store: sqlite:PATH or postgres://user:password@host:port/db", DefaultValueFactory = _ => DefaultStore }
            : new("--store") { Description = "The monitoring store: sqlite:PATH or postgres://user:password@host:port/db" };

    /// <summary>--model-id: a registered model (--model is a model file).</summary>
    public static Option<string> ModelId(bool required = true) =>
        new("--model-id") { Description = "Registered model id, e.g. sepsis-early-warning", Required = required };

    /// <summary>--model-version: a registered model's version.</summary>
    public static Option<string?> ModelVersion(bool required = false) =>
        new("--model-version") { Description = "Registered model version (where optional: every version)", Required = required };

    /// <summary>--from: the start of a period (inclusive).</summary>
    public static Option<string?> From(bool required = false) =>
        new("--from") { Description = "Start of the period (inclusive), ISO 8601, e.g. 2026-03-01 or 2026-03-01T06:00:00Z", Required = required };

    /// <summary>--to: the end of a period (exclusive).</summary>
    public static Option<string?> To(bool required = false) =>
        new("--to") { Description = "End of the period (exclusive), ISO 8601", Required = required };

    // ---- evidence files (contract documents other commands wrote) ----------------------------------------
    // Each command words what it does with the file (the description is free); the flag is the concept.

    /// <summary>--audit: a vigil.audit/v2 file.</summary>
    public static Option<string?> AuditFile(string description = "Output of vigil audit --format json (vigil.audit/v2)") =>
        new("--audit") { Description = description };

    /// <summary>--data-audit: a vigil.data-audit/v2 file.</summary>
    public static Option<string?> DataAuditFile(string description = "Output of vigil data-audit --format json (vigil.data-audit/v2)") =>
        new("--data-audit") { Description = description };

    /// <summary>--drift: a vigil.drift/v2 file.</summary>
    public static Option<string?> DriftFile(string description = "Output of vigil drift --format json (vigil.drift/v2)") =>
        new("--drift") { Description = description };

    /// <summary>--validation: a vigil.validation/v2 file.</summary>
    public static Option<string?> ValidationFile(string description = "Output of vigil validate (validation.json, vigil.validation/v2)") =>
        new("--validation") { Description = description };

    /// <summary>--card: the card.yaml of docs/report.md.</summary>
    public static Option<string?> CardFile(string description = "card.yaml: the Model Card facts only people know (docs/report.md)") =>
        new("--card") { Description = description };

    /// <summary>--datasheet: the YAML with the narrative answers of a Datasheet for Datasets (data-audit, report).</summary>
    public static Option<string?> DatasheetFile(string description = "YAML with the narrative answers of a Datasheet for Datasets (Gebru et al.)") =>
        new("--datasheet") { Description = description };

    /// <summary>--policy: a governance policy file (YAML; docs/governance.md), for vigil gate and vigil monitor register.</summary>
    public static Option<string?> PolicyFile(string description = "The policy file (YAML; docs/governance.md)") =>
        new("--policy") { Description = description };

    /// <summary>--gate: vigil.gate/v1 files (vigil gate --format json), repeatable.</summary>
    public static Option<string[]> GateFiles(string description = "Output of vigil gate --format json (vigil.gate/v1); repeat for several decisions: a Safeguards section with their start and end") =>
        new("--gate") { Description = description, AllowMultipleArgumentsPerToken = false };

    // ---- checks ------------------------------------------------------------------------------------

    private static Option<double> Probability(Option<double> o)
    {
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v >= 0 && v <= 1)) r.AddError($"{o.Name} {v}: expected a number in [0, 1]");
        });
        return o;
    }

    private static Option<double?> ProbabilityOrNull(Option<double?> o)
    {
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v >= 0 && v <= 1)) r.AddError($"{o.Name} {v}: expected a number in [0, 1]");
        });
        return o;
    }

    private static Option<int?> NonNegativeOrNull(Option<int?> o)
    {
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v < 0) r.AddError($"{o.Name} {v}: expected a non-negative count");
        });
        return o;
    }

    private static Option<double> OpenUnit(Option<double> o)
    {
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v > 0 && v < 1)) r.AddError($"{o.Name} {v}: expected a number between 0 and 1");
        });
        return o;
    }

    private static Option<int> NonNegative(Option<int> o)
    {
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < 0) r.AddError($"{o.Name} {v}: expected a non-negative count");
        });
        return o;
    }

    private static Option<int> Resamples(Option<int> o)
    {
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v is < 0 or > MaxResamples) r.AddError($"{o.Name} {v}: expected 0 to {MaxResamples}");
        });
        return o;
    }
}
