using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Scan;
using Vigil.Data;
using Vigil.Reporting.Audit;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil scan`: hidden stratification, the subgroups (conjunctions of up to --max-order attribute values) whose
/// error rate is significantly higher than the rest, by MDSS or an exhaustive scan (vigil.scan/v1, docs/scan.md).
/// </summary>
public static class ScanCommand
{
    public const string Schema = "vigil.scan/v1";

    /// <summary>Where the scan's data came from, for the "input" block.</summary>
    public sealed record ScanInputInfo(string File, string Label, string PositiveLabel, string? Score, string? Prediction, double? Threshold,
        IReadOnlyList<Bands> Bands, IReadOnlyList<string> Notes);

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = new Option<string>("--data") { Description = "CSV (comma, semicolon or tab; optionally .gz; '?' and empty are missing) or Parquet file", Required = true };
        var label = new Option<string>("--label") { Description = "Column with the true outcome", Required = true };
        var score = new Option<string?>("--score") { Description = "Column with the predicted probability in [0, 1]" };
        var threshold = new Option<double>("--threshold") { Description = "A prediction is positive when score >= threshold", DefaultValueFactory = _ => 0.5 };
        var prediction = new Option<string?>("--prediction") { Description = "Column with 0/1 predictions (instead of --score)" };
        var positiveLabel = new Option<string?>("--positive-label") { Description = "Label value of the positive class (other values are negative)" };
        var attributes = new Option<string[]>("--attributes") { Description = "Attributes that define subgroups, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true };
        var bands = new Option<string[]>("--bands") { Description = "Band a numeric attribute: age=45,65 gives <45, 45-64, >=65", AllowMultipleArgumentsPerToken = true };
        var metric = new Option<string>("--metric") { Description = "fnr (missed positives), fpr (false alarms), error or selection (positive predictions)", DefaultValueFactory = _ => "fnr" };
        var maxOrder = new Option<int>("--max-order") { Description = "At most this many attributes per subgroup", DefaultValueFactory = _ => 3 };
        var method = new Option<string>("--method") { Description = "mdss (multi-dimensional subset scan) or exhaustive (every conjunction, adjusted p-values)", DefaultValueFactory = _ => "mdss" };
        var minSize = new Option<int>("--min-size") { Description = "A subgroup needs at least this many records of the scanned population (e.g. positives for fnr)", DefaultValueFactory = _ => 30 };
        var top = new Option<int>("--top") { Description = "Report this many subgroups", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the restarts and the randomization test", DefaultValueFactory = _ => 20240601 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level", DefaultValueFactory = _ => 0.05 };
        var replicates = new Option<int>("--replicates") { Description = "mdss: replicates of the randomization test (0 = no p-values)", DefaultValueFactory = _ => 199 };
        var restarts = new Option<int>("--restarts") { Description = "mdss: random restarts of the coordinate ascent", DefaultValueFactory = _ => 10 };
        var adjust = new Option<string>("--adjust") { Description = "exhaustive: holm (family-wise error) or bh (Benjamini-Hochberg false discovery rate)", DefaultValueFactory = _ => "holm" };
        var minCell = new Option<int>("--min-cell") { Description = "Subgroups with fewer rows are flagged small_cell", DefaultValueFactory = _ => 11 };
        var format = new Option<string?>("--format") { Description = "table, json or markdown (default: from the --out extension .json/.md, else table)" };
        var output = new Option<string?>("--out") { Description = "Write to this file (atomically) instead of standard output" };

        var cmd = new Command("scan", "Hidden stratification: subgroups of up to --max-order attributes whose error rate is significantly worse than the rest (MDSS or exhaustive).");
        foreach (var o in new Option[] { data, label, score, threshold, prediction, positiveLabel, attributes, bands, metric, maxOrder, method, minSize, top, seed, alpha, replicates, restarts, adjust, minCell, format, output })
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
            var t = parse.GetValue(threshold);
            if (!(t >= 0 && t <= 1)) throw VigilException.Usage($"--threshold {t.ToString(CultureInfo.InvariantCulture)}: expected a number in [0, 1]");
            var cell = parse.GetValue(minCell);
            if (cell < 0) throw VigilException.Usage($"--min-cell {cell}: expected a non-negative count");

            var attributeNames = OptionParsing.List(parse.GetValue(attributes));
            if (attributeNames.Count == 0) throw VigilException.Usage("--attributes needs at least one column");
            if (attributeNames.Distinct().Count() != attributeNames.Count) throw VigilException.Usage("--attributes names a column twice");
            var bandSpecs = (parse.GetValue(bands) ?? []).Select(Bands.Parse).ToList();
            foreach (var b in bandSpecs.Where(b => !attributeNames.Contains(b.Column)))
                throw VigilException.Usage($"--bands {b.Column}=...: '{b.Column}' is not among --attributes ({string.Join(", ", attributeNames)})");

            var options = new ScanOptions
            {
                Metric = ParseMetric(parse.GetValue(metric)),
                Method = ParseMethod(parse.GetValue(method)),
                MaxOrder = parse.GetValue(maxOrder),
                MinSize = parse.GetValue(minSize),
                Top = parse.GetValue(top),
                Seed = parse.GetValue(seed),
                Alpha = parse.GetValue(alpha),
                Replicates = parse.GetValue(replicates),
                Restarts = parse.GetValue(restarts),
                Adjustment = ParseAdjustment(parse.GetValue(adjust)),
                MinCell = cell,
            };
            if (options.MaxOrder < 1) throw VigilException.Usage($"--max-order {options.MaxOrder}: expected 1 or more attributes per subgroup");

            var dataPath = parse.GetValue(data)!;
            using var source = TabularSource.Open(dataPath);
            foreach (var a in attributeNames.Where(a => !source.Columns.Contains(a)))
                throw VigilException.Usage($"--attributes: {dataPath} has no column '{a}'; columns: {string.Join(", ", source.Columns)}");
            var columns = new AuditColumns(parse.GetValue(label)!, scoreColumn, predictionColumn, t, attributeNames, bandSpecs, parse.GetValue(positiveLabel));
            var (scanData, report) = AuditLoader.Load(source, columns);
            var result = ScanEngine.Run(scanData, options);
            var info = new ScanInputInfo(dataPath, columns.Label, report.PositiveLabel, scoreColumn, predictionColumn,
                scoreColumn is null ? null : t, bandSpecs, report.Notes);
            var rendered = outputFormat switch
            {
                OutputFormat.Json => RenderJson(result, info),
                OutputFormat.Markdown => RenderMarkdown(result, info),
                _ => RenderTable(result, info),
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

    private static string MethodName(ScanMethod m) => m == ScanMethod.Mdss ? "mdss" : "exhaustive";

    private static string AdjustmentName(PValueAdjustment a) => a == PValueAdjustment.Holm ? "holm" : "bh";

    /// <summary>vigil.scan/v1 (docs/scan.md).</summary>
    public static string RenderJson(ScanResult result, ScanInputInfo input)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(input);
        var o = result.Options;
        return JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            w.WriteStartObject("input");
            w.WriteString("file", input.File);
            w.WriteString("label", input.Label);
            w.WriteString("positive_label", input.PositiveLabel);
            WriteStringOrNull(w, "score", input.Score);
            WriteStringOrNull(w, "prediction", input.Prediction);
            w.WriteNumberOrNull("threshold", input.Threshold);
            w.WriteStartArray("attributes");
            foreach (var a in result.Attributes) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteStartObject("bands");
            foreach (var b in input.Bands)
            {
                w.WriteStartArray(b.Column);
                foreach (var e in b.Edges) w.WriteNumberValue(e);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("settings");
            w.WriteString("metric", ScanEngine.Name(result.Metric));
            w.WriteString("population", ScanEngine.Population(result.Metric));
            w.WriteString("method", MethodName(result.Method));
            w.WriteNumber("max_order", o.MaxOrder);
            w.WriteNumber("min_size", o.MinSize);
            w.WriteNumber("min_cell", o.MinCell);
            w.WriteNumber("top", o.Top);
            w.WriteNumber("seed", o.Seed);
            w.WriteNumber("alpha", o.Alpha);
            w.WriteNumber("confidence", o.Confidence);
            if (result.Method == ScanMethod.Mdss)
            {
                w.WriteNumber("restarts", o.Restarts);
                w.WriteNumber("replicates", o.Replicates);
                w.WriteString("p_value", o.Replicates > 0 ? "randomization" : "none");
                w.WriteNull("adjustment");
            }
            else
            {
                w.WriteNull("restarts");
                w.WriteNull("replicates");
                w.WriteString("p_value", "one-sided two-proportion z, or Fisher exact when a cell < 5");
                w.WriteString("adjustment", AdjustmentName(o.Adjustment));
            }
            w.WriteEndObject();

            w.WriteStartObject("overall");
            w.WriteNumber("rows", result.Rows);
            w.WriteNumber("positives", result.Positives);
            w.WriteNumber("population", result.Population);
            w.WriteNumber("events", result.Events);
            w.WriteMetric("rate", result.OverallRate);
            w.WriteNumber("cells", result.Cells);
            w.WriteEndObject();

            w.WriteStartObject("search");
            w.WriteNumber("candidates", result.Candidates);
            if (result.NullScores.Count > 0)
            {
                var sorted = result.NullScores.Order().ToArray();
                w.WriteStartObject("null_max_score");
                w.WriteNumber("replicates", sorted.Length);
                w.WriteNumber("mean", sorted.Average());
                w.WriteNumber("q95", Core.Statistics.Percentile.OfSorted(sorted, 0.95));
                w.WriteNumber("max", sorted[^1]);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("null_max_score");
            }
            w.WriteEndObject();

            w.WriteStartArray("subgroups");
            var rank = 1;
            foreach (var s in result.Subgroups)
            {
                w.WriteStartObject();
                w.WriteNumber("rank", rank++);
                w.WriteString("definition", s.Definition);
                w.WriteStartArray("conditions");
                foreach (var c in s.Conditions)
                {
                    w.WriteStartObject();
                    w.WriteString("attribute", c.Attribute);
                    w.WriteStartArray("values");
                    foreach (var v in c.Values) w.WriteStringValue(v);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("order", s.Conditions.Count);
                w.WriteNumber("rows", s.Rows);
                w.WriteNumber("positives", s.Positives);
                w.WriteNumber("population", s.Population);
                w.WriteNumber("events", s.Events);
                w.WriteMetric("rate", s.Rate);
                w.WriteMetric("complement_rate", s.ComplementRate);
                w.WriteNumber("score", s.Score);
                w.WriteNumberOrNull("odds_multiplier", s.OddsMultiplier);
                w.WriteNumberOrNull("p_value", s.PValue);
                WriteStringOrNull(w, "test", s.TestMethod);
                w.WriteNumberOrNull("adjusted_p_value", s.AdjustedPValue);
                w.WriteBoolean("significant", s.Significant);
                w.WriteBoolean("small_cell", s.SmallCell);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("notes");
            foreach (var note in input.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
        });
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static readonly string[] Headers = ["#", "subgroup", "rows", "pop.", "events", "rate (95% CI)", "rest", "score", "p", "adj. p", "flags"];

    private static string[] Row(int rank, ScanSubgroup s) =>
    [
        rank.ToString(CultureInfo.InvariantCulture),
        s.Definition,
        s.Rows.ToString(CultureInfo.InvariantCulture),
        s.Population.ToString(CultureInfo.InvariantCulture),
        s.Events.ToString(CultureInfo.InvariantCulture),
        RateText(s.Rate),
        s.ComplementRate.Value is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—",
        s.Score.ToString("0.00", CultureInfo.InvariantCulture),
        PText(s.PValue),
        PText(s.AdjustedPValue),
        string.Join(" ", new[] { s.Significant ? "significant" : null, s.SmallCell ? "small_cell" : null }.Where(f => f is not null)),
    ];

    private static string RateText(Metric m) =>
        m.Value is not { } v ? "—"
        : m.Ci is { } ci ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} ({ci.Low:0.000}-{ci.High:0.000})")
        : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string PText(double? p) =>
        p is not { } v ? "—" : v < 0.0001 ? "<0.0001" : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Headline(ScanResult r, ScanInputInfo input)
    {
        var inv = CultureInfo.InvariantCulture;
        var how = r.Method == ScanMethod.Mdss
            ? string.Create(inv, $"MDSS Bernoulli scan, {r.Options.Restarts} restarts, randomization test with {r.Options.Replicates} replicates")
            : string.Create(inv, $"exhaustive scan of {r.Candidates} conjunctions, one-sided tests, {AdjustmentName(r.Options.Adjustment)}-adjusted p-values");
        return string.Create(inv,
            $"Scan of {ScanEngine.Name(r.Metric)} in {input.File} by {string.Join(", ", r.Attributes)} (up to {r.Options.MaxOrder} at a time): {how}. " +
            $"Population: {ScanEngine.Population(r.Metric)}: {r.Population} records, {r.Events} events, rate {RateText(r.OverallRate)}.");
    }

    public static string RenderMarkdown(ScanResult result, ScanInputInfo input)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(input);
        static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append("# Vigil scan\n\n").Append(Escape(Headline(result, input))).Append("\n\n");
        // scan.md is shareable (docs/suppression.md): small counts in notes and rows are masked; the JSON keeps them.
        var min = result.Options.MinCell;
        foreach (var note in input.Notes) sb.Append("- Note: ").Append(Escape(SmallCellText.Mask(note, min))).Append('\n');
        if (input.Notes.Count > 0) sb.Append('\n');
        sb.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Headers.Select(_ => " --- |"))).Append('\n');
        var rank = 1;
        foreach (var s in result.Subgroups)
        {
            var row = Row(rank++, s);
            if (ComplementarySuppression.Primary(checked((int)s.Rows), checked((int)s.Population), min).Shown != CellShown.Exact)
                for (var c = 2; c <= 6; c++) row[c] = $"suppressed (fewer than {min})";
            sb.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");
        }
        sb.Append('\n');
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"rate = events / population of the subgroup (Wilson interval); rest = rate in the complement; score = Bernoulli log-likelihood ratio; small_cell = fewer than {result.Options.MinCell} rows.\n"));
        return sb.ToString();
    }

    public static string RenderTable(ScanResult result, ScanInputInfo input)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(input);
        var rows = new List<string[]> { Headers };
        var rank = 1;
        foreach (var s in result.Subgroups) rows.Add(Row(rank++, s));
        var widths = new int[Headers.Length];
        foreach (var r in rows)
            for (var c = 0; c < r.Length; c++) widths[c] = Math.Max(widths[c], r[c].Length);
        var sb = new StringBuilder();
        sb.Append(Headline(result, input)).Append('\n');
        foreach (var note in input.Notes) sb.Append("note: ").Append(note).Append('\n');
        sb.Append('\n');
        foreach (var r in rows)
        {
            for (var c = 0; c < r.Length; c++)
            {
                if (c > 0) sb.Append("  ");
                sb.Append(c == 1 ? r[c].PadRight(widths[c]) : r[c].PadLeft(widths[c]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
