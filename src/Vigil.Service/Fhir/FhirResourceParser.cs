using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Vigil.Service.Ingest;

namespace Vigil.Service.Fhir;

/// <summary>
/// Reads a FHIR R4 JSON resource with the Firely SDK's deserializer in strict mode: unknown elements, wrong types,
/// malformed primitives (dates, decimals, codes) and a wrong or missing resourceType are errors at their FHIRPath-like
/// location ("Bundle.entry[1].resource.birthDate"). JSON that does not parse at all is reported separately (400).
/// </summary>
internal static class FhirResourceParser
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>Why the body is not JSON (line and byte), or null when it is.</summary>
    public static string? JsonSyntaxError(byte[] body)
    {
        // Bad UTF-8 would reach the SDK as replacement characters (a garbled MRN stored as if valid) and a lone surrogate
        // escape throws when read (a 500); a key given twice ("resourceType") means one thing here and another elsewhere.
        if (Http.JsonText.Problem(body) is { } text) return text;
        try
        {
            using var _ = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return null;
        }
        catch (JsonException e)
        {
            var what = e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a property given twice" : "not valid JSON";
            return $"{what} at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}; expected a FHIR R4 resource in JSON";
        }
    }

    /// <summary>The resource, or null with every issue added to <paramref name="errors"/> by location.</summary>
    public static Resource? Parse(byte[] body, ValidationErrors errors)
    {
        // The SDK expects an object at the root and throws on 42, "text", true or null: answer those here (422, "$").
        var (root, type) = RootKind(body);
        if (root != JsonValueKind.Object)
        {
            errors.Add("$", $"expected a FHIR R4 resource (a JSON object with resourceType), not {(root == JsonValueKind.Undefined ? "malformed JSON" : root.ToString().ToLowerInvariant())}");
            return null;
        }
        // The SDK throws (a 500) on a resourceType that is not a string: answer that here too (422, "resourceType").
        if (type != JsonValueKind.String)
        {
            errors.Add("resourceType", type == JsonValueKind.Undefined
                ? "missing; expected the resource's type, e.g. \"Bundle\""
                : $"expected a string naming the resource's type (e.g. \"Bundle\"), not {type.ToString().ToLowerInvariant()}");
            return null;
        }
        var json = Encoding.UTF8.GetString(body);
        Resource? resource;
        IEnumerable<CodedException> issues;
        try
        {
            if (Deserializer.TryDeserializeResource(json, out resource, out var found) && resource is not null)
                return resource;
            issues = found;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            // Anything else the SDK cannot read is the sender's input, not the service's failure.
            errors.Add("$", $"the FHIR R4 parser could not read the resource: {e.Message.Split('\n')[0]}");
            return null;
        }
        var any = false;
        foreach (var issue in issues)
        {
            any = true;
            errors.Add(Location(issue), Message(issue));
        }
        if (!any) errors.Add("$", "not a FHIR R4 resource");
        return null;
    }

    /// <summary>The root's kind and, for an object, the kind of its resourceType (Undefined when absent or not JSON).</summary>
    private static (JsonValueKind Root, JsonValueKind ResourceType) RootKind(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resourceType", out var t) ? t.ValueKind : JsonValueKind.Undefined;
            return (root.ValueKind, type);
        }
        catch (JsonException)
        {
            return (JsonValueKind.Undefined, JsonValueKind.Undefined);
        }
    }

    private static string Location(CodedException issue) =>
        issue is ExtendedCodedException { InstancePath: { Length: > 0 } p } ? p : "$";

    /// <summary>The SDK's message without its trailing location sentence (the location is the key).</summary>
    private static string Message(CodedException issue)
    {
        var m = issue is ExtendedCodedException { BaseErrorMessage: { Length: > 0 } baseMessage } ? baseMessage : issue.Message;
        var at = m.IndexOf(" At ", StringComparison.Ordinal);
        return (at > 0 ? m[..at] : m).TrimEnd('.') + $" ({issue.ErrorCode})";
    }
}
