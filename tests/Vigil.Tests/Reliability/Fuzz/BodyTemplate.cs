using System.Text.Json.Nodes;
using Vigil.Tests.Monitoring.Service;

namespace Vigil.Tests.Reliability.Fuzz;

/// <summary>How a field may be broken so that the request is certainly invalid.</summary>
internal enum FieldKind
{
    /// <summary>A required string (wrong type, null, missing: all invalid).</summary>
    Text,

    /// <summary>A required string with a fixed set of values or a format (also invalid: another word).</summary>
    Word,

    /// <summary>A required bounded number (also invalid: out of range, 1e400, 400 digits).</summary>
    Number,

    /// <summary>A required true/false.</summary>
    Bool,

    /// <summary>A required object or array.</summary>
    Structure,
}

/// <summary>A field of a body template that the fuzzer may break, and how.</summary>
internal sealed record FuzzField(string Name, FieldKind Kind);

/// <summary>
/// A valid body of one endpoint (for event endpoints, one event; the batch is three of them), and its required fields.
/// Every mutation the generators apply to a required field makes the request invalid, so the service must refuse it.
/// </summary>
internal sealed record BodyTemplate(Func<int, JsonObject> Item, bool IsBatch, IReadOnlyList<FuzzField> Fields)
{
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The templates by "METHOD route" (the route as the OpenAPI document spells it). An endpoint that takes a body and has
    /// no template here (a new endpoint, until one is added) is fuzzed with <see cref="Generic"/>:
    /// malformations that no JSON endpoint can accept (truncated, invalid UTF-8, 10,000 levels, not JSON, wrong type).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, BodyTemplate> ByEndpoint = new Dictionary<string, BodyTemplate>(StringComparer.Ordinal)
    {
        ["POST /v1/predictions"] = new(i => Parse(ServiceScenario.Prediction("fz", i, Base.AddHours(i), 50 + i, "F", 0.4, false)), true,
        [
            new("event_id", FieldKind.Text), new("model", FieldKind.Word), new("model_version", FieldKind.Word), new("time", FieldKind.Word),
            new("encounter", FieldKind.Text), new("patient", FieldKind.Text), new("score", FieldKind.Number), new("alert", FieldKind.Bool),
        ]),
        ["POST /v1/actions"] = new(i => Parse(ServiceScenario.Action("fz", i, Base.AddHours(i))), true,
            [new("event_id", FieldKind.Text), new("prediction_id", FieldKind.Text), new("time", FieldKind.Word), new("action", FieldKind.Word)]),
        ["POST /v1/outcomes"] = new(i => Parse(ServiceScenario.Outcome("fz", i, Base.AddHours(i))), true,
            [new("event_id", FieldKind.Text), new("encounter", FieldKind.Text), new("kind", FieldKind.Word), new("time", FieldKind.Word)]),
        ["POST /v1/models"] = new(_ => Parse(ServiceScenario.RegistrationJson(ServiceScenario.SepsisRegistration("fuzz-model"))), false,
        [
            new("schema", FieldKind.Word), new("id", FieldKind.Text), new("version", FieldKind.Text), new("intended_use", FieldKind.Text),
            new("protected", FieldKind.Structure), new("watched_features", FieldKind.Structure), new("threshold", FieldKind.Number),
            new("outcome", FieldKind.Structure), new("min_cell", FieldKind.Number), new("monitors", FieldKind.Structure),
        ]),
        ["POST /v1/alerts/{id}/transition"] = new(_ => Parse("""{"state":"acknowledged","note":"seen"}"""), false, [new("state", FieldKind.Word)]),
        ["POST /v1/keys"] = new(_ => Parse("""{"name":"fuzz-key","role":"viewer"}"""), false, [new("name", FieldKind.Text), new("role", FieldKind.Word)]),
        ["POST /fhir"] = new(_ => Parse(FhirBundle), false,
            [new("resourceType", FieldKind.Word), new("type", FieldKind.Word), new("entry", FieldKind.Structure)]),
        ["POST /fhir/Bundle"] = new(_ => Parse(FhirBundle), false,
            [new("resourceType", FieldKind.Word), new("type", FieldKind.Word), new("entry", FieldKind.Structure)]),
        ["POST /cds-services/{id}"] = new(_ => Parse("""
            {"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{"patientId":"MRN-FZ-RAW","encounterId":"ENC-FZ-RAW"}}
            """), false, [new("hook", FieldKind.Word), new("hookInstance", FieldKind.Text), new("context", FieldKind.Structure)]),
        ["POST /cds-services/{id}/feedback"] = new(_ => Parse("""
            {"feedback":[{"card":"00000000-0000-4000-8000-00000000c0de","outcome":"accepted","outcomeTimestamp":"2026-03-01T08:21:00Z"}]}
            """), false, [new("feedback", FieldKind.Structure)]),
    };

    /// <summary>A valid FHIR transaction Bundle of one RiskAssessment of the registered model with its Patient and Encounter.</summary>
    private const string FhirBundle = """
        {"resourceType":"Bundle","type":"transaction","entry":[
         {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","identifier":[{"value":"MRN-FZ-RAW"}],"gender":"female","birthDate":"1956-09-14"},"request":{"method":"POST","url":"Patient"}},
         {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000002","resource":{"resourceType":"Encounter","identifier":[{"value":"ENC-FZ-RAW"}],"status":"in-progress","class":{"code":"EMER"}},"request":{"method":"POST","url":"Encounter"}},
         {"fullUrl":"urn:uuid:00000000-0000-4000-8000-000000000004","resource":{"resourceType":"RiskAssessment","identifier":[{"value":"fz-fhir-1"}],"status":"final",
          "method":{"coding":[{"system":"urn:vigil:model","code":"sepsis-ews","version":"1.0.0"}]},
          "subject":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000001"},"encounter":{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"},
          "occurrenceDateTime":"2026-03-01T08:15:00Z","prediction":[{"probabilityDecimal":0.42}]},"request":{"method":"POST","url":"RiskAssessment"}}]}
        """;

    /// <summary>The template of an endpoint without its own: an empty object, broken only in ways no JSON endpoint accepts.</summary>
    public static readonly BodyTemplate Generic = new(_ => [], false, []);

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
