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
        try
        {
            using var _ = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return null;
        }
        catch (JsonException e)
        {
            return $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}; expected a FHIR R4 resource in JSON";
        }
    }

    /// <summary>The resource, or null with every issue added to <paramref name="errors"/> by location.</summary>
    public static Resource? Parse(byte[] body, ValidationErrors errors)
    {
        // The SDK expects an object at the root and throws on 42, "text", true or null: answer those here (422, "$").
        var root = RootKind(body);
        if (root != JsonValueKind.Object)
        {
            errors.Add("$", $"expected a FHIR R4 resource (a JSON object with resourceType), not {(root == JsonValueKind.Undefined ? "malformed JSON" : root.ToString().ToLowerInvariant())}");
            return null;
        }
        var json = Encoding.UTF8.GetString(body);
        if (Deserializer.TryDeserializeResource(json, out var resource, out var issues) && resource is not null)
            return resource;
        var any = false;
        foreach (var issue in issues)
        {
            any = true;
            errors.Add(Location(issue), Message(issue));
        }
        if (!any) errors.Add("$", "not a FHIR R4 resource");
        return null;
    }

    private static JsonValueKind RootKind(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return doc.RootElement.ValueKind;
        }
        catch (JsonException)
        {
            return JsonValueKind.Undefined;
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
