using Vigil.Contracts.Common;
using Vigil.Contracts.Models;

namespace Vigil.Contracts.Train;

/// <summary>
/// vigil.train/v2: what `vigil train` fitted and how it scored out of fold (docs/models.md). Inputs hold the data
/// file with the rows read; settings the options as given; the outputs the files beside train.json.
/// </summary>
public sealed record TrainDocument(
    string Schema,
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    TrainSettings Settings,
    IReadOnlyList<FeatureRef> Features,
    LearnerBlock Learner,
    IReadOnlyList<MetricValue> FoldAuroc,
    ThresholdBlock Threshold,
    PerformanceBlock OutOfFold,
    TrainOutputs Outputs) : IContractDocument;

/// <summary>The settings of a training run (catalogue keys).</summary>
public sealed record TrainSettings(string Label, string? PositiveLabel, string Learner, int Folds, int Seed, string Threshold);

/// <summary>The files of a training run, relative to its folder; the ONNX export's error and its check against ML.NET.</summary>
public sealed record TrainOutputs(
    string Predictions, string? PredictionsParquet, string ModelZip, string? ModelOnnx, string? OnnxError,
    double? OnnxMaxAbsDifference, int OnnxCheckedRows);
