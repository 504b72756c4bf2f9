using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Thresholds;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil train`: stratified k-fold out-of-fold scores, a threshold chosen on them, and the final model (ML.NET zip
/// and, where ML.NET can export it, ONNX). Writes DIR/predictions.csv, DIR/model.zip, DIR/model.onnx and
/// DIR/train.json (vigil.train/v1; docs/models.md).
/// </summary>
public static class TrainCommand
{
    public const string Schema = "vigil.train/v1";
    public const int DefaultSeed = 20261129;

    /// <summary>Options shared by train and validate.</summary>
    internal sealed record ModelOptions(
        Option<string> Label, Option<string[]> Features, Option<string[]> Categorical, Option<string?> PositiveLabel, Option<string> Model,
        Option<int> Folds, Option<int> Seed, Option<string> Threshold)
    {
        public static ModelOptions Create(bool labelRequired = true) => new(
            new Option<string>("--label") { Description = "Column with the true outcome (0/1, or see --positive-label)", Required = labelRequired },
            new Option<string[]>("--features") { Description = "Model inputs, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true },
            new Option<string[]>("--categorical")
            {
                Description = "Features to one-hot encode even though they hold numbers (codes), comma-separated; text columns are always categorical",
                AllowMultipleArgumentsPerToken = true,
            },
            new Option<string?>("--positive-label") { Description = "Label value of the positive class (other values are negative)" },
            new Option<string>("--model") { Description = "logistic (L-BFGS logistic regression) or lightgbm", DefaultValueFactory = _ => "logistic" },
            new Option<int>("--folds") { Description = "Cross-validation folds (stratified)", DefaultValueFactory = _ => 5 },
            new Option<int>("--seed") { Description = "Seed of the folds and the learner", DefaultValueFactory = _ => DefaultSeed },
            new Option<string>("--threshold")
            {
                Description = "Decision threshold: a number in [0, 1], youden, sensitivity:TARGET or alert-rate:TARGET (chosen on out-of-fold scores)",
                DefaultValueFactory = _ => "0.5",
            });

        public IEnumerable<Option> All => [Label, Features, Categorical, PositiveLabel, Model, Folds, Seed, Threshold];

        public ModelKind Kind(ParseResult parse) => parse.GetValue(Model)?.ToLowerInvariant() switch
        {
            "logistic" or "lr" => ModelKind.Logistic,
            "lightgbm" or "lgbm" => ModelKind.LightGbm,
            var other => throw VigilException.Usage($"--model '{other}': expected logistic or lightgbm"),
        };

        public int FoldCount(ParseResult parse)
        {
            var k = parse.GetValue(Folds);
            if (k is < 2 or > 100) throw VigilException.Usage($"--folds {k}: expected 2 to 100");
            return k;
        }

        public List<string> FeatureList(ParseResult parse)
        {
            var features = OptionParsing.List(parse.GetValue(Features));
            if (features.Count == 0) throw VigilException.Usage("--features needs at least one column");
            var twice = features.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw VigilException.Usage($"--features names '{twice.Key}' twice");
            var label = parse.GetValue(Label);
            if (label is not null && features.Contains(label)) throw VigilException.Usage($"--features includes the label '{label}'");
            var categorical = OptionParsing.List(parse.GetValue(Categorical));
            foreach (var c in categorical.Where(c => !features.Contains(c)))
                throw VigilException.Usage($"--categorical '{c}' is not among --features");
            return features;
        }

        public HashSet<string> CategoricalSet(ParseResult parse) => [.. OptionParsing.List(parse.GetValue(Categorical))];
    }

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = new Option<string>("--data") { Description = "CSV (comma, semicolon or tab; '?' and empty are missing; .gz too) or Parquet file", Required = true };
        var model = ModelOptions.Create();
        var parquet = new Option<bool>("--parquet") { Description = "Also write DIR/predictions.parquet" };
        var output = new Option<string>("--out") { Description = "Output directory", Required = true };
        var cmd = new Command("train", "Train a model with stratified k-fold out-of-fold scores; save it (ML.NET zip and ONNX) with train.json");
        foreach (var o in model.All.Append(data).Append(parquet).Append(output)) cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var kind = model.Kind(parse);
            var folds = model.FoldCount(parse);
            var features = model.FeatureList(parse);
            var rule = ThresholdRule.Parse(parse.GetValue(model.Threshold));
            var seed = parse.GetValue(model.Seed);
            var path = parse.GetValue(data)!;
            var outDir = parse.GetValue(output)!;
            using var source = TabularSource.Open(path);
            var specs = ModelTableLoader.InferKinds(source, features, model.CategoricalSet(parse));
            var (table, label) = ModelTableLoader.Load(source, specs, parse.GetValue(model.Label)!, parse.GetValue(model.PositiveLabel));
            var result = TrainingRun.Run(table, kind, folds, seed, rule, path);

            Directory.CreateDirectory(outDir);
            var prediction = Predictions(result.CrossValidation.Scores, result.Threshold.Value);
            var fold1 = new int[table.Rows];
            for (var i = 0; i < fold1.Length; i++) fold1[i] = result.CrossValidation.Fold[i] + 1;
            var extra = new ExtraColumn[] { new("fold", fold1), new("score", Doubles: result.CrossValidation.Scores), new("prediction", prediction) };
            var replaced = source.ExportWith(Path.Combine(outDir, "predictions.csv"), extra);
            if (replaced.Count > 0)
                io.Err.WriteLine($"vigil: note: {path} already has {string.Join(", ", replaced)}; predictions.csv holds the new values instead");
            if (parse.GetValue(parquet)) source.ExportWith(Path.Combine(outDir, "predictions.parquet"), extra);
            var onnx = SaveModel(result.Final, table, outDir);
            var json = JsonMetricWriter.Document(Schema, withTool: true, w =>
            {
                WriteData(w, path, table, label!, specs);
                WriteModel(w, kind, seed, folds);
                w.WriteStartArray("fold_auroc");
                foreach (var m in result.CrossValidation.FoldAuroc) w.WriteMetricValue(m);
                w.WriteEndArray();
                WriteThreshold(w, result.Threshold, "out-of-fold scores of the training data");
                w.WritePropertyName("out_of_fold");
                WritePerformance(w, result.OutOfFold);
                w.WriteStartObject("outputs");
                w.WriteString("predictions", "predictions.csv");
                if (parse.GetValue(parquet)) w.WriteString("predictions_parquet", "predictions.parquet");
                w.WriteString("model_zip", "model.zip");
                if (onnx.Onnx is not null) w.WriteString("model_onnx", "model.onnx");
                else w.WriteNull("model_onnx");
                if (onnx.Error is null) w.WriteNull("onnx_error");
                else w.WriteString("onnx_error", onnx.Error);
                w.WriteNumberOrNull("onnx_max_abs_difference", onnx.MaxAbsDifference);
                w.WriteNumber("onnx_checked_rows", onnx.CheckedRows);
                w.WriteEndObject();
            });
            AtomicFile.WriteAllText(Path.Combine(outDir, "train.json"), json);
            var auc = result.OutOfFold.Auroc;
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind.ToString().ToLowerInvariant()}: {table.Rows} rows, {folds}-fold out-of-fold AUROC {auc.Value:F4} " +
                $"(95% CI {auc.Ci?.Low:F4}-{auc.Ci?.High:F4}); threshold {result.Threshold.Value:G6} ({result.Threshold.Rule.Name}{(result.Threshold.Rule.Method is ThresholdMethod.Sensitivity or ThresholdMethod.AlertRate ? $" {result.Threshold.Rule.Target:G4}" : "")}); wrote {outDir}"));
            if (onnx.Error is not null) io.Err.WriteLine($"vigil: note: no model.onnx: {onnx.Error}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    internal static int[] Predictions(double[] scores, double threshold)
    {
        var p = new int[scores.Length];
        for (var i = 0; i < p.Length; i++) p[i] = scores[i] >= threshold ? 1 : 0;
        return p;
    }

    /// <summary>Writes DIR/model.zip and, when ML.NET can export it, DIR/model.onnx (each atomically).</summary>
    internal static OnnxExportResult SaveModel(TrainedModel model, ModelTable table, string outDir)
    {
        using (var zip = new MemoryStream())
        {
            model.SaveZip(zip);
            WriteBytesAtomic(Path.Combine(outDir, "model.zip"), zip.ToArray());
        }
        var onnx = OnnxExport.ExportVerified(model, table);
        var path = Path.Combine(outDir, "model.onnx");
        if (onnx.Onnx is not null) WriteBytesAtomic(path, onnx.Onnx);
        else if (File.Exists(path)) File.Delete(path); // a stale export from an earlier run must not pass for this model
        return onnx;
    }

    internal static void WriteBytesAtomic(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Usage($"cannot write {path}: {e.Message}");
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    internal static void WriteData(Utf8JsonWriter w, string path, ModelTable table, LabelInfo label, IReadOnlyList<FeatureSpec> specs)
    {
        var positives = 0;
        foreach (var y in label.Values)
            if (y) positives++;
        w.WriteStartObject("data");
        w.WriteString("path", path);
        w.WriteNumber("rows", table.Rows);
        w.WriteNumber("positives", positives);
        w.WriteEndObject();
        w.WriteStartObject("label");
        w.WriteString("column", label.Column);
        w.WriteString("positive_label", label.PositiveLabel);
        w.WriteEndObject();
        w.WriteStartArray("features");
        for (var k = 0; k < specs.Count; k++)
        {
            w.WriteStartObject();
            w.WriteString("name", specs[k].Name);
            w.WriteString("kind", specs[k].Kind == FeatureKind.Numeric ? "numeric" : "categorical");
            w.WriteNumber("missing", table.Features[k].Missing);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteModel(Utf8JsonWriter w, ModelKind kind, int seed, int folds)
    {
        w.WriteStartObject("model");
        w.WriteString("kind", kind == ModelKind.Logistic ? "logistic" : "lightgbm");
        w.WriteStartObject("parameters");
        foreach (var p in ModelPipeline.Parameters(kind, seed)) w.WriteString(p.Name, p.Value);
        w.WriteEndObject();
        w.WriteString("preprocessing",
            "numeric: mean imputation + 0/1 missing indicator (when missing in the fitting rows); categorical: one-hot, missing = its own level" +
            (kind == ModelKind.Logistic ? "; then mean-variance normalization" : ""));
        w.WriteEndObject();
        w.WriteNumber("seed", seed);
        w.WriteNumber("folds", folds);
    }

    internal static void WriteThreshold(Utf8JsonWriter w, ThresholdChoice t, string chosenOn)
    {
        w.WriteStartObject("threshold");
        w.WriteString("method", t.Rule.Name);
        w.WriteNumberOrNull("target", t.Rule.Method == ThresholdMethod.Fixed || t.Rule.Method == ThresholdMethod.Youden ? null : t.Rule.Target);
        w.WriteNumber("value", t.Value);
        w.WriteString("chosen_on", chosenOn);
        if (t.Note is null) w.WriteNull("note");
        else w.WriteString("note", t.Note);
        w.WriteEndObject();
    }

    internal static void WritePerformance(Utf8JsonWriter w, BinaryPerformance p)
    {
        w.WriteStartObject();
        w.WriteNumber("n", p.N);
        w.WriteNumber("positives", p.Positives);
        w.WriteMetric("prevalence", p.Prevalence);
        w.WriteMetric("auroc", p.Auroc);
        w.WriteMetric("brier", p.Brier);
        w.WriteMetric("observed_expected", p.ObservedExpected);
        w.WriteMetric("accuracy", p.Accuracy);
        w.WriteMetric("majority_baseline_accuracy", p.MajorityBaseline);
        w.WriteMetric("sensitivity", p.Sensitivity);
        w.WriteMetric("specificity", p.Specificity);
        w.WriteMetric("ppv", p.Ppv);
        w.WriteMetric("alert_rate", p.AlertRate);
        w.WriteStartObject("counts");
        w.WriteNumber("tp", p.Counts.Tp);
        w.WriteNumber("fp", p.Counts.Fp);
        w.WriteNumber("tn", p.Counts.Tn);
        w.WriteNumber("fn", p.Counts.Fn);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
