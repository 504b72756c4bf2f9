using Vigil.Application.Drift;
using Vigil.Contracts.Estimation;
using Vigil.Core;
using Vigil.Core.Estimation;
using Vigil.Data;

namespace Vigil.Application.Estimation;

/// <summary>What an estimate job returns: the vigil.estimate/v1 document and the core report the renderers draw from.</summary>
public sealed record EstimateJobResult(EstimateDocument Document, EstimationReport Report);

/// <summary>
/// `estimate`: reads the labelled reference and the unlabelled current file once, encodes the domain model's columns,
/// forms the groups, runs <see cref="LabelFreeEstimator"/> and builds the vigil.estimate/v1 document.
/// </summary>
public static class EstimateJob
{
    public static EstimateJobResult Run(EstimateJobOptions request, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= NoProgress.Instance;
        request.Groups.Validate();
        if (request.Bootstrap is < 0 or > AnalysisDefaults.MaxResamples)
            throw VigilException.Option("bootstrap", $"{request.Bootstrap}: expected 0 to {AnalysisDefaults.MaxResamples}");
        var options = new EstimationOptions
        {
            Threshold = request.Threshold, Bootstrap = request.Bootstrap, Seed = request.Seed, MinCell = request.Groups.MinCell,
        };
        options.Validate();

        progress.Report("reading data");
        using var reference = TabularSource.Open(request.ReferenceData);
        using var current = TabularSource.Open(request.CurrentData);
        var labels = EstimateInputLoader.Labels(reference, request.Label, request.PositiveLabel);
        var refScores = EstimateInputLoader.Scores(reference, request.Score);
        var curScores = EstimateInputLoader.Scores(current, request.Score);
        foreach (var column in request.Groups.Protected)
        {
            reference.RequireColumn(column, "protected");
            current.RequireColumn(column, "protected");
        }
        var groupings = EstimationGroups.Build(request.Groups, reference, current);
        var featureNames = EstimateInputLoader.FeatureColumns(reference, current, request.Features, request.Label);
        var columns = DriftInputLoader.Load(reference, current, featureNames, [request.Label]);
        var features = EstimationFeatures.Encode(columns, refScores.Length, curScores.Length);

        progress.Report("estimating");
        var report = LabelFreeEstimator.Run(new EstimationData
        {
            ReferenceScores = refScores, ReferenceLabels = labels, CurrentScores = curScores, Groupings = groupings,
            ReferenceFeatures = features.Reference, CurrentFeatures = features.Current, FeatureCount = features.Columns,
        }, options);
        progress.Report("done", 1);
        var document = EstimateDocumentBuilder.Build(report, request, options, columns.Select(c => c.Name).ToList(), reference.RowCount, current.RowCount);
        return new EstimateJobResult(document, report);
    }
}
