using Vigil.Contracts.Audit;
using Vigil.Core;

namespace Vigil.Reporting.Audit;

/// <summary>An empirical ROC curve: false- and true-positive rates at each threshold (audit "curves.*.roc").</summary>
public sealed record RocCurve(double[] Fpr, double[] Tpr)
{
    /// <summary>
    /// Area under the plotted curve by the trapezoid rule over the points in the order given (sorted by FPR then TPR
    /// first), Σ (fpr[i+1] − fpr[i]) (tpr[i+1] + tpr[i]) / 2. For the empirical ROC with its tie segments this equals
    /// the Mann–Whitney AUROC (Hanley &amp; McNeil 1982).
    /// </summary>
    public double Area()
    {
        var order = Enumerable.Range(0, Fpr.Length).OrderBy(i => Fpr[i]).ThenBy(i => Tpr[i]).ToArray();
        var area = 0.0;
        for (var k = 1; k < order.Length; k++)
            area += (Fpr[order[k]] - Fpr[order[k - 1]]) * (Tpr[order[k]] + Tpr[order[k - 1]]) / 2;
        return area;
    }
}

/// <summary>A reliability diagram's bins: mean predicted probability, observed event rate and count per bin.</summary>
public sealed record ReliabilityBins(double[] MeanPredicted, double[] Observed, int[] Count);

/// <summary>Calibration of one group: uniform- and quantile-binned reliability, and the summary metrics (brier, ece, mce, oe_ratio, citl, slope, intercept).</summary>
public sealed record CalibrationCurve(ReliabilityBins? Uniform, ReliabilityBins? Quantile, IReadOnlyDictionary<string, MetricValue> Metrics)
{
    /// <summary>The metric, or an undefined value when the audit lacks it.</summary>
    public MetricValue Metric(string name) => Metrics.TryGetValue(name, out var m) ? m : new MetricValue(null, null, null, "not in the audit");
}

/// <summary>A decision curve (Vickers &amp; Elkin 2006): net benefit of the model and of treating everyone at each threshold probability.</summary>
public sealed record DecisionCurve(double[] Threshold, double[] NetBenefit, double[] TreatAll);

/// <summary>The curves of one group (or of all rows); a part is null with its reason when the audit could not compute it.</summary>
public sealed record GroupCurves(
    string Group,
    int? N,
    bool Suppressed,
    RocCurve? Roc,
    string? RocReason,
    CalibrationCurve? Calibration,
    string? CalibrationReason,
    DecisionCurve? Decision,
    string? DecisionReason);

/// <summary>The groups of one attribute or intersection, in audit order.</summary>
public sealed record AttributeCurves(string Attribute, IReadOnlyList<GroupCurves> Groups);

/// <summary>The audit's "curves" block (written by vigil audit --curves): overall and by attribute.</summary>
public sealed record CurveSet(GroupCurves Overall, IReadOnlyList<AttributeCurves> ByAttribute);

/// <summary>The report's view of the "curves" block of a vigil.audit/v2 document.</summary>
public static class CurveJsonReader
{
    /// <summary>Overall and per-attribute curves, in the document's order; curves whose arrays differ in length are bad data naming the JSON path.</summary>
    public static CurveSet From(AuditCurves curves, string name = "audit")
    {
        ArgumentNullException.ThrowIfNull(curves);
        var attributes = curves.ByAttribute
            .Select(a => new AttributeCurves(a.Key, a.Value.Select(g => Group(g.Key, g.Value, name, $"$.curves.by_attribute.{a.Key}.{g.Key}")).ToList()))
            .ToList();
        return new CurveSet(Group("overall", curves.Overall, name, "$.curves.overall"), attributes);
    }

    private static void Same(string name, string path, int expected, int actual, string key)
    {
        if (expected != actual) throw VigilException.BadData($"{name}: {path}.{key}: {actual} values, expected {expected} (one per point)");
    }

    private static GroupCurves Group(string group, GroupCurvesValue g, string name, string path)
    {
        if (g.Roc is { } rc) Same(name, path + ".roc", rc.Fpr.Length, rc.Sensitivity.Length, "sensitivity");
        if (g.DecisionCurve is { } dcv)
        {
            Same(name, path + ".decision_curve", dcv.Threshold.Length, dcv.NetBenefit.Length, "net_benefit");
            Same(name, path + ".decision_curve", dcv.Threshold.Length, dcv.TreatAll.Length, "treat_all");
        }
        if (g.Calibration is { } cv)
        {
            foreach (var (key, b) in new[] { ("uniform", cv.Uniform), ("quantile", cv.Quantile) })
            {
                Same(name, $"{path}.calibration.{key}", b.MeanPredicted.Length, b.Observed.Length, "observed");
                Same(name, $"{path}.calibration.{key}", b.MeanPredicted.Length, b.Count.Length, "count");
            }
        }
        if (g.Suppressed) return new GroupCurves(group, (int)g.N, true, null, "suppressed", null, "suppressed", null, "suppressed");
        var roc = g.Roc is { } r ? new RocCurve(Numbers(r.Fpr), Numbers(r.Sensitivity)) : null;
        CalibrationCurve? cal = null;
        if (g.Calibration is { } c)
        {
            var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
            {
                ["brier"] = AuditJsonReader.Metric(c.Brier),
                ["ece"] = AuditJsonReader.Metric(c.Ece),
                ["mce"] = AuditJsonReader.Metric(c.Mce),
                ["oe_ratio"] = AuditJsonReader.Metric(c.OeRatio),
                ["citl"] = AuditJsonReader.Metric(c.Citl),
                ["slope"] = AuditJsonReader.Metric(c.Slope),
                ["intercept"] = AuditJsonReader.Metric(c.Intercept),
            };
            cal = new CalibrationCurve(Bins(c.Uniform), Bins(c.Quantile), metrics);
        }
        var dc = g.DecisionCurve is { } d ? new DecisionCurve(Numbers(d.Threshold), Numbers(d.NetBenefit), Numbers(d.TreatAll)) : null;
        const string NotComputed = "not computed by the audit";
        return new GroupCurves(group, (int)g.N, false, roc, roc is null ? g.RocReason ?? NotComputed : null,
            cal, cal is null ? NotComputed : null, dc, dc is null ? NotComputed : null);
    }

    private static ReliabilityBins Bins(ReliabilityValue b) =>
        new(Numbers(b.MeanPredicted), Numbers(b.Observed), b.Count.Select(x => (int)x).ToArray());

    /// <summary>A null inside a curve (e.g. the observed rate of an empty bin) is kept as NaN and never plotted.</summary>
    private static double[] Numbers(double?[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i] ?? double.NaN;
        return result;
    }
}
