using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Data;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil drift`: per-column drift tests with Evidently 0.2.8's defaults, dataset drift, optional per-group drift
/// (--by) and a multivariate domain classifier (--domain-classifier). docs/drift.md and docs/drift-json.md.
/// </summary>
public static class DriftCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var reference = new Option<string>("--reference") { Description = "Reference (baseline) CSV or Parquet file", Required = true };
        var current = new Option<string>("--current") { Description = "Current CSV or Parquet file to compare with the reference", Required = true };
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
        var by = new Option<string>("--by") { Description = "Also compare the columns within each value of this column (reference group g vs current group g)" };
        var score = new Option<string>("--score") { Description = "The model's score column (reported with role 'score': prediction drift)" };
        var label = new Option<string>("--label") { Description = "The true label column (reported with role 'label': prevalence drift)" };
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
        var format = new Option<string>("--format") { Description = "table, json or markdown", DefaultValueFactory = _ => "table" };
        var output = new Option<string>("--out") { Description = "Write the result to this file (atomically) instead of standard output" };

        var cmd = new Command("drift", "Compare current data with reference data column by column (Evidently's tests), within groups, and jointly");
        foreach (var o in new Option[] { reference, current, columns, tests, columnTest, by, score, label, driftShare, stream, detector, domain, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var request = new DriftRequest(
                parse.GetValue(reference)!,
                parse.GetValue(current)!,
                SplitList(parse.GetValue(columns)),
                parse.GetValue(tests) ?? "auto",
                SplitList(parse.GetValue(columnTest)),
                parse.GetValue(by),
                parse.GetValue(score),
                parse.GetValue(label),
                parse.GetValue(driftShare),
                parse.GetValue(domain),
                parse.GetValue(stream),
                SplitList(parse.GetValue(detector)));
            var fmt = ParseFormat(parse.GetValue(format));
            var report = Run(request);
            var text = fmt switch
            {
                OutputFormat.Json => DriftJsonWriter.Render(report),
                OutputFormat.Markdown => DriftMarkdownWriter.Render(report),
                _ => DriftTableWriter.Render(report),
            };
            Emitter.Emit(io, parse.GetValue(output), text);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>Everything the command line asked for.</summary>
    public sealed record DriftRequest(
        string Reference, string Current, IReadOnlyList<string> Columns, string Tests, IReadOnlyList<string> ColumnTests,
        string? By, string? Score, string? Label, double DriftShare, bool DomainClassifier, string? Stream = null,
        IReadOnlyList<string>? Detectors = null);

    /// <summary>Reads both files and computes the report (no output).</summary>
    public static DriftReport Run(DriftRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DriftShare is <= 0 or > 1 || double.IsNaN(request.DriftShare))
            throw VigilException.Usage($"--drift-share: {request.DriftShare.ToString(CultureInfo.InvariantCulture)} is not in (0, 1]");
        var selection = TestSelection.Parse(request.Tests);
        var detectors = Core.Drift.Sequential.DetectorSettings.Parse(request.Detectors ?? []);
        if (request.Detectors is { Count: > 0 } && string.IsNullOrEmpty(request.Stream))
            throw VigilException.Usage("--detector needs --stream COLUMN");
        var overrides = ParseOverrides(request.ColumnTests);

        using var reference = TabularSource.Open(request.Reference);
        using var current = TabularSource.Open(request.Current);
        var wanted = new List<string>(request.Columns);
        if (wanted.Count > 0)
        {
            foreach (var role in new[] { request.Score, request.Label })
                if (!string.IsNullOrEmpty(role) && !wanted.Contains(role)) wanted.Add(role);
        }
        var exclude = string.IsNullOrEmpty(request.By) ? [] : new[] { request.By };
        var data = DriftInputLoader.Load(reference, current, wanted, exclude);
        var names = data.Select(d => d.Name).ToList();
        foreach (var (column, chosen) in overrides)
        {
            var match = data.FirstOrDefault(d => d.Name == column)
                        ?? throw VigilException.Usage($"--column-test: no column '{column}' among the compared columns ({string.Join(", ", names)})");
            if (!chosen.Test.AppliesTo(match.Type))
                throw VigilException.Usage(
                    $"--column-test: '{chosen.Test.Name}' does not apply to {match.Type.ToString().ToLowerInvariant()} column '{column}'");
        }
        var roles = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.Score)) roles[request.Score] = ColumnRole.Score;
        if (!string.IsNullOrEmpty(request.Label)) roles[request.Label] = ColumnRole.Label;
        foreach (var role in roles.Keys)
            if (!names.Contains(role))
                throw VigilException.Usage($"--score/--label: column '{role}' is the --by column or not compared");

        var options = new DriftOptions(selection, overrides, request.DriftShare);
        var overall = DriftAnalysis.Run(names, i => data[i].Samples(), options);
        var grouped = string.IsNullOrEmpty(request.By) ? null : DriftGroups.Run(reference, current, request.By, data, options);
        var multivariate = request.DomainClassifier
            ? Models.DomainClassifier.Run(DriftDomainFeatures.From(data), new Models.DomainClassifierOptions())
            : null;
        var monitoring = string.IsNullOrEmpty(request.Stream) ? null : RunStream(reference, current, request.Stream, detectors);
        return new DriftReport(request.Reference, reference.RowCount, request.Current, current.RowCount, request.Tests,
            overall, roles, grouped, multivariate, monitoring);
    }

    private static Core.Drift.Sequential.StreamMonitoring RunStream(TabularSource reference, TabularSource current, string column,
        Core.Drift.Sequential.DetectorSettings settings)
    {
        var r = reference.ReadNumeric(column, "--stream");
        var c = current.ReadNumeric(column, "--stream");
        return Core.Drift.Sequential.StreamMonitor.Run(column, r.Values, c.Values, settings);
    }

    private static Dictionary<string, ColumnTestOverride> ParseOverrides(IReadOnlyList<string> specs)
    {
        var result = new Dictionary<string, ColumnTestOverride>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.LastIndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1)
                throw VigilException.Usage($"--column-test: '{spec}' is not COLUMN=TEST[:THRESHOLD]");
            var column = spec[..eq];
            var rest = spec[(eq + 1)..];
            double? threshold = null;
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                if (!double.TryParse(rest[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t))
                    throw VigilException.Usage($"--column-test: threshold in '{spec}' is not a number");
                threshold = t;
                rest = rest[..colon];
            }
            var test = StatTestCatalog.Find(rest)
                       ?? throw VigilException.Usage($"--column-test: unknown test '{rest}' in '{spec}'; expected one of: {StatTestCatalog.Names}");
            result[column] = new ColumnTestOverride(test, threshold);
        }
        return result;
    }

    private static List<string> SplitList(string[]? values)
    {
        var list = new List<string>();
        if (values is null) return list;
        foreach (var v in values)
        foreach (var part in v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!list.Contains(part)) list.Add(part);
        return list;
    }

    private static OutputFormat ParseFormat(string? value) => value?.ToLowerInvariant() switch
    {
        null or "table" => OutputFormat.Table,
        "json" => OutputFormat.Json,
        "markdown" or "md" => OutputFormat.Markdown,
        _ => throw VigilException.Usage($"--format: '{value}' is not one of table, json, markdown"),
    };
}
