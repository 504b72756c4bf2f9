using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScottPlot;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Labels;
using Vigil.Data;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;
using Vigil.Models.Learners;
using Vigil.Reporting.Charts;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil mitigate`: applies one bias mitigation (pre- or post-processing), fitted on a stratified training split and
/// evaluated before/after on the held-out split; writes mitigation.json (vigil.mitigation/v1), mitigation.md, the
/// mitigated data (mitigated.csv) and, with --sweep, pareto.svg. docs/mitigation.md.
/// </summary>
public static class MitigateCommand
{
    public const string Schema = "vigil.mitigation/v1";

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var method = new Option<string>("--method") { Description = $"Mitigation: {MitigationMethods.Names}", Required = true };
        var data = new Option<string>("--data") { Description = "CSV or Parquet file with labels, protected attribute and features or scores", Required = true };
        var label = new Option<string>("--label") { Description = "The true label column (binary)", Required = true };
        var positive = new Option<string>("--positive-label") { Description = "The label value that is positive (default: 1/true)" };
        var prot = new Option<string[]>("--protected")
        {
            Description = "Protected attribute column(s); several are combined into intersectional groups (A|B)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var privileged = new Option<string>("--privileged") { Description = "The privileged (reference) group for reject-option (default: the largest group)" };
        var score = new Option<string>("--score") { Description = "The model's score column (probability) for post-processing methods" };
        var features = new Option<string[]>("--features")
        {
            Description = "Feature columns (numeric, or text one-hot encoded) to train --model on; needed by pre-processing methods",
            AllowMultipleArgumentsPerToken = true,
        };
        var id = new Option<string>("--id") { Description = "A row identifier column copied into the mitigated data" };
        var model = new Option<string>("--model") { Description = "Learner for the features: logistic or lightgbm", DefaultValueFactory = _ => "logistic" };
        var constraint = new Option<string>("--constraint")
        {
            Description = "Targeted parity: demographic_parity, equalized_odds, true_positive_rate_parity, false_positive_rate_parity, " +
                          "true_negative_rate_parity, false_negative_rate_parity (threshold-optimizer; pre-processing: which disparity to report); " +
                          "exponentiated-gradient and grid-search: also error_rate_parity; " +
                          "reject-option: spd, aod or eod",
        };
        var objective = new Option<string>("--objective")
        {
            Description = "threshold-optimizer objective: accuracy_score, balanced_accuracy_score, selection_rate, true_positive_rate, true_negative_rate",
        };
        var gridSize = new Option<int>("--grid-size") { Description = "threshold-optimizer grid size", DefaultValueFactory = _ => 1000 };
        var flip = new Option<bool>("--flip") { Description = "threshold-optimizer: also consider reversed thresholds" };
        var repair = new Option<double>("--repair-level") { Description = "di-remover repair level in [0, 1]", DefaultValueFactory = _ => 1.0 };
        var alpha = new Option<double>("--alpha") { Description = "correlation-remover alpha in [0, 1]", DefaultValueFactory = _ => 1.0 };
        var cost = new Option<string>("--cost-constraint") { Description = "calibrated-eq-odds: fnr, fpr or weighted", DefaultValueFactory = _ => "weighted" };
        var eps = new Option<double?>("--eps")
        {
            Description = "reject-option: keep the metric within [-eps, eps] (default 0.05); exponentiated-gradient: difference bound (default 0.01)",
        };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for evaluation", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the learner, randomized predictions and the bootstrap", DefaultValueFactory = _ => 42 };
        var threshold = new Option<double>("--threshold") { Description = "Decision threshold on scores", DefaultValueFactory = _ => 0.5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the disparity intervals", DefaultValueFactory = _ => 1000 };
        var tolerance = new Option<double>("--levelling-tolerance")
        {
            Description = "Flag levelling down when a group's sensitivity falls by more than this",
            DefaultValueFactory = _ => 0.02,
        };
        var deterministic = new Option<bool>("--deterministic")
        {
            Description = "exponentiated-gradient: use the best single classifier instead of the randomized one",
        };
        var sweep = new Option<bool>("--sweep") { Description = "Also sweep the method's parameter (repair level, alpha, eps, cost constraint) and chart the Pareto set" };
        var output = new Option<string>("--out") { Description = "Output directory", Required = true };

        var cmd = new Command("mitigate", "Apply a bias mitigation and compare before/after on held-out data");
        foreach (var o in new Option[] { method, data, label, positive, prot, privileged, score, features, id, model, constraint, objective, gridSize, flip, repair, alpha,
                     cost, eps, testFraction, seed, threshold, bootstrap, tolerance, deterministic, sweep, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var settings = new MitigationSettings(
                parse.GetValue(method)!,
                parse.GetValue(constraint),
                parse.GetValue(objective),
                parse.GetValue(repair),
                parse.GetValue(alpha),
                parse.GetValue(cost) ?? "weighted",
                parse.GetValue(eps),
                parse.GetValue(gridSize),
                parse.GetValue(flip),
                parse.GetValue(model) ?? "logistic",
                parse.GetValue(testFraction),
                parse.GetValue(seed),
                parse.GetValue(sweep),
                parse.GetValue(bootstrap),
                parse.GetValue(tolerance),
                parse.GetValue(threshold),
                parse.GetValue(deterministic));
            var request = new Request(parse.GetValue(data)!, parse.GetValue(label)!, parse.GetValue(positive), OptionParsing.List(parse.GetValue(prot)),
                parse.GetValue(privileged), parse.GetValue(score), OptionParsing.List(parse.GetValue(features)), parse.GetValue(id), parse.GetValue(output)!);
            var files = Run(request, settings);
            foreach (var f in files) io.Err.WriteLine($"vigil: wrote {f}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>The data-side arguments.</summary>
    public sealed record Request(string Data, string Label, string? PositiveLabel, IReadOnlyList<string> Protected, string? Privileged, string? Score,
        IReadOnlyList<string> Features, string? Id, string Out);

    /// <summary>Loads, runs and writes every output; returns the files written.</summary>
    public static IReadOnlyList<string> Run(Request request, MitigationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var info = MitigationMethods.Find(settings.Method); // unknown method: usage error before reading anything
        if (request.Protected.Count == 0) throw VigilException.Usage("--protected needs at least one column");
        foreach (var f in request.Features)
            if (request.Protected.Contains(f))
                throw VigilException.Usage($"--features lists the protected attribute '{f}'; the mitigations take it from --protected");
        if (settings.BootstrapReplicates < 0) throw VigilException.Usage("--bootstrap: expected a number >= 0");

        using var source = TabularSource.Open(request.Data);
        var (input, idValues, positive) = Load(source, request, info);
        var result = MitigationRunner.Run(input, settings);

        var dir = request.Out;
        var written = new List<string>();
        string? chart = null;
        if (result.Sweep is { Count: > 0 })
        {
            chart = Path.Combine(dir, "pareto.svg");
            AtomicFile.WriteAllText(chart, ParetoSvg(result));
            written.Add(chart);
        }
        var csv = Path.Combine(dir, "mitigated.csv");
        AtomicFile.WriteAllText(csv, MitigatedCsv(result, input, request, idValues));
        written.Add(csv);
        var json = Path.Combine(dir, "mitigation.json");
        AtomicFile.WriteAllText(json, Json(result, input, request, settings, positive, chart is null ? null : "pareto.svg"));
        written.Add(json);
        var md = Path.Combine(dir, "mitigation.md");
        AtomicFile.WriteAllText(md, Markdown(result, request, chart is null ? null : "pareto.svg"));
        written.Add(md);
        return written;
    }

    private static (MitigationInput Input, string[]? Ids, string Positive) Load(TabularSource source, Request r, MethodInfo info)
    {
        var requests = new List<ColumnRequest> { new(r.Label, "--label", ColumnKind.Categorical, 100, "a binary outcome, or one value named by --positive-label") };
        foreach (var p in r.Protected) requests.Add(new ColumnRequest(p, "--protected", ColumnKind.Categorical));
        if (r.Score is not null) requests.Add(new ColumnRequest(r.Score, "--score", ColumnKind.Numeric));
        var numericFeatures = new List<string>();
        var textFeatures = new List<string>();
        foreach (var f in r.Features)
        {
            source.RequireColumn(f, "--features");
            if (source.FirstNonNumeric(f) is null) numericFeatures.Add(f);
            else textFeatures.Add(f);
        }
        foreach (var f in numericFeatures) requests.Add(new ColumnRequest(f, "--features", ColumnKind.Numeric));
        foreach (var f in textFeatures) requests.Add(new ColumnRequest(f, "--features", ColumnKind.Categorical, TabularSource.MaxCategoricalLevels, "a text feature with fewer levels"));
        if (r.Id is not null) requests.Add(new ColumnRequest(r.Id, "--id", ColumnKind.Categorical, (int)Math.Min(int.MaxValue - 2, source.RowCount + 1)));
        var read = source.Read(requests);
        if (source.RowCount == 0) throw VigilException.BadData($"{source.Path}: no rows (the file has only a header)");

        var labelColumn = (CategoricalColumn)read[0];
        if (labelColumn.Missing > 0)
            throw VigilException.BadData($"{source.Path}: column '{r.Label}' (--label) is missing in {labelColumn.Missing} rows; drop them or record the outcome first");
        var (labels, positive) = Binary(source.Path, labelColumn, r.PositiveLabel);
        var anyPos = Array.IndexOf(labels, true) >= 0;
        var anyNeg = Array.IndexOf(labels, false) >= 0;
        if (!anyPos || !anyNeg)
            throw VigilException.BadData(
                $"{source.Path}: column '{r.Label}' (--label) holds only {(anyPos ? "positive" : "negative")} labels; {info.Name} needs both classes to fit and evaluate");

        // Groups: one attribute, or the intersection of several ("A|B").
        var n = labels.Length;
        var keys = new string[n];
        for (var k = 0; k < r.Protected.Count; k++)
        {
            var column = (CategoricalColumn)read[1 + k];
            for (var i = 0; i < n; i++)
            {
                var level = column.Codes[i] < 0 ? AuditLoader.MissingLevel : column.Levels[column.Codes[i]];
                keys[i] = k == 0 ? level : keys[i] + "|" + level;
            }
        }
        var names = keys.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var index = names.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var groups = new int[n];
        for (var i = 0; i < n; i++) groups[i] = index[keys[i]];
        var grouped = new GroupedLabels(groups, names, labels);
        int privileged;
        if (r.Privileged is not null)
        {
            privileged = Array.IndexOf(names, r.Privileged);
            if (privileged < 0)
                throw VigilException.Usage($"--privileged '{r.Privileged}': no such group in '{string.Join("|", r.Protected)}'; groups: {string.Join(", ", names)}");
        }
        else
        {
            var (rows, _) = grouped.Counts();
            privileged = Array.IndexOf(rows, rows.Max());
        }

        var at = 1 + r.Protected.Count;
        double[]? scores = null;
        if (r.Score is not null)
        {
            scores = ((NumericColumn)read[at++]).Values;
            for (var i = 0; i < scores.Length; i++)
                if (!double.IsFinite(scores[i]))
                    throw VigilException.BadData($"{source.Path}: column '{r.Score}' (--score) is missing or not a number at {source.RowName(i)}");
            if (info.Name == MitigationMethods.CalibratedEqOdds)
                for (var i = 0; i < scores.Length; i++)
                    if (scores[i] is < 0 or > 1)
                        throw VigilException.BadData($"{source.Path}: column '{r.Score}' (--score) must hold probabilities in [0, 1] for calibrated-eq-odds; {source.RowName(i)} has {scores[i].ToString("R", CultureInfo.InvariantCulture)}");
        }
        FeatureMatrix? matrix = null;
        if (r.Features.Count > 0)
        {
            var numeric = new List<NumericFeature>();
            foreach (var f in numericFeatures)
            {
                var values = ((NumericColumn)read[at++]).Values;
                if (Array.TrueForAll(values, double.IsNaN))
                    throw VigilException.BadData($"{source.Path}: feature column '{f}' is missing in every row");
                numeric.Add(new NumericFeature(f, values));
            }
            var text = new List<TextFeature>();
            foreach (var f in textFeatures)
            {
                var c = (CategoricalColumn)read[at++];
                text.Add(new TextFeature(f, c.Codes.Select(code => code < 0 ? null : c.Levels[code]).ToArray()));
            }
            matrix = FeatureMatrix.FromColumns(numeric, text);
        }
        string[]? ids = null;
        if (r.Id is not null)
        {
            var c = (CategoricalColumn)read[at];
            ids = c.Codes.Select(code => code < 0 ? "" : c.Levels[code]).ToArray();
        }
        return (new MitigationInput(grouped, privileged, scores, matrix), ids, positive);
    }

    private static (bool[] Labels, string Positive) Binary(string path, CategoricalColumn column, string? positiveLabel)
    {
        var coding = LabelEncoding.Encode(column.Levels, positiveLabel, $"{path}: column '{column.Name}' (--label)");
        return (coding.ToBooleans(column.Codes), coding.Positive);
    }

    // ---------- outputs ----------

    private static string Json(MitigationResult r, MitigationInput input, Request request, MitigationSettings s, string positive, string? chart) =>
        JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            w.WriteStartObject("input");
            w.WriteString("data", request.Data);
            w.WriteNumber("rows", input.Data.Count);
            w.WriteString("label", request.Label);
            w.WriteString("positive_label", positive);
            w.WriteString("protected", string.Join("|", request.Protected));
            w.WriteStartArray("groups");
            foreach (var g in input.Data.GroupNames) w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteString("privileged_group", input.Data.GroupNames[input.Privileged]);
            if (request.Score is null) w.WriteNull("score");
            else w.WriteString("score", request.Score);
            w.WriteStartArray("features");
            foreach (var f in request.Features) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteNumber("feature_columns", input.Features?.Columns ?? 0);
            w.WriteEndObject();

            w.WriteStartObject("method");
            w.WriteString("name", r.Method.Name);
            w.WriteString("stage", r.Method.Stage);
            w.WriteString("reference", r.Method.Reference);
            w.WriteBoolean("needs_protected_attribute_at_prediction", r.Method.NeedsProtectedAttributeAtPrediction);
            w.WriteBoolean("randomized", r.Method.Randomized);
            w.WriteEndObject();

            var options = (JsonObject)r.Options.DeepClone();
            options["model"] = s.Learner;
            options["seed"] = s.Seed;
            options["test_fraction"] = s.TestFraction;
            options["threshold"] = s.Threshold;
            options["bootstrap_replicates"] = s.BootstrapReplicates;
            options["levelling_tolerance"] = s.LevellingTolerance;
            w.WritePropertyName("options");
            options.WriteTo(w);

            w.WriteStartObject("split");
            w.WriteNumber("train_rows", r.TrainRows);
            w.WriteNumber("test_rows", r.TestRows);
            w.WriteString("stratified_by", "group x label");
            w.WriteNumber("seed", s.Seed);
            w.WriteEndObject();
            w.WriteString("score_source", r.ScoreSource);

            w.WriteStartObject("targeted_disparity");
            w.WriteString("name", r.Targeted.Name);
            w.WriteMetric("before", r.Targeted.Before);
            w.WriteMetric("after", r.Targeted.After);
            w.WriteMetric("change", r.Targeted.Change);
            w.WriteNumber("bootstrap_replicates", r.Targeted.Replicates);
            w.WriteEndObject();

            w.WriteStartObject("disparities");
            foreach (var (name, (b, a)) in r.Disparities)
            {
                w.WriteStartObject(name);
                w.WriteNumberOrNull("before", b);
                w.WriteNumberOrNull("after", a);
                w.WriteEndObject();
            }
            w.WriteEndObject();

            WritePerformance(w, "before", r.Before);
            WritePerformance(w, "after", r.After);

            w.WriteStartObject("safety");
            w.WriteBoolean("levelling_down", r.LevellingDown);
            w.WriteNumber("levelling_tolerance", s.LevellingTolerance);
            w.WriteStartArray("worse_off");
            foreach (var x in r.WorseOff)
            {
                w.WriteStartObject();
                w.WriteString("group", x.Group);
                w.WriteString("metric", x.Metric);
                w.WriteNumber("before", x.Before);
                w.WriteNumber("after", x.After);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteBoolean("needs_protected_attribute_at_prediction", r.Method.NeedsProtectedAttributeAtPrediction);
            w.WriteBoolean("randomized", r.Method.Randomized);
            w.WriteEndObject();

            w.WriteStartArray("warnings");
            foreach (var x in r.Warnings) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var x in r.Notes) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WritePropertyName("details");
            r.Details.WriteTo(w);

            if (r.Sweep is null)
            {
                w.WriteNull("sweep");
            }
            else
            {
                w.WriteStartObject("sweep");
                w.WriteString("parameter", r.Sweep.Count > 0 ? r.Sweep[0].Parameter : r.Method.SweepParameter);
                w.WriteString("disparity", r.Targeted.Name);
                w.WriteStartArray("points");
                foreach (var p in r.Sweep)
                {
                    w.WriteStartObject();
                    w.WriteNumber("value", p.Value);
                    w.WriteString("label", p.Label);
                    w.WriteNumberOrNull("disparity", p.Disparity);
                    w.WriteNumber("error", p.Error);
                    w.WriteNumberOrNull("balanced_accuracy", p.BalancedAccuracy);
                    w.WriteBoolean("pareto_optimal", p.ParetoOptimal);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("pareto");
                foreach (var p in r.Sweep.Where(p => p.ParetoOptimal)) w.WriteStringValue(p.Label);
                w.WriteEndArray();
                if (chart is null) w.WriteNull("chart");
                else w.WriteString("chart", chart);
                w.WriteEndObject();
            }

            w.WriteStartObject("outputs");
            w.WriteString("json", "mitigation.json");
            w.WriteString("markdown", "mitigation.md");
            w.WriteString("data", "mitigated.csv");
            if (chart is null) w.WriteNull("chart");
            else w.WriteString("chart", chart);
            w.WriteEndObject();
        });

    private static void WritePerformance(Utf8JsonWriter w, string name, Performance p)
    {
        w.WriteStartObject(name);
        w.WritePropertyName("overall");
        WriteGroup(w, p.Overall);
        w.WriteStartArray("by_group");
        foreach (var g in p.ByGroup) WriteGroup(w, g);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, GroupPerformance g)
    {
        w.WriteStartObject();
        w.WriteString("group", g.Group);
        w.WriteNumber("n", g.N);
        w.WriteNumber("positives", g.Positives);
        w.WriteMetric("accuracy", g.Accuracy);
        w.WriteMetric("balanced_accuracy", g.BalancedAccuracy);
        w.WriteMetric("auroc", g.Auroc);
        w.WriteMetric("sensitivity", g.Sensitivity);
        w.WriteMetric("specificity", g.Specificity);
        w.WriteMetric("selection_rate", g.SelectionRate);
        w.WriteEndObject();
    }

    private static string MitigatedCsv(MitigationResult r, MitigationInput input, Request request, string[]? ids)
    {
        var sb = new StringBuilder();
        var rows = r.Rows;
        var header = new List<string> { "row" };
        if (ids is not null) header.Add(Csv(request.Id!));
        header.Add("group");
        header.Add("label");
        header.Add("split");
        if (rows.Weight is not null) header.Add("weight");
        header.Add("score_before");
        header.Add("prediction_before");
        if (rows.ScoreAfter is not null) header.Add("score_after");
        if (rows.ProbabilityAfter is not null) header.Add("probability_after");
        header.Add("prediction_after");
        sb.Append(string.Join(',', header)).Append('\n');
        var d = input.Data;
        for (var i = 0; i < d.Count; i++)
        {
            sb.Append((i + 1).ToString(CultureInfo.InvariantCulture));
            if (ids is not null) sb.Append(',').Append(Csv(ids[i]));
            sb.Append(',').Append(Csv(d.GroupNames[d.Groups[i]]));
            sb.Append(',').Append(d.Labels[i] ? '1' : '0');
            sb.Append(',').Append(rows.IsTest[i] ? "test" : "train");
            if (rows.Weight is not null) sb.Append(',').Append(rows.Weight[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.ScoreBefore[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.PredictionBefore[i] ? '1' : '0');
            if (rows.ScoreAfter is not null) sb.Append(',').Append(rows.ScoreAfter[i].ToString("R", CultureInfo.InvariantCulture));
            if (rows.ProbabilityAfter is not null) sb.Append(',').Append(rows.ProbabilityAfter[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.PredictionAfter[i] ? '1' : '0');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string F(double? v, string format = "0.000") => v is double x ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string M(Metric m) =>
        m.Value is double v
            ? v.ToString("0.000", CultureInfo.InvariantCulture) + (m.Ci is { } ci ? $" ({F(ci.Low)}–{F(ci.High)})" : "")
            : "–";

    /// <summary>The before/after table (Markdown), also used in the examples' READMEs.</summary>
    public static string Markdown(MitigationResult r, Request request, string? chart)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(request);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Mitigation: {r.Method.Name} ({r.Method.Stage})\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Data `{Path.GetFileName(request.Data)}`, label `{request.Label}`, protected `{string.Join("|", request.Protected)}`; ");
        sb.Append(CultureInfo.InvariantCulture, $"fitted on {r.TrainRows} training rows, evaluated on {r.TestRows} held-out rows (stratified by group × label). ");
        sb.Append(CultureInfo.InvariantCulture, $"Model before: {r.ScoreSource}. Reference: {r.Method.Reference}.\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Targeted disparity ({r.Targeted.Name})**: {M(r.Targeted.Before)} before, {M(r.Targeted.After)} after; ");
        sb.Append(CultureInfo.InvariantCulture, $"change {M(r.Targeted.Change)} (95% paired bootstrap intervals, {r.Targeted.Replicates} resamples).\n\n");
        sb.Append("| Group | n | Accuracy | Balanced accuracy | AUROC | Sensitivity | Specificity | Selection rate |\n");
        sb.Append("|---|---:|---|---|---|---|---|---|\n");
        var groups = new List<(GroupPerformance B, GroupPerformance? A)> { (r.Before.Overall, r.After.Overall) };
        groups.AddRange(r.Before.ByGroup.Select(b => (b, r.After.Group(b.Group))));
        foreach (var (b, a) in groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {b.Group} | {b.N} | {Pair(b.Accuracy, a?.Accuracy)} | {Pair(b.BalancedAccuracy, a?.BalancedAccuracy)} | ");
            sb.Append(CultureInfo.InvariantCulture, $"{Pair(b.Auroc, a?.Auroc)} | {Pair(b.Sensitivity, a?.Sensitivity)} | {Pair(b.Specificity, a?.Specificity)} | ");
            sb.Append(CultureInfo.InvariantCulture, $"{Pair(b.SelectionRate, a?.SelectionRate)} |\n");
        }
        sb.Append("\nEach cell: before → after on the held-out rows.\n\n");
        sb.Append("| Disparity (max − min over groups) | Before | After |\n|---|---:|---:|\n");
        foreach (var (name, (b, a)) in r.Disparities) sb.Append(CultureInfo.InvariantCulture, $"| {name} | {F(b)} | {F(a)} |\n");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"- Levelling down: **{(r.LevellingDown ? "yes" : "no")}**");
        if (r.WorseOff.Count > 0)
            sb.Append(" (worse off: " + string.Join("; ", r.WorseOff.Select(w => $"{w.Group} {w.Metric} {F(w.Before)} → {F(w.After)}")) + ")");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"- Needs the protected attribute at prediction time: **{(r.Method.NeedsProtectedAttributeAtPrediction ? "yes" : "no")}**\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Randomized (same patient, possibly different answers): **{(r.Method.Randomized ? "yes" : "no")}**\n");
        foreach (var x in r.Warnings) sb.Append(CultureInfo.InvariantCulture, $"- Warning: {x}\n");
        foreach (var x in r.Notes) sb.Append(CultureInfo.InvariantCulture, $"- Note: {x}\n");
        if (r.Sweep is { Count: > 0 })
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n## Sweep over {r.Sweep[0].Parameter}\n\n| {r.Sweep[0].Parameter} | {r.Targeted.Name} | Error | Balanced accuracy | Pareto-optimal |\n|---|---:|---:|---:|---|\n");
            foreach (var p in r.Sweep)
                sb.Append(CultureInfo.InvariantCulture, $"| {p.Label} | {F(p.Disparity)} | {F(p.Error)} | {F(p.BalancedAccuracy)} | {(p.ParetoOptimal ? "yes" : "")} |\n");
            if (chart is not null) sb.Append(CultureInfo.InvariantCulture, $"\n![Disparity against error]({chart})\n");
        }
        return sb.ToString();
    }

    private static string Pair(Metric b, Metric? a) => $"{F(b.Value)} → {F(a?.Value)}";

    /// <summary>Disparity (x) against error (y) of every sweep point; the Pareto-optimal ones joined by a line.</summary>
    private static string ParetoSvg(MitigationResult r)
    {
        var points = r.Sweep!;
        var plot = new Plot();
        var title = $"{r.Method.Name}: disparity against error ({points[0].Parameter} sweep)";
        plot.Title(title);
        plot.XLabel($"{r.Targeted.Name} (held-out)");
        plot.YLabel("error = 1 − accuracy (held-out)");
        var all = points.Where(p => p.Disparity is not null).ToList();
        var others = all.Where(p => !p.ParetoOptimal).ToList();
        var front = all.Where(p => p.ParetoOptimal).OrderBy(p => p.Disparity).ToList();
        if (others.Count > 0)
        {
            var sc = plot.Add.ScatterPoints(others.Select(p => p.Disparity!.Value).ToArray(), others.Select(p => p.Error).ToArray());
            sc.Color = OkabeIto.At(1);
            sc.MarkerSize = 9;
            sc.MarkerShape = MarkerShape.OpenCircle;
            sc.LegendText = "dominated";
        }
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(front.Select(p => p.Disparity!.Value).ToArray(), front.Select(p => p.Error).ToArray());
            line.Color = OkabeIto.At(4);
            line.MarkerSize = 10;
            line.MarkerShape = MarkerShape.FilledSquare;
            line.LineWidth = 2;
            line.LegendText = "Pareto-optimal";
        }
        foreach (var p in all)
        {
            var text = plot.Add.Text(p.Label, p.Disparity!.Value, p.Error);
            text.LabelFontSize = 11;
            text.LabelOffsetX = 6;
            text.LabelOffsetY = -6;
        }
        plot.ShowLegend(Alignment.UpperRight);
        var description = $"Scatter plot of {r.Targeted.Name} (x) against error (y) for each {points[0].Parameter}; Pareto-optimal points joined. " +
                          string.Join("; ", all.Select(p => $"{p.Label}: disparity {F(p.Disparity)}, error {F(p.Error)}{(p.ParetoOptimal ? " (Pareto)" : "")}")) + ".";
        return SvgAccessibility.Build("pareto.svg", "mitigation-pareto", title, description, plot.GetSvgXml(640, 440)).Svg + "\n";
    }
}
