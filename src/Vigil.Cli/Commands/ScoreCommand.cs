using System.CommandLine;
using Vigil.Core;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil score`: scores a data file with a saved model, an ML.NET zip (ML.NET) or an ONNX file (ONNX Runtime).
/// The model's inputs are matched to the data's columns by name and type; the output is every input column plus
/// `score` (and `prediction` with --threshold). docs/models.md.
/// </summary>
public static class ScoreCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var model = new Option<string>("--model") { Description = "Model file: ML.NET zip (from vigil train) or ONNX", Required = true };
        var data = new Option<string>("--data") { Description = "CSV or Parquet file holding the model's input columns", Required = true };
        var threshold = new Option<double?>("--threshold") { Description = "Also write prediction = 1 when score >= threshold" };
        var output = new Option<string>("--out") { Description = "Output file (.csv or .parquet), written atomically", Required = true };
        var cmd = new Command("score", "Score a data file with an ML.NET zip or ONNX model");
        foreach (var o in new Option[] { model, data, threshold, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var t = parse.GetValue(threshold);
            if (t is { } tv && !(tv >= 0 && tv <= 1)) throw VigilException.Usage($"--threshold {tv}: expected a number in [0, 1]");
            var outPath = parse.GetValue(output)!;
            using var scoring = ScoringModel.Open(parse.GetValue(model)!);
            using var source = TabularSource.Open(parse.GetValue(data)!);
            var scores = Score(scoring, source);
            var extra = new List<ExtraColumn> { new("score", Doubles: scores) };
            if (t is { } th) extra.Add(new ExtraColumn("prediction", TrainCommand.Predictions(scores, th)));
            var replaced = source.ExportWith(outPath, extra);
            if (replaced.Count > 0)
                io.Err.WriteLine($"vigil: note: {source.Path} already has {string.Join(", ", replaced)}; {outPath} holds the new values instead");
            io.Out.WriteLine($"scored {scores.Length} rows with {scoring.Path} ({scoring.Format}); wrote {outPath}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// Reads the model's inputs from the data (by name; a numeric input needs a numeric column, a text input takes any
    /// column as text) and scores every row.
    /// </summary>
    public static double[] Score(ScoringModel model, TabularSource source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var specs = new List<FeatureSpec>(model.Inputs.Count);
        foreach (var input in model.Inputs)
        {
            if (!source.Columns.Contains(input.Name, StringComparer.Ordinal))
                throw VigilException.BadData(
                    $"{source.Path}: no column '{input.Name}', which the model {model.Path} takes as input; " +
                    $"model inputs: {string.Join(", ", model.Inputs.Select(i => i.Name))}; data columns: {string.Join(", ", source.Columns)}");
            if (input.Kind == FeatureKind.Numeric && source.FirstNonNumeric(input.Name) is { } bad)
                throw VigilException.BadData(
                    $"{source.Path}: {bad.Row}, column '{input.Name}': '{bad.Value}' is text, but the model {model.Path} takes '{input.Name}' as a number");
            specs.Add(new FeatureSpec(input.Name, input.Kind));
        }
        var (table, _) = ModelTableLoader.Load(source, specs, null, null, $"model input of {model.Path}");
        return model.Score(table);
    }
}
