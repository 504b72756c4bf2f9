using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Vigil.Tests.Monitoring.Clinical;

/// <summary>
/// The Firely validator (Firely.Fhir.Validation.R4) over the offline R4 specification.zip of
/// Hl7.Fhir.Specification.Data.R4 (copied beside the tests), built once per test run: profile, cardinality,
/// invariant and binding checks of the core specification, no network.
/// </summary>
internal static class FhirValidation
{
    private static readonly Lazy<Validator> Instance = new(() =>
    {
        var zip = Path.Combine(AppContext.BaseDirectory, "specification.zip");
        var resolver = new CachedResolver(new ZipSource(zip));
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private static readonly object Gate = new();

    /// <summary>The error and fatal issues of validating <paramref name="json"/> (a FHIR R4 JSON resource), as "location: message".</summary>
    public static List<string> Errors(string json)
    {
        var resource = new FhirJsonDeserializer().DeserializeResource(json);
        OperationOutcome outcome;
        lock (Gate) outcome = Instance.Value.Validate(resource);
        return [.. outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")];
    }
}
