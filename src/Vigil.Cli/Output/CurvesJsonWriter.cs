using System.Text.Json;
using Vigil.Core.Calibration;
using Vigil.Core.Curves;
using Vigil.Core.Utility;

namespace Vigil.Cli.Output;

/// <summary>
/// Writes the "curves" section that `vigil audit --curves` adds to vigil.audit/v1 (docs/audit-json.md):
/// ROC points, reliability curves with the calibration metrics, and decision curves, overall and for every
/// group of every attribute and intersection, keyed as the "attributes" section. Suppressed (small-cell)
/// groups carry only "n" and "suppressed": true.
/// </summary>
public static class CurvesJsonWriter
{
    public static void Write(Utf8JsonWriter w, CurveAnalysisResult curves)
    {
        w.WriteStartObject("curves");
        WriteSettings(w, curves.Options);
        w.WritePropertyName("overall");
        WriteGroup(w, curves.Overall);
        w.WriteStartObject("by_attribute");
        foreach (var grouping in curves.Groupings)
        {
            w.WriteStartObject(grouping.Name);
            foreach (var group in grouping.Groups)
            {
                w.WritePropertyName(group.Key!.Label);
                WriteGroup(w, group);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter w, CurveOptions o)
    {
        w.WriteStartObject("settings");
        w.WriteNumber("bins", o.Bins);
        w.WriteNumber("bootstrap", o.Bootstrap);
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("confidence", o.Confidence);
        w.WriteNumber("min_cell", o.MinCell);
        w.WriteNumber("max_roc_points", o.MaxRocPoints);
        w.WriteNumber("probability_clamp", LogisticRecalibration.ClampLow);
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, GroupCurves g)
    {
        w.WriteStartObject();
        w.WriteNumber("n", g.N);
        w.WriteBoolean("suppressed", g.Suppressed);
        if (g.Suppressed)
        {
            w.WriteEndObject();
            return;
        }
        if (g.Roc is { } roc)
        {
            w.WriteStartObject("roc");
            WriteArray(w, "fpr", roc.Fpr);
            WriteArray(w, "tpr", roc.Tpr);
            WriteArray(w, "threshold", roc.Threshold);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("roc");
            w.WriteString("roc_reason", g.RocReason);
        }
        if (g.Calibration is { } calibration)
        {
            w.WriteStartObject("calibration");
            WriteReliability(w, "uniform", calibration.Uniform);
            WriteReliability(w, "quantile", calibration.Quantile);
            WriteCalibrationMetrics(w, calibration.Metrics);
            w.WriteEndObject();
        }
        if (g.DecisionCurve is { } decision) WriteDecision(w, decision);
        w.WriteEndObject();
    }

    /// <summary>The seven calibration METRICs under their JSON names (docs/calibration.md).</summary>
    internal static void WriteCalibrationMetrics(Utf8JsonWriter w, CalibrationMetrics metrics)
    {
        var all = metrics.All;
        for (var k = 0; k < all.Count; k++) w.WriteMetric(CalibrationMetrics.Names[k], all[k]);
    }

    /// <summary>A reliability curve: {mean_predicted, observed, count} of its non-empty bins.</summary>
    internal static void WriteReliability(Utf8JsonWriter w, string name, ReliabilityCurve curve)
    {
        w.WriteStartObject(name);
        WriteArray(w, "mean_predicted", curve.MeanPredicted);
        WriteArray(w, "observed", curve.Observed);
        w.WriteStartArray("count");
        foreach (var c in curve.Count) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, DecisionCurveResult d)
    {
        w.WriteStartObject("decision_curve");
        WriteArray(w, "threshold", d.Threshold);
        WriteArray(w, "net_benefit", d.NetBenefit);
        WriteArray(w, "treat_all", d.TreatAll);
        w.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (double.IsFinite(v)) w.WriteNumberValue(v);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }
}
