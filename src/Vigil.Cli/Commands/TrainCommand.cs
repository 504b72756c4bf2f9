using System.CommandLine;
using System.Globalization;
using Vigil.Application.Training;
using Vigil.Cli.Options;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil train`: parses the options, runs <see cref="TrainJob"/> (stratified k-fold out-of-fold scores, a threshold,
/// the final model as ML.NET zip and ONNX, train.json as vigil.train/v2) and prints a one-line summary. docs/models.md.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = OptionCatalog.Data();
        var learner = LearnerCommandOptions.Create();
        var parquet = new Option<bool>("--parquet") { Description = "Also write DIR/predictions.parquet" };
        var output = OptionCatalog.OutDirectory();
        var cmd = new Command("train", "Train a model with stratified k-fold out-of-fold scores; save it (ML.NET zip and ONNX) with train.json");
        foreach (var o in learner.All.Append(data).Append(parquet).Append(output)) cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var options = new TrainOptions(parse.GetValue(data)!, learner.Parse(parse), parse.GetValue(parquet), parse.GetValue(output)!);
            var result = TrainJob.Run(options, new StderrProgress(io.Err));
            var d = result.Document;
            var auc = d.OutOfFold.Auroc;
            var t = d.Threshold;
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Settings.Learner}: {d.OutOfFold.N} rows, {d.Settings.Folds}-fold out-of-fold AUROC {auc.Value:F4} " +
                $"(95% CI {auc.Ci?[0]:F4}-{auc.Ci?[1]:F4}); threshold {t.Value:G6} ({t.Method}{(t.Target is { } target ? $" {target:G4}" : "")}); wrote {options.Out}"));
            return VigilApp.Ok;
        });
        return cmd;
    }
}
