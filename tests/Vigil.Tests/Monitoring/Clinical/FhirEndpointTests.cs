using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Clinical;

/// <summary>
/// FHIR R4 through real HTTP on SQLite: the shipped example Bundle is stored through the prediction ingest path
/// (pseudonyms, protected levels, site/unit, features, idempotency) and read back as a RiskAssessment that the Firely
/// validator passes with 0 errors; invalid resources answer 4xx problem details naming the element.
/// </summary>
public sealed class FhirEndpointTests(SqliteServiceFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteServiceFixture>
{
    public const string Model = "sepsis-early-warning";
    public const string Version = "sim-1.0";

    internal static string ExampleBundle => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "sepsis-monitoring", "fhir", "risk-assessment-bundle.json"));

    /// <summary>The simulator's model: age banded 45/65, sex, race and ethnicity; lactate and heart rate watched.</summary>
    internal static ModelRegistration Registration(string model = Model) => ServiceScenario.SepsisRegistration(model, version: Version) with
    {
        Protected = [new ProtectedSpec("age", [45, 65], null), new ProtectedSpec("sex", null, null), new ProtectedSpec("race_ethnicity", null, null)],
        Threshold = 0.0861,
    };

    internal static async Task RegisterAsync(ServiceTestHost host, ModelRegistration registration)
    {
        using var admin = host.Client();
        using var response = await admin.PostAsync("/v1/models", ServiceTestHost.Json(ServiceScenario.RegistrationJson(registration)));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    internal static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    [Fact]
    public async Task ExampleBundle_IsStoredOnce_AndReadBackAsValidPseudonymousRiskAssessment()
    {
        await RegisterAsync(fixture.Host, Registration());
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        using var first = await ingest.PostAsync("/fhir", Fhir(ExampleBundle));
        var body = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/fhir+json", first.Content.Headers.ContentType?.MediaType);
        using (var doc = JsonDocument.Parse(body))
        {
            Assert.Equal("transaction-response", doc.RootElement.GetProperty("type").GetString());
            var statuses = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("status").GetString()).ToArray();
            Assert.Equal("200 OK,200 OK,200 OK,201 Created", string.Join(",", statuses));
        }

        // the stored prediction: pseudonyms, levels from Patient, site/unit from Encounter, 
        var workflow = fixture.Host.App.Services.GetRequiredService<IWorkflowStore>();
        var stored = await workflow.GetPredictionAsync("ra-2026-03-01-000456");
        Assert.NotNull(stored);
        var pseudonyms = Pseudonymizer.FromBase64(ServiceTestHost.PseudonymKey);
        Assert.Equal(pseudonyms.Patient("MRN-000123"), stored.PatientKey);
        Assert.Equal(pseudonyms.Encounter("ENC-2026-000456"), stored.EncounterKey);
        Assert.Equal([">=65", "F", "black"], stored.Levels); // born 1956-09-14, predicted 2026-03-01: 69
        Assert.Equal(("north", "ed"), (stored.Site, stored.Unit));
        Assert.Equal(0.23, stored.Score);
        Assert.True(stored.Alert);
        Assert.Equal("sepsis-bundle:lactate,cultures,antibiotics,crystalloid-30ml-kg", stored.Suggestion);

        // the same Bundle again: idempotent by the RiskAssessment identifier
        using var again = await ingest.PostAsync("/fhir/Bundle", Fhir(ExampleBundle));
        Assert.Contains("\"200 OK\"", await again.Content.ReadAsStringAsync());
        Assert.DoesNotContain("201 Created", await again.Content.ReadAsStringAsync());
        var cells = await fixture.Host.Store.GetHourCellsAsync(Model, Version, 0, long.MaxValue);
        Assert.Equal(1, cells.Sum(c => c.Predictions));

        // read back: pseudonymous references only, valid against the R4 specification
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using var read = await viewer.GetAsync("/fhir/RiskAssessment/ra-2026-03-01-000456");
        var json = await read.Content.ReadAsStringAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK, json);
        Assert.DoesNotContain("MRN-000123", json);
        Assert.DoesNotContain("ENC-2026-000456", json);
        Assert.Contains(stored.PatientKey, json);
        using (var doc = JsonDocument.Parse(json))
        {
            var ra = doc.RootElement;
            Assert.Equal("RiskAssessment", ra.GetProperty("resourceType").GetString());
            Assert.Equal("ra-2026-03-01-000456", ra.GetProperty("id").GetString());
            Assert.Equal(0.23m, ra.GetProperty("prediction")[0].GetProperty("probabilityDecimal").GetDecimal());
            Assert.Equal("high", ra.GetProperty("prediction")[0].GetProperty("qualitativeRisk").GetProperty("coding")[0].GetProperty("code").GetString());
            Assert.Equal("2026-03-04T08:15:00+00:00", ra.GetProperty("prediction")[0].GetProperty("whenPeriod").GetProperty("end").GetString());
        }
        var watch = Stopwatch.StartNew();
        Assert.Empty(FhirValidation.Errors(json));
        output.WriteLine($"first validation (loads specification.zip): {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        Assert.Empty(FhirValidation.Errors(json));
        output.WriteLine($"second validation: {watch.ElapsedMilliseconds} ms");

        using var missing = await viewer.GetAsync("/fhir/RiskAssessment/no-such-event");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void ExampleBundle_IsValidFhir()
    {
        var errors = FhirValidation.Errors(ExampleBundle);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> InvalidResources()
    {
        const string ra = "Bundle.entry[3].resource";
        var b = ExampleBundle;
        return new()
        {
            { "wrong resourceType", "application/fhir+json", """{"resourceType":"Patient","gender":"female"}""", HttpStatusCode.UnprocessableEntity, "resourceType" },
            { "unknown resourceType", "application/fhir+json", """{"resourceType":"Bundel","type":"transaction"}""", HttpStatusCode.UnprocessableEntity, "" },
            { "missing probability", "application/fhir+json", b.Replace("\"probabilityDecimal\": 0.23,", ""), HttpStatusCode.UnprocessableEntity, ra + ".prediction[0].probabilityDecimal" },
            { "probability above 1", "application/fhir+json", b.Replace("\"probabilityDecimal\": 0.23", "\"probabilityDecimal\": 1.5"), HttpStatusCode.UnprocessableEntity, ra + ".prediction[0].probabilityDecimal" },
            { "probability below 0", "application/fhir+json", b.Replace("\"probabilityDecimal\": 0.23", "\"probabilityDecimal\": -0.2"), HttpStatusCode.UnprocessableEntity, ra + ".prediction[0].probabilityDecimal" },
            { "malformed JSON", "application/fhir+json", b[..200], HttpStatusCode.BadRequest, "$" },
            { "unknown model", "application/fhir+json", b.Replace("\"code\": \"sepsis-early-warning\"", "\"code\": \"no-such-model\""), HttpStatusCode.UnprocessableEntity, ra + ".method" },
            { "unknown version", "application/fhir+json", b.Replace("\"version\": \"sim-1.0\"", "\"version\": \"9.9\""), HttpStatusCode.UnprocessableEntity, ra + ".method" },
            { "no model coding", "application/fhir+json", b.Replace("urn:vigil:model", "urn:other"), HttpStatusCode.UnprocessableEntity, ra + ".method" },
            { "misspelt element", "application/fhir+json", b.Replace("\"probabilityDecimal\"", "\"probabilityDecimall\""), HttpStatusCode.UnprocessableEntity, ra + ".prediction[0]" },
            { "malformed birthDate", "application/fhir+json", b.Replace("1956-09-14", "1956-13-45"), HttpStatusCode.UnprocessableEntity, "Bundle.entry[0].resource.birthDate" },
            { "time without zone", "application/fhir+json", b.Replace("\"occurrenceDateTime\": \"2026-03-01T08:15:00Z\"", "\"occurrenceDateTime\": \"2026-03-01\""), HttpStatusCode.UnprocessableEntity, ra + ".occurrenceDateTime" },
            { "searchset Bundle", "application/fhir+json", b.Replace("\"type\": \"transaction\"", "\"type\": \"searchset\""), HttpStatusCode.UnprocessableEntity, "Bundle.type" },
            { "patient not in the Bundle", "application/fhir+json", b.Replace("\"subject\": { \"reference\": \"urn:uuid:6f1c2a7e-0d1b-4b8e-9a55-1e4a2f0c7d01\" },\n        \"encounter\": { \"reference\": \"urn:uuid:6f1c2a7e-0d1b-4b8e-9a55-1e4a2f0c7d02\" },\n        \"occurrenceDateTime\"", "\"subject\": { \"reference\": \"Patient/elsewhere\" },\n        \"encounter\": { \"reference\": \"urn:uuid:6f1c2a7e-0d1b-4b8e-9a55-1e4a2f0c7d02\" },\n        \"occurrenceDateTime\""), HttpStatusCode.UnprocessableEntity, ra + ".subject.reference" },
            { "missing event id", "application/fhir+json", b.Replace("\"identifier\": [{ \"system\": \"urn:vigil:event\", \"value\": \"ra-2026-03-01-000456\" }],", ""), HttpStatusCode.UnprocessableEntity, ra + ".identifier" },
            { "qualitativeRisk of another system", "application/fhir+json", b.Replace("http://terminology.hl7.org/CodeSystem/risk-probability", "urn:x"), HttpStatusCode.UnprocessableEntity, ra + ".prediction[0].qualitativeRisk" },
            { "another media type", "text/plain", b, HttpStatusCode.UnsupportedMediaType, "" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidResources))]
    public async Task InvalidResources_AnswerProblemDetailsNamingTheElement(string name, string contentType, string body, HttpStatusCode status, string location)
    {
        await RegisterAsync(fixture.Host, Registration());
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        var before = (await fixture.Host.Store.GetHourCellsAsync(Model, Version, 0, long.MaxValue)).Sum(c => c.Predictions);
        using var response = await ingest.PostAsync("/fhir", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        if (location.Length > 0)
        {
            var keys = doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.True(keys.Any(k => k.StartsWith(location, StringComparison.Ordinal)), $"{name}: expected an error at {location}, got {string.Join(" | ", keys)}: {text}");
        }
        else if (status == HttpStatusCode.UnprocessableEntity)
            Assert.True(doc.RootElement.GetProperty("errors").EnumerateObject().Any(), text);
        Assert.DoesNotContain("MRN-000123", text);
        Assert.Equal(before, (await fixture.Host.Store.GetHourCellsAsync(Model, Version, 0, long.MaxValue)).Sum(c => c.Predictions));
    }

    [Fact]
    public async Task FhirEndpoints_RefuseWrongRoles()
    {
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using var post = await viewer.PostAsync("/fhir", Fhir(ExampleBundle));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        using var read = await ingest.GetAsync("/fhir/RiskAssessment/x");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using var none = fixture.Host.Client(null);
        using var anonymous = await none.PostAsync("/fhir", Fhir(ExampleBundle));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
