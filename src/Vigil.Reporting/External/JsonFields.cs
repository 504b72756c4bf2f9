using System.Text.Json;
using Vigil.Core;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>
/// Reading the JSON files the report takes (audit, drift, data audit, validation, mitigation) and typed access to their
/// fields (validation and mitigation): an unreadable file is a usage error (exit 2); invalid JSON or a missing
/// or wrongly typed field is a data error (exit 3) naming the file, the JSON path and what was expected.
/// </summary>
internal readonly struct JsonFields(string name)
{
    /// <summary>The file name used in messages.</summary>
    public string Name { get; } = name;

    /// <summary>Parses <paramref name="json"/>, or a data error naming the file and line.</summary>
    public JsonDocument Parse(string json)
    {
        try
        {
            var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            var found = Describe(doc.RootElement);
            doc.Dispose();
            throw VigilException.BadData($"{Name}: $: expected a JSON object, found {found}");
        }
        catch (JsonException e)
        {
            throw VigilException.BadData($"{Name}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
    }

    /// <summary>What a JSON value is, for messages ("an array", "null", "a number").</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>A finite number (a 400-digit integer or 1e400 does not fit a double and is not one).</summary>
    public static bool TryFinite(JsonElement v, out double value)
    {
        value = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out value) && double.IsFinite(value);
    }

    /// <summary>Checks $.schema against <paramref name="expected"/>.</summary>
    public void Schema(JsonElement root, string expected, string producer)
    {
        var schema = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (schema != expected)
            throw VigilException.BadData($"{Name}: $.schema is {(schema is null ? "missing" : $"'{schema}'")}, expected '{expected}' (the output of {producer})");
    }

    public VigilException Bad(string path, string key, string what) => VigilException.BadData($"{Name}: {path}.{key}: expected {what}");

    public JsonElement Obj(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Bad(path, key, "an object");

    public JsonElement.ArrayEnumerator Arr(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw Bad(path, key, "an array");

    public string Str(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(path, key, "a string");

    public double Num(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && TryFinite(v, out var d) ? d : throw Bad(path, key, "a finite number");

    public int Int(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0 ? i : throw Bad(path, key, "a non-negative whole number");

    public bool Bool(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Bad(path, key, "true or false");

    public static string? OptStr(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number, or null when absent or null (a difference with an undefined side).</summary>
    public double? OptNum(JsonElement e, string key, string path) =>
        e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : TryFinite(v, out var d) ? d : throw Bad(path, key, "a finite number or null");

    /// <summary>Strings of an array (empty when the key is absent).</summary>
    public IReadOnlyList<string> Strings(JsonElement e, string key, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw Bad(path, key, "an array of strings");
        var list = new List<string>();
        var i = 0;
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.String) throw Bad(path, $"{key}[{i}]", "a string");
            list.Add(x.GetString()!);
            i++;
        }
        return list;
    }

    /// <summary>A METRIC {value, ci: [lo, hi] | null, reason}: value null with its reason when undefined.</summary>
    public MetricValue Metric(JsonElement e, string key, string path)
    {
        var m = Obj(e, key, path);
        var p = $"{path}.{key}";
        var value = OptNum(m, "value", p);
        double? lo = null, hi = null;
        if (m.TryGetProperty("ci", out var ci) && ci.ValueKind != JsonValueKind.Null)
        {
            if (ci.ValueKind != JsonValueKind.Array || ci.GetArrayLength() != 2 || !TryFinite(ci[0], out var l) || !TryFinite(ci[1], out var h))
                throw Bad(p, "ci", "[lower, upper] or null");
            lo = l;
            hi = h;
        }
        return new MetricValue(value, lo, hi, OptStr(m, "reason"));
    }

    /// <summary>
    /// Reads <paramref name="path"/> given for the option <paramref name="key"/> (a catalogue key: "audit", "drift"):
    /// a usage error when it is missing or unreadable.
    /// </summary>
    public static string ReadText(string key, string path)
    {
        if (!File.Exists(path)) throw VigilException.Option(key, $"{path}: no such file");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Option(key, $"{path}: cannot read: {e.Message}");
        }
    }

    /// <summary>
    /// Runs a reader over a parsed document so that a value of an unexpected JSON kind deep inside it (a string where
    /// a number was expected, a 400-digit number) is a data error naming the file, not a crash: the readers check
    /// what they need field by field, and this catches what such checks missed.
    /// </summary>
    public static T Guarded<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException or OverflowException)
        {
            throw VigilException.BadData($"{name}: not a document of the expected shape: {e.Message}");
        }
    }
}
