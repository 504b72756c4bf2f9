using System.Globalization;
using System.Text.Json;

namespace Vigil.Service.Ingest;

/// <summary>
/// Typed reads of one event object's fields, each failure added to <see cref="ValidationErrors"/> under the field's
/// path with what was expected. Times must be ISO-8601 with an offset ("2026-03-01T08:15:00Z"): a clinical time without
/// one is ambiguous by hours.
/// </summary>
internal readonly struct EventFields(JsonElement item, int index, ValidationErrors errors)
{
    /// <summary>Longest identifier or name accepted.</summary>
    public const int MaxTextLength = 256;

    /// <summary>"[i]": made only when an error needs it (no allocation per valid event).</summary>
    public string Path => "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public ValidationErrors Errors { get; } = errors;

    /// <summary>Whether the event is a JSON object at all (else one error and no field reads).</summary>
    public bool IsObject()
    {
        if (item.ValueKind == JsonValueKind.Object) return true;
        Errors.Add(Path, $"expected an event object, found {Kind(item.ValueKind)}");
        return false;
    }

    public string At(string name) => Path + "." + name;

    public bool TryGet(string name, out JsonElement value) =>
        item.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A required non-empty string of at most <see cref="MaxTextLength"/> characters without control characters.</summary>
    public string? RequiredText(string name)
    {
        if (!TryGet(name, out var v))
        {
            Errors.Add(At(name), "missing; expected a non-empty string");
            return null;
        }
        return Text(name, v);
    }

    /// <summary>An optional string (null when absent or null).</summary>
    public string? OptionalText(string name) => TryGet(name, out var v) ? Text(name, v) : null;

    private string? Text(string name, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.String)
        {
            Errors.Add(At(name), $"expected a string, found {Kind(v.ValueKind)}");
            return null;
        }
        var s = v.GetString()!;
        if (s.Length == 0 || s.Length > MaxTextLength || HasControl(s))
        {
            Errors.Add(At(name), $"expected 1 to {MaxTextLength} characters without control characters");
            return null;
        }
        return s;
    }

    /// <summary>A required time: ISO-8601 with an offset, as Unix milliseconds.</summary>
    public long? RequiredTime(string name)
    {
        const string expected = "expected an ISO-8601 time with an offset, e.g. 2026-03-01T08:15:00Z";
        if (!TryGet(name, out var v))
        {
            Errors.Add(At(name), "missing; " + expected);
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || !HasOffset(v.GetString()!) || !v.TryGetDateTimeOffset(out var t))
        {
            Errors.Add(At(name), expected);
            return null;
        }
        return t.ToUnixTimeMilliseconds();
    }

    /// <summary>A required finite number in [min, max].</summary>
    public double? RequiredNumber(string name, double min, double max)
    {
        if (!TryGet(name, out var v))
        {
            Errors.Add(At(name), $"missing; expected a number in [{F(min)}, {F(max)}]");
            return null;
        }
        return Number(name, v, min, max);
    }

    /// <summary>An optional finite number in [min, max].</summary>
    public double? OptionalNumber(string name, double min, double max) =>
        TryGet(name, out var v) ? Number(name, v, min, max) : null;

    /// <summary>A finite number in [min, max] in field <paramref name="name"/> (of <paramref name="section"/> when given, e.g. "features").</summary>
    public double? Number(string name, JsonElement v, double min, double max, string? section = null)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d) || d < min || d > max)
        {
            var range = min == double.MinValue ? "expected a finite number" : $"expected a finite number in [{F(min)}, {F(max)}]";
            Errors.Add(At(section is null ? name : section + "." + name), range + (v.ValueKind == JsonValueKind.Number ? "" : $", found {Kind(v.ValueKind)}"));
            return null;
        }
        return d;
    }

    /// <summary>A required true/false.</summary>
    public bool? RequiredBool(string name)
    {
        if (!TryGet(name, out var v))
        {
            Errors.Add(At(name), "missing; expected true or false");
            return null;
        }
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Errors.Add(At(name), $"expected true or false, found {Kind(v.ValueKind)}");
            return null;
        }
        return v.GetBoolean();
    }

    /// <summary>An optional object (null when absent or null; an error when another kind).</summary>
    public JsonElement? OptionalObject(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Object) return v;
        Errors.Add(At(name), $"expected an object, found {Kind(v.ValueKind)}");
        return null;
    }

    /// <summary>Whether <paramref name="s"/> holds a control character (a loop: this runs for every text field of every event).</summary>
    public static bool HasControl(string s)
    {
        foreach (var c in s)
            if (char.IsControl(c)) return true;
        return false;
    }

    /// <summary>'…Z' or '…+hh:mm' / '…-hh:mm' after the time part.</summary>
    private static bool HasOffset(string s)
    {
        if (s.Length < 20 || s[10] is not ('T' or 't')) return false;
        if (s[^1] is 'Z' or 'z') return true;
        return s.Length >= 25 && s[^6] is '+' or '-' && s[^3] == ':';
    }

    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
