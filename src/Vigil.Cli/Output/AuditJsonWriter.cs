using System.Text.Json;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Curves;

namespace Vigil.Cli.Output;

/// <summary>Where an audit's data came from, for the JSON "input" block.</summary>
public sealed record AuditInputInfo(string File, string Label, string PositiveLabel, string? Score, string? Prediction, double? Threshold,
    IReadOnlyList<string> Notes);

/// <summary>Renders an audit as vigil.audit/v1 JSON (docs/audit-json.md).</summary>
public static class AuditJsonWriter
{
    public const string Schema = "vigil.audit/v1";

    public static string Render(AuditResult result, AuditInputInfo input, CurveAnalysisResult? curves = null)
    {
        return JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            WriteInput(w, input);
            WriteSettings(w, result.Options);
            w.WriteNumber("rows", result.Rows);

            w.WriteStartObject("overall");
            w.WriteNumber("n", result.Rows);
            WriteMetrics(w, result.Overall);
            w.WriteEndObject();

            w.WriteStartArray("attributes");
            foreach (var grouping in result.Groupings) WriteGrouping(w, grouping);
            w.WriteEndArray();

            w.WriteStartObject("inequality");
            foreach (var m in result.Inequality) w.WriteMetric(m.Name, m.Metric);
            w.WriteEndObject();

            w.WriteStartArray("notes");
            foreach (var note in input.Notes) w.WriteStringValue(note);
            w.WriteEndArray();

            if (curves is not null) CurvesJsonWriter.Write(w, curves); // `vigil audit --curves` only
        });
    }

    private static void WriteInput(Utf8JsonWriter w, AuditInputInfo input)
    {
        w.WriteStartObject("input");
        w.WriteString("file", input.File);
        w.WriteString("label", input.Label);
        w.WriteString("positive_label", input.PositiveLabel);
        if (input.Score is null) w.WriteNull("score");
        else w.WriteString("score", input.Score);
        if (input.Prediction is null) w.WriteNull("prediction");
        else w.WriteString("prediction", input.Prediction);
        w.WriteNumberOrNull("threshold", input.Threshold);
        w.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter w, AuditOptions o)
    {
        w.WriteStartObject("settings");
        w.WriteNumber("confidence", o.Confidence);
        w.WriteNumber("bootstrap", o.Bootstrap);
        w.WriteNumber("seed", o.Seed);
        w.WriteNumber("bootstrap_score_bins", o.BootstrapScoreBins);
        w.WriteNumber("min_cell", o.MinCell);
        w.WriteNumber("generalized_entropy_alpha", o.GeneralizedEntropyAlpha);
        w.WriteNumber("sedf_concentration", o.SedfConcentration);
        w.WriteEndObject();
    }

    private static void WriteGrouping(Utf8JsonWriter w, GroupingResult grouping)
    {
        w.WriteStartObject();
        w.WriteString("name", grouping.Name);
        w.WriteStartArray("columns");
        foreach (var c in grouping.Columns) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteString("reference_group", grouping.ReferenceGroup);
        w.WriteBoolean("reference_is_default", grouping.ReferenceIsDefault);
        w.WriteStartArray("groups");
        foreach (var g in grouping.Groups)
        {
            w.WriteStartObject();
            w.WriteString("group", g.Key.Label);
            w.WriteStartObject("values");
            foreach (var (column, value) in g.Key.Values) w.WriteString(column, value);
            w.WriteEndObject();
            w.WriteNumber("n", g.N);
            w.WriteNumber("positives", (long)(g[GroupMetric.Positives].Value ?? 0));
            w.WriteBoolean("small_cell", g.SmallCell);
            WriteMetrics(w, g.Metrics);
            w.WriteStartObject("tests");
            WriteTest(w, "fnr_vs_reference", g.FnrVsReference);
            WriteTest(w, "fpr_vs_reference", g.FprVsReference);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("disparities");
        WriteFamily(w, "between_groups", grouping.BetweenGroups);
        WriteFamily(w, "to_overall", grouping.ToOverall);
        WriteFamily(w, "vs_reference", grouping.VsReference);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<Metric> metrics)
    {
        w.WriteStartObject("metrics");
        for (var m = 0; m < metrics.Count; m++) w.WriteMetric(GroupMetrics.Name((GroupMetric)m), metrics[m]);
        w.WriteEndObject();
    }

    private static void WriteFamily(Utf8JsonWriter w, string name, IReadOnlyList<NamedMetric> family)
    {
        w.WriteStartObject(name);
        foreach (var m in family) w.WriteMetric(m.Name, m.Metric);
        w.WriteEndObject();
    }

    private static void WriteTest(Utf8JsonWriter w, string name, RateTest t)
    {
        w.WriteStartObject(name);
        w.WriteNumberOrNull("difference", t.Difference);
        w.WriteNumberOrNull("p_value", t.PValue);
        w.WriteNumberOrNull("p_adjusted", t.PAdjusted);
        if (t.Method is null) w.WriteNull("method");
        else w.WriteString("method", t.Method);
        w.WriteNumberOrNull("statistic", t.Statistic);
        if (t.Reason is null) w.WriteNull("reason");
        else w.WriteString("reason", t.Reason);
        w.WriteEndObject();
    }
}

/// <summary>The tool's informational version, for outputs.</summary>
public static class ToolVersion
{
    public static string Value { get; } =
        typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
