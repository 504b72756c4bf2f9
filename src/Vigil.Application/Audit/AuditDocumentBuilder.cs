using Vigil.Application.Groups;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Calibration;
using Vigil.Core.Curves;

namespace Vigil.Application.Audit;

/// <summary>The vigil.audit/v2 document of an audit result: the same numbers as v1 under the v2 keys (docs/contracts-v2.md).</summary>
public static class AuditDocumentBuilder
{
    /// <summary>The adjustment of the rate tests' p-values across an attribute's groups.</summary>
    public const string Adjustment = "holm";

    public static AuditDocument Build(AuditResult result, AuditInputInfo input, GroupSelection groups, CurveAnalysisResult? curves)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(groups);
        var o = result.Options;
        var settings = new AuditSettings(input.Label, input.PositiveLabel, input.Score, input.Prediction, input.Threshold,
            groups.Protected, groups.Groupings().Where(g => g.Attributes.Count > 1).Select(g => g.Name).ToList(),
            groups.References, groups.BandEdges(),
            o.Confidence, o.Bootstrap, o.Seed, o.BootstrapScoreBins, o.MinCell, o.GeneralizedEntropyAlpha, o.SedfConcentration);
        return new AuditDocument(
            ToolBlock.Current,
            [new InputRef("data", input.File) { Rows = result.Rows }],
            settings,
            result.Rows,
            new AuditOverall(result.Rows, Metrics(result.Overall)),
            result.Groupings.Select(Attribute).ToList(),
            Named(result.Inequality),
            input.Notes)
        {
            Curves = curves is null ? null : Curves(curves),
        };
    }

    private static AuditGrouping Attribute(GroupingResult g) => new(
        g.Name, g.Columns, g.ReferenceGroup, g.ReferenceIsDefault,
        g.Groups.Select(x => new AuditGroup(
            x.Key.Label,
            x.Key.Values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
            x.N,
            (long)(x[GroupMetric.Positives].Value ?? 0),
            x.SmallCell,
            Metrics(x.Metrics),
            new AuditGroupTests(Test(x.FnrVsReference), Test(x.FprVsReference)))).ToList(),
        new AuditDisparities(Named(g.BetweenGroups), Named(g.ToOverall), Named(g.VsReference)));

    /// <summary>Every group metric under its v2 key, in the core's order.</summary>
    public static Dictionary<string, MetricValue> Metrics(IReadOnlyList<Metric> metrics)
    {
        var result = new Dictionary<string, MetricValue>(metrics.Count, StringComparer.Ordinal);
        for (var m = 0; m < metrics.Count; m++) result[AuditMetricKeys.Of((GroupMetric)m)] = MetricValue.From(metrics[m]);
        return result;
    }

    private static Dictionary<string, MetricValue> Named(IReadOnlyList<NamedMetric> family)
    {
        var result = new Dictionary<string, MetricValue>(family.Count, StringComparer.Ordinal);
        foreach (var m in family) result[m.Name] = MetricValue.From(m.Metric);
        return result;
    }

    private static RateTestValue Test(RateTest t) =>
        new(Finite(t.Difference), Finite(t.PValue), Finite(t.PAdjusted), Adjustment, AuditMetricKeys.TestName(t.Method), Finite(t.Statistic), t.Reason);

    /// <summary>A finite number or null (JSON has no NaN or infinity).</summary>
    public static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static double?[] Points(double[] values)
    {
        var result = new double?[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = double.IsFinite(values[i]) ? values[i] : null;
        return result;
    }

    private static AuditCurves Curves(CurveAnalysisResult c)
    {
        var o = c.Options;
        var by = new Dictionary<string, IReadOnlyDictionary<string, GroupCurvesValue>>(StringComparer.Ordinal);
        foreach (var grouping in c.Groupings)
        {
            var groups = new Dictionary<string, GroupCurvesValue>(StringComparer.Ordinal);
            foreach (var g in grouping.Groups) groups[g.Key!.Label] = Group(g);
            by[grouping.Name] = groups;
        }
        return new AuditCurves(
            new CurveSettings(o.Bins, o.Bootstrap, o.Seed, o.Confidence, o.MinCell, o.MaxRocPoints, LogisticRecalibration.ClampLow),
            Group(c.Overall), by);
    }

    private static GroupCurvesValue Group(GroupCurves g)
    {
        if (g.Suppressed) return new GroupCurvesValue(g.N, true);
        return new GroupCurvesValue(g.N, false)
        {
            Roc = g.Roc is { } roc ? new RocPoints(Points(roc.Fpr), Points(roc.Tpr), Points(roc.Threshold)) : null,
            RocReason = g.Roc is null ? g.RocReason : null,
            Calibration = g.Calibration is { } cal ? Calibration(cal.Uniform, cal.Quantile, cal.Metrics) : null,
            DecisionCurve = g.DecisionCurve is { } d ? new DecisionCurveValue(Points(d.Threshold), Points(d.NetBenefit), Points(d.TreatAll)) : null,
        };
    }

    /// <summary>Both reliability curves and the seven calibration metrics.</summary>
    public static CalibrationValue Calibration(ReliabilityCurve uniform, ReliabilityCurve quantile, CalibrationMetrics m) => new(
        Reliability(uniform), Reliability(quantile),
        MetricValue.From(m.Brier), MetricValue.From(m.Ece), MetricValue.From(m.Mce), MetricValue.From(m.OeRatio),
        MetricValue.From(m.Citl), MetricValue.From(m.Slope), MetricValue.From(m.Intercept));

    public static ReliabilityValue Reliability(ReliabilityCurve c) => new(Points(c.MeanPredicted), Points(c.Observed), c.Count);
}
