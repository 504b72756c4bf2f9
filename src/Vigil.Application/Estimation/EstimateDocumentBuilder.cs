using Vigil.Contracts.Common;
using Vigil.Contracts.Estimation;
using Vigil.Core;
using Vigil.Core.Estimation;

namespace Vigil.Application.Estimation;

/// <summary>The vigil.estimate/v1 document of an <see cref="EstimationReport"/>.</summary>
public static class EstimateDocumentBuilder
{
    /// <summary>The rule written into the document's calibration block.</summary>
    public const string ChoiceRule =
        "5-fold cross-validated Brier score on the (weighted) reference: isotonic when lower than Platt's, else Platt";

    public static EstimateDocument Build(EstimationReport report, EstimateJobOptions request, EstimationOptions options,
        IReadOnlyList<string> features, long referenceRows, long currentRows)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var g = request.Groups;
        var settings = new EstimateSettings(request.Label, request.PositiveLabel, request.Score, options.Threshold, g.Protected,
            g.Groupings().Where(x => x.Attributes.Count > 1).Select(x => string.Join(Groups.GroupSelection.Separator, x.Attributes)).ToList(),
            g.BandEdges(), g.MinCell, features, options.Bootstrap, options.Seed, options.ShiftAuroc, options.RefuseAuroc,
            options.MaxOutOfRangeShare, options.MinEffectiveShare);
        var c = report.Calibration;
        var calibration = new EstimateCalibrationValue(Name(c.Method), ChoiceRule,
            Finite(c.IsotonicBrier, "not computable"), Finite(c.PlattBrier, "not computable"), c.Folds, report.Shift.Weighted);
        var s = report.Shift;
        var shift = new EstimateShiftValue(s.Assessed, "L2-penalised logistic regression (λ = 1, standardized features, their squares, top-10 category indicators)",
            MetricValue.From(s.DomainAuroc), s.Detected, s.Weighted, s.EffectiveSampleSize, s.ClippedWeights, s.Features, s.Reason);
        var support = new EstimateSupportValue(report.Reliable, report.UnreliableReasons, [report.ReferenceScoreMin, report.ReferenceScoreMax], report.OutOfRangeShare);
        return new EstimateDocument(ToolBlock.Current,
            [
                new InputRef("reference_data", request.ReferenceData) { Rows = referenceRows },
                new InputRef("current_data", request.CurrentData) { Rows = currentRows },
            ],
            settings, calibration, shift, support, Group(report.Overall),
            report.Groupings.Select(x => new EstimateGroupingValue(x.Name, x.Columns, x.Groups.Select(Group).ToList(), x.OnlyInReference, x.OnlyInCurrent)).ToList());
    }

    /// <summary>"isotonic" or "platt".</summary>
    public static string Name(CalibrationMethod method) => method == CalibrationMethod.Isotonic ? "isotonic" : "platt";

    private static MetricValue Finite(double value, string reason) =>
        double.IsFinite(value) ? new MetricValue(value, null, null) : new MetricValue(null, null, reason);

    private static EstimateGroupValue Group(GroupEstimate e) =>
        new(e.Group, e.ReferenceRows, e.CurrentRows, e.SmallCell, e.OwnCalibration ? "group" : "overall", Name(e.Method), e.Reliable, e.Notes, e.OutOfRangeShare,
            new ExpectedConfusionValue(e.Expected.TruePositives, e.Expected.FalsePositives, e.Expected.TrueNegatives, e.Expected.FalseNegatives),
            new EstimatedMetricsValue(M(e.Sensitivity), M(e.FalseNegativeRate), M(e.Specificity), M(e.PositivePredictiveValue),
                M(e.NegativePredictiveValue), M(e.SelectionRate), M(e.Auroc), M(e.Prevalence), M(e.BbsePrevalence)));

    private static MetricValue M(Metric m) => MetricValue.From(m);
}
