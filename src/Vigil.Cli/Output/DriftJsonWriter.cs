using System.Text.Json;
using Vigil.Core.Drift;

namespace Vigil.Cli.Output;

/// <summary>Renders a drift report as JSON, contract vigil.drift/v1 (docs/drift-json.md).</summary>
public static class DriftJsonWriter
{
    public const string Schema = "vigil.drift/v1";

    public static string Render(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonMetricWriter.Document(Schema, withTool: false, w =>
        {
            WriteSource(w, "reference", report.ReferencePath, report.ReferenceRows);
            WriteSource(w, "current", report.CurrentPath, report.CurrentRows);
            w.WriteString("tests_requested", report.TestSelection);
            WriteColumns(w, report.Overall.Columns, report);
            WriteDataset(w, report.Overall.Dataset);
            if (report.By is { } by) WriteBy(w, by, report);
            else w.WriteNull("by");
            if (report.Multivariate is { } mv) WriteMultivariate(w, mv);
            else w.WriteNull("multivariate");
            if (report.Stream is { } monitoring) WriteStream(w, monitoring);
            else w.WriteNull("sequential");
        });
    }

    private static void WriteSource(Utf8JsonWriter w, string name, string path, long rows)
    {
        w.WriteStartObject(name);
        w.WriteString("path", path);
        w.WriteNumber("rows", rows);
        w.WriteEndObject();
    }

    private static void WriteColumns(Utf8JsonWriter w, IReadOnlyList<ColumnDrift> columns, DriftReport report)
    {
        w.WriteStartArray("columns");
        foreach (var c in columns)
        {
            w.WriteStartObject();
            w.WriteString("column", c.Column);
            w.WriteString("type", c.Type == ColumnType.Numerical ? "numerical" : "categorical");
            w.WriteString("role", report.RoleOf(c.Column).ToString().ToLowerInvariant());
            w.WriteNumber("n_reference", c.ReferenceCount);
            w.WriteNumber("n_current", c.CurrentCount);
            w.WriteNumber("missing_reference", c.MissingReference);
            w.WriteNumber("missing_current", c.MissingCurrent);
            w.WriteString("default_test", c.DefaultTest);
            w.WriteString("drift_test", c.DriftTest);
            WriteBoolOrNull(w, "drift", c.Drift);
            JsonMetricWriter.WriteNumberOrNull(w, "score", c.Score);
            w.WriteStartObject("tests");
            foreach (var t in c.Tests)
            {
                w.WriteStartObject(t.Test);
                JsonMetricWriter.WriteNumberOrNull(w, "score", t.Score);
                w.WriteString("kind", t.Kind == ScoreKind.PValue ? "p_value" : "distance");
                w.WriteNumber("threshold", t.Threshold);
                WriteBoolOrNull(w, "drift", t.Drift);
                if (t.Reason is null) w.WriteNull("reason");
                else w.WriteString("reason", t.Reason);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            WriteHistogram(w, c);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteHistogram(Utf8JsonWriter w, ColumnDrift c)
    {
        if (c.Histogram is not { } h)
        {
            w.WriteNull("histogram");
            return;
        }
        w.WriteStartObject("histogram");
        w.WriteString("binning", h.Edges is null ? "per_value" : "sturges");
        if (h.Edges is { } edges)
        {
            w.WriteStartArray("edges");
            foreach (var e in edges) w.WriteNumberValue(e);
            w.WriteEndArray();
            w.WriteNull("keys");
        }
        else
        {
            w.WriteNull("edges");
            w.WriteStartArray("keys");
            foreach (var k in h.Keys!) w.WriteStringValue(k);
            w.WriteEndArray();
        }
        w.WriteStartArray("reference");
        foreach (var s in h.ReferenceShares) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("current");
        foreach (var s in h.CurrentShares) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDataset(Utf8JsonWriter w, DatasetDrift d)
    {
        w.WriteStartObject("dataset_drift");
        w.WriteNumber("columns", d.Columns);
        w.WriteNumber("drifted_columns", d.DriftedColumns);
        w.WriteNumber("undefined_columns", d.UndefinedColumns);
        JsonMetricWriter.WriteNumberOrNull(w, "share", d.Share);
        w.WriteNumber("threshold", d.Threshold);
        WriteBoolOrNull(w, "drift", d.Drift);
        w.WriteEndObject();
    }

    private static void WriteBy(Utf8JsonWriter w, GroupedDrift by, DriftReport report)
    {
        w.WriteStartObject("by");
        w.WriteString("column", by.Column);
        w.WriteStartArray("groups");
        foreach (var g in by.Groups)
        {
            w.WriteStartObject();
            w.WriteString("value", g.Value);
            w.WriteNumber("reference_rows", g.ReferenceRows);
            w.WriteNumber("current_rows", g.CurrentRows);
            WriteColumns(w, g.Result.Columns, report);
            WriteDataset(w, g.Result.Dataset);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteStrings(w, "only_in_reference", by.OnlyInReference);
        WriteStrings(w, "only_in_current", by.OnlyInCurrent);
        w.WriteEndObject();
    }

    private static void WriteMultivariate(Utf8JsonWriter w, Core.Drift.Multivariate.DomainClassifierResult mv)
    {
        w.WriteStartObject("multivariate");
        w.WriteString("method", "domain_classifier");
        w.WriteString("model", mv.Model);
        w.WriteNumber("folds", mv.Folds);
        w.WriteNumber("seed", mv.Seed);
        w.WriteNumber("rows", mv.Rows);
        w.WriteMetric("auroc", mv.Auroc);
        w.WriteStartArray("feature_importance");
        foreach (var f in mv.Features)
        {
            w.WriteStartObject();
            w.WriteString("feature", f.Feature);
            w.WriteNumber("auroc_drop", f.AurocDrop);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStream(Utf8JsonWriter w, Core.Drift.Sequential.StreamMonitoring m)
    {
        w.WriteStartObject("sequential");
        w.WriteString("column", m.Column);
        w.WriteNumber("reference_mean", m.ReferenceMean);
        w.WriteNumber("reference_sd", m.ReferenceSd);
        w.WriteNumber("observations", m.Observations);
        w.WriteStartArray("detectors");
        foreach (var d in m.Detectors)
        {
            w.WriteStartObject();
            w.WriteString("detector", d.Detector);
            w.WriteNumber("alarm_count", d.Alarms.Count);
            if (d.Alarms.Count > 0) w.WriteNumber("first_alarm", d.Alarms[0]);
            else w.WriteNull("first_alarm");
            w.WriteStartArray("alarms");
            foreach (var a in d.Alarms) w.WriteNumberValue(a);
            w.WriteEndArray();
            w.WriteStartObject("arl0");
            w.WriteNumber("mean", d.Arl0.Mean);
            w.WriteNumber("median", d.Arl0.Median);
            w.WriteNumber("runs", d.Arl0.Runs);
            w.WriteNumber("censored", d.Arl0.Censored);
            w.WriteNumber("max_length", d.Arl0.MaxLength);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteBoolOrNull(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } b) w.WriteBoolean(name, b);
        else w.WriteNull(name);
    }
}
