using System.Text.Json;
using Vigil.Core;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Audit;

/// <summary>
/// Reads a vigil.audit/v1 document (docs/audit-json.md). Anything missing or of the wrong kind is a data
/// error naming the file and the JSON path, never a crash.
/// </summary>
public static class AuditJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.audit/v1";

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static AuditReportModel ReadFile(string path)
    {
        var text = JsonFields.ReadText("audit", path);
        return JsonFields.Guarded(path, () => Parse(text, path));
    }

    /// <summary>Parses the text of an audit document; <paramref name="name"/> names it in errors.</summary>
    public static AuditReportModel Parse(string json, string name)
    {
        using (var doc = new JsonFields(name).Parse(json))
        {
            var r = new Reader(name);
            var root = doc.RootElement;
            var schema = r.String(root, "schema", "$");
            if (schema != Schema) throw VigilException.BadData($"{name}: $.schema is '{schema}', expected '{Schema}' (the output of vigil audit --format json)");
            var input = r.Object(root, "input", "$");
            var settings = r.Object(root, "settings", "$");
            var overall = r.Object(root, "overall", "$");
            var attributes = new List<AttributeAudit>();
            var i = 0;
            foreach (var a in r.Array(root, "attributes", "$"))
            {
                attributes.Add(ReadAttribute(r, a, $"$.attributes[{i}]"));
                i++;
            }
            var notes = root.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.Array
                ? n.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            int? minCell = settings.TryGetProperty("min_cell", out var mc) ? mc.TryGetInt32OrNull() : null;
            var bootstrap = settings.TryGetProperty("bootstrap", out var b) && b.TryGetInt32OrNull() is { } count ? count : 0;
            return new AuditReportModel(
                Path.GetFileName(name),
                r.String(input, "file", "$.input"),
                r.String(input, "label", "$.input"),
                r.String(input, "positive_label", "$.input"),
                Reader.OptionalString(input, "score"),
                Reader.OptionalString(input, "prediction"),
                Reader.OptionalNumber(input, "threshold"),
                r.Number(settings, "confidence", "$.settings"),
                bootstrap,
                minCell,
                (int)r.Number(root, "rows", "$"),
                new GroupAudit("overall", (int)r.Number(overall, "n", "$.overall"), (int)(r.Metric(r.Object(overall, "metrics", "$.overall"), "positives", "$.overall.metrics").Value ?? 0),
                    ReadMetrics(r, r.Object(overall, "metrics", "$.overall"), "$.overall.metrics"), null, null),
                attributes,
                notes)
            { Curves = CurveJsonReader.Read(root, Path.GetFileName(name)) };
        }
    }

    private static AttributeAudit ReadAttribute(Reader r, JsonElement a, string path)
    {
        var columns = r.Array(a, "columns", path)
            .Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw VigilException.BadData($"{r.Name}: {path}.columns: expected strings")).ToList();
        var groups = new List<GroupAudit>();
        var j = 0;
        foreach (var g in r.Array(a, "groups", path))
        {
            var gp = $"{path}.groups[{j}]";
            var tests = g.TryGetProperty("tests", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            groups.Add(new GroupAudit(
                r.String(g, "group", gp),
                (int)r.Number(g, "n", gp),
                (int)r.Number(g, "positives", gp),
                ReadMetrics(r, r.Object(g, "metrics", gp), gp + ".metrics"),
                ReadTest(r, tests, "fnr_vs_reference"),
                ReadTest(r, tests, "fpr_vs_reference")));
            j++;
        }
        var disparities = new Dictionary<string, IReadOnlyDictionary<string, MetricValue>>(StringComparer.Ordinal);
        if (a.TryGetProperty("disparities", out var d) && d.ValueKind == JsonValueKind.Object)
            foreach (var section in d.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
                disparities[section.Name] = ReadMetrics(r, section.Value, $"{path}.disparities.{section.Name}");
        return new AttributeAudit(r.String(a, "name", path), columns, r.String(a, "reference_group", path), groups) { Disparities = disparities };
    }

    private static Dictionary<string, MetricValue> ReadMetrics(Reader r, JsonElement metrics, string path)
    {
        var result = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var p in metrics.EnumerateObject())
            result[p.Name] = r.Metric(metrics, p.Name, path);
        return result;
    }

    private static GroupTest? ReadTest(Reader r, JsonElement tests, string name)
    {
        if (tests.ValueKind != JsonValueKind.Object || !tests.TryGetProperty(name, out var t) || t.ValueKind != JsonValueKind.Object) return null;
        return new GroupTest(Reader.OptionalNumber(t, "difference"), Reader.OptionalNumber(t, "p_value"), Reader.OptionalNumber(t, "p_adjusted"),
            Reader.OptionalString(t, "method"), Reader.OptionalString(t, "reason"));
    }

    /// <summary>A whole number that fits an int, else null (a 400-digit integer is not a count).</summary>
    private static int? TryGetInt32OrNull(this JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) ? i : null;

    /// <summary>Typed access that names the file and path on failure.</summary>
    private sealed class Reader(string name)
    {
        public string Name => name;

        private VigilException Missing(string path, string key, string what) =>
            VigilException.BadData($"{name}: {path}.{key}: expected {what}");

        public JsonElement Object(JsonElement e, string key, string path) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Missing(path, key, "an object");

        public JsonElement.ArrayEnumerator Array(JsonElement e, string key, string path) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw Missing(path, key, "an array");

        public string String(JsonElement e, string key, string path) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Missing(path, key, "a string");

        public double Number(JsonElement e, string key, string path) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && JsonFields.TryFinite(v, out var d) ? d : throw Missing(path, key, "a finite number");

        public static string? OptionalString(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public static double? OptionalNumber(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && JsonFields.TryFinite(v, out var d) ? d : null;

        public MetricValue Metric(JsonElement metrics, string key, string path)
        {
            if (metrics.ValueKind != JsonValueKind.Object || !metrics.TryGetProperty(key, out var m) || m.ValueKind != JsonValueKind.Object) throw Missing(path, key, "a METRIC object");
            double? lo = null, hi = null;
            if (m.TryGetProperty("ci", out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
                && JsonFields.TryFinite(ci[0], out var l) && JsonFields.TryFinite(ci[1], out var h))
            {
                lo = l;
                hi = h;
            }
            return new MetricValue(OptionalNumber(m, "value"), lo, hi, OptionalString(m, "reason"));
        }
    }
}
