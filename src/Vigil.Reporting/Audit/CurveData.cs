using System.Text.Json;
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

/// <summary>Reads the optional top-level "curves" block of a vigil.audit/v1 document; errors name the file and JSON path.</summary>
public static class CurveJsonReader
{
    /// <summary>The curves, or null when the document has none.</summary>
    public static CurveSet? Read(JsonElement root, string name)
    {
        if (!root.TryGetProperty("curves", out var curves) || curves.ValueKind == JsonValueKind.Null) return null;
        if (curves.ValueKind != JsonValueKind.Object) throw Bad(name, "$.curves", "an object");
        if (!curves.TryGetProperty("overall", out var overall) || overall.ValueKind != JsonValueKind.Object) throw Bad(name, "$.curves.overall", "an object");
        var attributes = new List<AttributeCurves>();
        if (curves.TryGetProperty("by_attribute", out var by) && by.ValueKind == JsonValueKind.Object)
            foreach (var attribute in by.EnumerateObject())
            {
                var path = $"$.curves.by_attribute.{attribute.Name}";
                if (attribute.Value.ValueKind != JsonValueKind.Object) throw Bad(name, path, "an object of groups");
                attributes.Add(new AttributeCurves(attribute.Name,
                    attribute.Value.EnumerateObject().Select(g => Group(name, g.Name, g.Value, $"{path}.{g.Name}")).ToList()));
            }
        return new CurveSet(Group(name, "overall", overall, "$.curves.overall"), attributes);
    }

    private static GroupCurves Group(string name, string group, JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Bad(name, path, "an object");
        int? n = e.TryGetProperty("n", out var nn) && nn.ValueKind == JsonValueKind.Number ? nn.GetInt32() : null;
        var suppressed = e.TryGetProperty("suppressed", out var s) && s.ValueKind == JsonValueKind.True;
        if (suppressed) return new GroupCurves(group, n, true, null, "suppressed", null, "suppressed", null, "suppressed");
        var (rocElement, rocReason) = Part(e, "roc");
        var (calElement, calReason) = Part(e, "calibration");
        var (dcElement, dcReason) = Part(e, "decision_curve");
        RocCurve? roc = null;
        if (rocElement is { } r)
        {
            var fpr = Numbers(name, r, "fpr", $"{path}.roc");
            var tpr = Numbers(name, r, "tpr", $"{path}.roc");
            Same(name, $"{path}.roc", fpr.Length, tpr.Length, "tpr");
            roc = new RocCurve(fpr, tpr);
        }
        CalibrationCurve? cal = null;
        if (calElement is { } c)
        {
            var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
            foreach (var key in new[] { "brier", "ece", "mce", "oe_ratio", "citl", "slope", "intercept" })
                if (c.TryGetProperty(key, out var m) && m.ValueKind == JsonValueKind.Object) metrics[key] = Metric(m);
            cal = new CalibrationCurve(Bins(name, c, "uniform", $"{path}.calibration"), Bins(name, c, "quantile", $"{path}.calibration"), metrics);
        }
        DecisionCurve? dc = null;
        if (dcElement is { } d)
        {
            var t = Numbers(name, d, "threshold", $"{path}.decision_curve");
            var nb = Numbers(name, d, "net_benefit", $"{path}.decision_curve");
            var all = Numbers(name, d, "treat_all", $"{path}.decision_curve");
            Same(name, $"{path}.decision_curve", t.Length, nb.Length, "net_benefit");
            Same(name, $"{path}.decision_curve", t.Length, all.Length, "treat_all");
            dc = new DecisionCurve(t, nb, all);
        }
        return new GroupCurves(group, n, false, roc, rocReason, cal, calReason, dc, dcReason);
    }

    /// <summary>The part's object, or null with the group's "reason" (or the part's own) when it is null or absent.</summary>
    private static (JsonElement? Element, string? Reason) Part(JsonElement group, string key)
    {
        if (group.TryGetProperty(key, out var p) && p.ValueKind == JsonValueKind.Object)
        {
            if (p.TryGetProperty("reason", out var own) && own.ValueKind == JsonValueKind.String && !p.TryGetProperty("fpr", out _)
                && !p.TryGetProperty("threshold", out _) && !p.TryGetProperty("uniform", out _))
                return (null, own.GetString());
            return (p, null);
        }
        var reason = group.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()
            : group.TryGetProperty(key + "_reason", out var r2) && r2.ValueKind == JsonValueKind.String ? r2.GetString() : null;
        return (null, reason ?? "not computed by the audit");
    }

    private static ReliabilityBins? Bins(string name, JsonElement calibration, string key, string path)
    {
        if (!calibration.TryGetProperty(key, out var b) || b.ValueKind != JsonValueKind.Object) return null;
        var p = $"{path}.{key}";
        var predicted = Numbers(name, b, "mean_predicted", p);
        var observed = Numbers(name, b, "observed", p);
        var count = Numbers(name, b, "count", p);
        Same(name, p, predicted.Length, observed.Length, "observed");
        Same(name, p, predicted.Length, count.Length, "count");
        return new ReliabilityBins(predicted, observed, count.Select(x => (int)x).ToArray());
    }

    private static double[] Numbers(string name, JsonElement e, string key, string path)
    {
        if (!e.TryGetProperty(key, out var a) || a.ValueKind != JsonValueKind.Array) throw Bad(name, $"{path}.{key}", "an array of numbers");
        var values = new double[a.GetArrayLength()];
        var i = 0;
        foreach (var x in a.EnumerateArray())
        {
            // A null inside a curve (e.g. the observed rate of an empty bin) is kept as NaN and never plotted.
            values[i] = x.ValueKind == JsonValueKind.Number ? x.GetDouble()
                : x.ValueKind == JsonValueKind.Null ? double.NaN
                : throw Bad(name, $"{path}.{key}[{i}]", "a number");
            i++;
        }
        return values;
    }

    private static void Same(string name, string path, int expected, int actual, string key)
    {
        if (expected != actual) throw VigilException.BadData($"{name}: {path}.{key}: {actual} values, expected {expected} (one per point)");
    }

    private static MetricValue Metric(JsonElement m)
    {
        double? value = m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        double? lo = null, hi = null;
        if (m.TryGetProperty("ci", out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
            && ci[0].ValueKind == JsonValueKind.Number && ci[1].ValueKind == JsonValueKind.Number)
        {
            lo = ci[0].GetDouble();
            hi = ci[1].GetDouble();
        }
        var reason = m.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return new MetricValue(value, lo, hi, reason);
    }

    private static VigilException Bad(string name, string path, string what) => VigilException.BadData($"{name}: {path}: expected {what}");
}
