using Vigil.Application.Models;
using Vigil.Core;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;

namespace Vigil.Application.Scoring;

/// <summary>The options of `vigil score`: the model file, the data, an optional threshold for a 0/1 prediction column, the output file.</summary>
public sealed record ScoreOptions(string Model, string Data, double? Threshold, string Out);

/// <summary>Rows scored, the model's format ("mlnet" or "onnx"), and columns of the data the new ones replaced.</summary>
public sealed record ScoreResult(int Rows, string ModelPath, string ModelFormat, string Out, IReadOnlyList<string> ReplacedColumns);

/// <summary>
/// `vigil score` as a job: scores a data file with an ML.NET zip or an ONNX model; the output (CSV or Parquet, written
/// atomically) is every input column plus score (and prediction with a threshold). docs/models.md.
/// </summary>
public static class ScoreJob
{
    public static ScoreResult Run(ScoreOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.Threshold is { } t && !(t >= 0 && t <= 1)) throw VigilException.Option("threshold", $"{t}: expected a number in [0, 1]");
        using var scoring = ScoringModel.Open(options.Model);
        using var source = TabularSource.Open(options.Data);
        progress.Report($"scoring {options.Data} with {options.Model}");
        var scores = Score(scoring, source);
        var extra = new List<ExtraColumn> { new("score", Doubles: scores) };
        if (options.Threshold is { } th) extra.Add(new ExtraColumn("prediction", ModelBlocksFrom.Predictions(scores, th)));
        var replaced = source.ExportWith(options.Out, extra);
        if (replaced.Count > 0)
            progress.Note($"{source.Path} already has {string.Join(", ", replaced)}; {options.Out} holds the new values instead");
        return new ScoreResult(scores.Length, scoring.Path, scoring.Format, options.Out, replaced);
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
