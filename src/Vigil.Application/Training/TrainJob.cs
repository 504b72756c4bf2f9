using Vigil.Application.Models;
using Vigil.Application.Output;
using Vigil.Contracts.Common;
using Vigil.Contracts.Train;
using Vigil.Core;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;

namespace Vigil.Application.Training;

/// <summary>The options of `vigil train`: the data file, the learner options, an optional Parquet copy of the predictions, the output folder.</summary>
public sealed record TrainOptions(string Data, LearnerOptions Learner, bool Parquet, string Out);

/// <summary>What a training run wrote: train.json's document, the folder, columns of the data the predictions replaced.</summary>
public sealed record TrainResult(TrainDocument Document, string OutDir, IReadOnlyList<string> ReplacedColumns);

/// <summary>
/// `vigil train` as a job: stratified k-fold out-of-fold scores, a threshold chosen on them, the final model fitted
/// on every row (ML.NET zip and, where ML.NET can export it, ONNX checked against ML.NET). Writes OUT/predictions.csv
/// (the data with fold, score, prediction), OUT/model.zip, OUT/model.onnx and OUT/train.json (vigil.train/v2), the
/// folder whole (docs/models.md).
/// </summary>
public static class TrainJob
{
    public static TrainResult Run(TrainOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var o = options.Learner;
        o.Check();
        var kind = o.Kind;
        var rule = o.Rule;
        progress.Report("reading " + options.Data);
        using var source = TabularSource.Open(options.Data);
        var specs = ModelTableLoader.InferKinds(source, o.Features, o.Categorical.ToHashSet(StringComparer.Ordinal));
        var (table, label) = ModelTableLoader.Load(source, specs, o.Label, o.PositiveLabel);
        progress.Report($"training {Learners.Name(kind)} with {o.Folds}-fold cross-validation");
        var result = TrainingRun.Run(table, kind, o.Folds, o.Seed, rule, options.Data);

        using var folder = OutputFolder.Begin(options.Out);
        progress.Report("writing " + options.Out);
        var prediction = ModelBlocksFrom.Predictions(result.CrossValidation.Scores, result.Threshold.Value);
        var fold1 = new int[table.Rows];
        for (var i = 0; i < fold1.Length; i++) fold1[i] = result.CrossValidation.Fold[i] + 1;
        var extra = new ExtraColumn[] { new("fold", fold1), new("score", Doubles: result.CrossValidation.Scores), new("prediction", prediction) };
        var replaced = source.ExportWith(folder.File("predictions.csv"), extra);
        if (replaced.Count > 0)
            progress.Note($"{options.Data} already has {string.Join(", ", replaced)}; predictions.csv holds the new values instead");
        if (options.Parquet) source.ExportWith(folder.File("predictions.parquet"), extra);
        var onnx = SaveModel(result.Final, table, folder);
        if (onnx.Error is not null) progress.Note($"no model.onnx: {onnx.Error}");

        var features = new List<Contracts.Models.FeatureRef>(specs.Count);
        for (var k = 0; k < specs.Count; k++)
            features.Add(new Contracts.Models.FeatureRef(specs[k].Name, ModelBlocksFrom.Kind(specs[k].Kind)) { Missing = table.Features[k].Missing });
        var foldAuroc = new List<MetricValue>(result.CrossValidation.FoldAuroc.Count);
        foreach (var m in result.CrossValidation.FoldAuroc) foldAuroc.Add(MetricValue.From(m));
        var document = new TrainDocument(
            TrainContract.Schema,
            ToolBlock.Current,
            [new InputRef("data", options.Data) { Rows = table.Rows }],
            new TrainSettings(label!.Column, label.PositiveLabel, Learners.Name(kind), o.Folds, o.Seed, o.Threshold),
            features,
            ModelBlocksFrom.Learner(kind, o.Seed),
            foldAuroc,
            ModelBlocksFrom.Threshold(result.Threshold, "out-of-fold scores of the training data"),
            ModelBlocksFrom.Performance(result.OutOfFold),
            new TrainOutputs("predictions.csv", options.Parquet ? "predictions.parquet" : null, "model.zip",
                onnx.Onnx is not null ? "model.onnx" : null, onnx.Error, ModelBlocksFrom.Finite(onnx.MaxAbsDifference), onnx.CheckedRows));
        File.WriteAllText(folder.File("train.json"), TrainContract.Write(document));
        folder.Commit();
        // A stale export from an earlier run into the same folder must not pass for this model.
        var staleOnnx = Path.Combine(folder.Target, "model.onnx");
        if (onnx.Onnx is null && File.Exists(staleOnnx)) File.Delete(staleOnnx);
        return new TrainResult(document, folder.Target, replaced);
    }

    /// <summary>Writes model.zip and, when ML.NET can export it and the export scores as ML.NET does, model.onnx.</summary>
    private static OnnxExportResult SaveModel(TrainedModel model, ModelTable table, OutputFolder folder)
    {
        using (var zip = File.Create(folder.File("model.zip")))
            model.SaveZip(zip);
        var onnx = OnnxExport.ExportVerified(model, table);
        if (onnx.Onnx is not null) File.WriteAllBytes(folder.File("model.onnx"), onnx.Onnx);
        return onnx;
    }
}
