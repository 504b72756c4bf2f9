using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The few JSON values the store keeps in text columns (alert evidence and intervals, list parameters), written and
/// read with the UTF-8 writer and reader directly: no reflection, trimming-safe.
/// </summary>
internal static class StoreJson
{
    /// <summary>A JSON array of strings.</summary>
    public static string Strings(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var v in values)
                w.WriteStringValue(v);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON object of named numbers (null kept as null); NaN and infinities are stored as null (undefined).</summary>
    public static string Evidence(IReadOnlyDictionary<string, double?> evidence)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in evidence.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (value is { } v && double.IsFinite(v))
                    w.WriteNumber(key, v);
                else
                    w.WriteNull(key);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="Evidence"/>.</summary>
    public static IReadOnlyDictionary<string, double?> ReadEvidence(string json)
    {
        var result = new Dictionary<string, double?>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : null;
        return result;
    }

    /// <summary>A JSON array of numbers, or null.</summary>
    public static string? Numbers(double[]? values)
    {
        if (values is null)
            return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var v in values)
                w.WriteNumberValue(v);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="Numbers"/>.</summary>
    public static double[]? ReadNumbers(string? json)
    {
        if (json is null)
            return null;
        using var doc = JsonDocument.Parse(json);
        var result = new double[doc.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
            result[i++] = e.GetDouble();
        return result;
    }
}
