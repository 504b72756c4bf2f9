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
    /// no template here (e.g. the FHIR and CDS Hooks endpoints when they are added) is fuzzed with <see cref="Generic"/>:
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
    };

    /// <summary>The template of an endpoint without its own: an empty object, broken only in ways no JSON endpoint accepts.</summary>
    public static readonly BodyTemplate Generic = new(_ => [], false, []);

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
