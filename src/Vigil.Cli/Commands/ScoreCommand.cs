using System.CommandLine;
using Vigil.Application.Scoring;
using Vigil.Cli.Options;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil score`: parses the options, runs <see cref="ScoreJob"/> (an ML.NET zip or ONNX model scores a data file; every
/// input column plus score, and prediction with --threshold) and prints what it wrote. docs/models.md.
/// </summary>
public static class ScoreCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var model = OptionCatalog.Model();
        var data = OptionCatalog.Data("CSV or Parquet file holding the model's input columns");
        var threshold = OptionCatalog.OptionalThreshold();
        var output = OptionCatalog.OutFile(required: true);
        var cmd = new Command("score", "Score a data file with an ML.NET zip or ONNX model into --out (.csv or .parquet); with --threshold also a prediction column (1 when score >= threshold).");
        foreach (var o in new Option[] { model, data, threshold, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var result = ScoreJob.Run(new ScoreOptions(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(threshold), parse.GetValue(output)!),
                new StderrProgress(io.Err));
            io.Out.WriteLine($"scored {result.Rows} rows with {result.ModelPath} ({result.ModelFormat}); wrote {result.Out}");
            return VigilApp.Ok;
        });
        return cmd;
    }
}
