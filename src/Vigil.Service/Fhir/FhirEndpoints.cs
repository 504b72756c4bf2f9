using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Endpoints;
using Vigil.Service.Http;
using Vigil.Service.Ingest;
using Vigil.Service.Security;

namespace Vigil.Service.Fhir;

/// <summary>
/// FHIR R4 (docs/fhir.md): POST /fhir (or /fhir/Bundle) takes a transaction or collection Bundle of RiskAssessment
/// with their Patient and Encounter and stores each as a prediction through the JSON ingest path; GET
/// /fhir/RiskAssessment/{event id} gives a stored prediction back as a RiskAssessment with pseudonymous references.
/// Invalid input is an RFC 7807 problem (400 not JSON, 415 another media type, 422 invalid) whose "errors" are keyed by
/// the FHIRPath-like location of the element.
/// </summary>
internal static class FhirEndpoints
{
    public const string FhirJson = "application/fhir+json";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/fhir").WithTags("fhir");
        foreach (var path in new[] { "", "/Bundle" })
            group.MapPost(path, IngestAsync).RequireAuthorization(ServicePolicies.Ingest)
                .Accepts<object>(FhirJson, "application/json")
                .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status400BadRequest)
                .WithSummary("Ingest a FHIR R4 Bundle (transaction or collection) of RiskAssessment with Patient and Encounter");
        group.MapGet("/RiskAssessment/{id}", ReadAsync).RequireAuthorization(ServicePolicies.Viewer)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A stored prediction as a FHIR R4 RiskAssessment (pseudonymous subject and encounter)");
    }

    private static async Task<IResult> IngestAsync(HttpContext ctx, FhirServices s)
    {
        var ct = ctx.RequestAborted;
        if (!IsFhirJson(ctx.Request.ContentType))
        {
            s.Metrics.Rejected("invalid");
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, $"expected Content-Type {FhirJson} (or application/json): a FHIR R4 Bundle in JSON");
        }
        var body = await BodyReader.ReadAsync(ctx.Request, s.Settings.MaxRequestBytes, ct);
        if (body is null)
        {
            s.Metrics.Rejected("too_large");
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {s.Settings.MaxRequestBytes:N0} bytes (limits.max_request_bytes); split the Bundle");
        }
        if (FhirResourceParser.JsonSyntaxError(body) is { } syntax)
        {
            s.Metrics.Rejected("invalid");
            return Problems.Field(StatusCodes.Status400BadRequest, "$", syntax);
        }
        var errors = new ValidationErrors();
        var resource = FhirResourceParser.Parse(body, errors);
        if (resource is not null and not Bundle)
            errors.Add("resourceType", $"expected a Bundle (transaction or collection) of RiskAssessment with Patient and Encounter, found {resource.TypeName}");
        if (errors.Any || resource is not Bundle bundle) return Invalid(s, errors);

        var (events, locations) = await BundleMapper.MapAsync(bundle, s.Store, errors, ct);
        if (locations.Count > s.Settings.MaxBatchEvents)
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"{locations.Count:N0} RiskAssessments; a Bundle may carry at most {s.Settings.MaxBatchEvents:N0} (split it)");
        using var batch = EventBatch.Parse(events, ndjson: false, s.Settings.MaxBatchEvents);
        var ingestErrors = new ValidationErrors();
        var predictions = await PredictionIngest.MapAsync(batch.Items, s.Registrations, s.Pseudonyms, ingestErrors, ct);
        foreach (var (path, messages) in ingestErrors.ToDictionary())
            foreach (var m in messages) errors.Add(Translate(path, locations), m);
        if (errors.Any || predictions is null) return Invalid(s, errors);

        var existed = new HashSet<string>(StringComparer.Ordinal);
        if (bundle.Type == Bundle.BundleType.Transaction)
            foreach (var p in predictions)
                if (await s.Workflow.GetPredictionAsync(p.EventId, ct) is not null) existed.Add(p.EventId);
        var result = await s.Store.AddPredictionsAsync(predictions, ct);
        s.Metrics.Ingested("prediction", result.Accepted, result.Duplicates);
        return Results.Text(Response(bundle, result, existed).ToJson(), FhirJson);
    }

    /// <summary>"[2].protected.age" → the FHIR element the field came from (the field, then its section, then the RiskAssessment).</summary>
    private static string Translate(string path, List<Dictionary<string, string>> locations)
    {
        var close = path.IndexOf(']', StringComparison.Ordinal);
        if (!path.StartsWith('[') || close < 0 || !int.TryParse(path.AsSpan(1, close - 1), out var i) || i >= locations.Count) return path;
        var field = path.Length > close + 2 ? path[(close + 2)..] : "";
        var at = locations[i];
        if (at.TryGetValue(field, out var location)) return location;
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && at.TryGetValue(field[..dot], out location)) return location;
        return at[""];
    }

    /// <summary>
    /// A transaction's answer is a transaction-response Bundle, one entry per request entry: a RiskAssessment "201
    /// Created" (with its location when its event id is a FHIR id) or "200 OK" when it was stored before (idempotent);
    /// a Patient, Encounter or Observation "200 OK" (read for the prediction, not stored). A collection's answer is an
    /// OperationOutcome with the counts.
    /// </summary>
    private static Resource Response(Bundle request, IngestResult result, HashSet<string> existed)
    {
        var summary = $"{result.Accepted} prediction(s) stored, {result.Duplicates} already stored (idempotent by event id)";
        if (request.Type != Bundle.BundleType.Transaction)
            return new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational, Diagnostics = summary }] };
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in request.Entry)
        {
            var component = new Bundle.ResponseComponent { Status = "200 OK" };
            if (entry.Resource is RiskAssessment ra && EventIdOf(ra) is { } eventId && !existed.Contains(eventId))
            {
                component.Status = "201 Created";
                if (FhirConventions.IsFhirId(eventId)) component.Location = "RiskAssessment/" + eventId;
            }
            response.Entry.Add(new Bundle.EntryComponent { Response = component });
        }
        return response;
    }

    /// <summary>The event id of a RiskAssessment as <see cref="BundleMapper"/> takes it.</summary>
    private static string? EventIdOf(RiskAssessment ra) => ra.Identifier.Count > 0 ? ra.Identifier[0].Value : ra.Id;

    private static async Task<IResult> ReadAsync(string id, HttpContext ctx, IMonitorStore store, IWorkflowStore workflow)
    {
        var ct = ctx.RequestAborted;
        var prediction = await workflow.GetPredictionAsync(id, ct);
        if (prediction is null) return Problems.Of(StatusCodes.Status404NotFound, "no prediction with this event id (RiskAssessment id)");
        var registration = await store.GetModelAsync(prediction.Model, prediction.Version, ct);
        if (registration is null) return Problems.Of(StatusCodes.Status404NotFound, "the prediction's model is not registered");
        return Results.Text(RiskAssessmentWriter.Write(prediction, registration).ToJson(), FhirJson);
    }

    private static IResult Invalid(FhirServices s, ValidationErrors errors)
    {
        s.Metrics.Rejected("invalid");
        var first = errors.ToDictionary().First();
        return Problems.Invalid(StatusCodes.Status422UnprocessableEntity,
            $"{errors.Count} error(s) in the FHIR resource; nothing was stored. First: {first.Key}: {first.Value[0]}", errors.ToDictionary());
    }

    /// <summary>application/fhir+json, application/json (any +json) or no type.</summary>
    private static bool IsFhirJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType.Value?.ToLowerInvariant();
        return type is "application/json" || (type?.EndsWith("+json", StringComparison.Ordinal) ?? false);
    }
}

/// <summary>What the FHIR ingest endpoint uses: the JSON ingest's services and the workflow store.</summary>
internal sealed record FhirServices(IMonitorStore Store, IWorkflowStore Workflow, RegistrationCache Registrations, Vigil.Monitoring.Pseudonymizer Pseudonyms,
    Configuration.ServiceSettings Settings, Telemetry.ServiceMetrics Metrics);
