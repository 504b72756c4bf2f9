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
        var (overallProtection, protections) = EstimateSuppression.Decide(report, g.MinCell);
        return new EstimateDocument(ToolBlock.Current,
            [
                new InputRef("reference_data", request.ReferenceData) { Rows = referenceRows },
                new InputRef("current_data", request.CurrentData) { Rows = currentRows },
            ],
            settings, calibration, shift, support, Group(report.Overall, overallProtection, g.MinCell),
            report.Groupings.Select((x, i) => new EstimateGroupingValue(x.Name, x.Columns,
                x.Groups.Select((e, k) => Group(e, protections[i][k], g.MinCell)).ToList(), x.OnlyInReference, x.OnlyInCurrent)).ToList());
    }

    /// <summary>"isotonic" or "platt".</summary>
    public static string Name(CalibrationMethod method) => method == CalibrationMethod.Isotonic ? "isotonic" : "platt";

    private static MetricValue Finite(double value, string reason) =>
        double.IsFinite(value) ? new MetricValue(value, null, null) : new MetricValue(null, null, reason);

    private static EstimateGroupValue Group(GroupEstimate e, EstimateProtection p, int minCell)
    {
        var c = p.Current;
        var reason = EstimateSuppression.Reason(p, minCell);
        MetricValue Shown(Metric m, string key) =>
            EstimateSuppression.ShowsMetric(c, e.CurrentRows, key) ? M(m) : new MetricValue(null, null, reason ?? "suppressed");
        var x = e.Expected;
        return new(e.Group, EstimateSuppression.Count(e.ReferenceRows, p.Reference), EstimateSuppression.Count(e.CurrentRows, c), e.SmallCell,
            e.OwnCalibration ? "group" : "overall", Name(e.Method), e.Reliable, e.Notes, e.OutOfRangeShare,
            EstimateSuppression.ShowsExpectedConfusion(c) ? new ExpectedConfusionValue(x.TruePositives, x.FalsePositives, x.TrueNegatives, x.FalseNegatives) : null,
            new EstimatedMetricsValue(Shown(e.Sensitivity, "sensitivity"), Shown(e.FalseNegativeRate, "fnr"), Shown(e.Specificity, "specificity"),
                Shown(e.PositivePredictiveValue, "ppv"), Shown(e.NegativePredictiveValue, "npv"), Shown(e.SelectionRate, "selection_rate"),
                Shown(e.Auroc, "auroc"), Shown(e.Prevalence, "prevalence"), Shown(e.BbsePrevalence, "prevalence_bbse"),
                Shown(e.MllsPrevalence, "prevalence_mlls")),
            reason, EstimateSuppression.RowsRounded(c) || EstimateSuppression.RowsRounded(p.Reference));
    }

    private static MetricValue M(Metric m) => MetricValue.From(m);
}
