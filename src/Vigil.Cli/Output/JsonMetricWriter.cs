using System.Text;
using System.Text.Json;
using Vigil.Core;

namespace Vigil.Cli.Output;

/// <summary>Writes the METRIC shape shared by every Vigil JSON output: {"value", "ci", "reason"}.</summary>
public static class JsonMetricWriter
{
    public static void WriteMetric(this Utf8JsonWriter w, string name, Metric m)
    {
        w.WritePropertyName(name);
        w.WriteMetricValue(m);
    }

    public static void WriteMetricValue(this Utf8JsonWriter w, Metric m)
    {
        w.WriteStartObject();
        w.WriteNumberOrNull("value", m.Value);
        if (m.Ci is { } ci && m.Value.HasValue)
        {
            w.WriteStartArray("ci");
            w.WriteNumberValue(ci.Low);
            w.WriteNumberValue(ci.High);
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("ci");
        }
        if (m.Reason is null) w.WriteNull("reason");
        else w.WriteString("reason", m.Reason);
        if (m.CiMethod is not null) w.WriteString("ci_method", m.CiMethod);
        if (m.BootstrapCi is { } b && m.Value.HasValue)
        {
            w.WriteStartArray("bootstrap_ci");
            w.WriteNumberValue(b.Low);
            w.WriteNumberValue(b.High);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>A finite number, or null (JSON has no NaN).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    public static JsonWriterOptions Options => new() { Indented = true };

    /// <summary>
    /// Renders one Vigil JSON document: an object that starts with its "schema" (and, with
    /// <paramref name="withTool"/>, the "tool" block naming Vigil and its version), then whatever
    /// <paramref name="body"/> writes; indented, ending with a newline.
    /// </summary>
    public static string Document(string schema, bool withTool, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", schema);
            if (withTool)
            {
                w.WriteStartObject("tool");
                w.WriteString("name", "vigil");
                w.WriteString("version", ToolVersion.Value);
                w.WriteEndObject();
            }
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
