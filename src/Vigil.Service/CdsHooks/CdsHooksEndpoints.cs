using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Http;
using Vigil.Service.Ingest;
using Vigil.Service.Security;
using Vigil.Service.Telemetry;

namespace Vigil.Service.CdsHooks;

/// <summary>
/// CDS Hooks 2.0 (docs/cds-hooks.md): GET /cds-services lists one patient-view service per registered model;
/// POST /cds-services/{model id} answers a patient-view call with the card of the latest prediction for the encounter
/// in context when its alert fired; POST /cds-services/{model id}/feedback turns accepted / overridden feedback on a
/// card into a clinician action through the action ingest. Callers authenticate as the service's other clients (JWT
/// bearer per the CDS Hooks security model, HS256 here, or an API key): the EHR acts with the ingest role.
/// </summary>
internal static class CdsHooksEndpoints
{
    /// <summary>The hook answered: the sepsis suggestion is shown when the chart is opened.</summary>
    public const string Hook = "patient-view";

    /// <summary>The services these endpoints need (the workflow store is the monitor store's other face).</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(sp => (IWorkflowStore)sp.GetRequiredService<IMonitorStore>());
        services.TryAddSingleton<ICardSafeguards, StoreCardSafeguards>();
        services.AddSingleton<CdsServices>();
        services.AddSingleton<Fhir.FhirServices>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/cds-services").WithTags("cds-hooks");
        group.MapGet("", DiscoveryAsync).RequireAuthorization(ServicePolicies.AnyRole)
            .WithSummary("CDS Hooks discovery: one patient-view service per registered model");
        group.MapPost("/{id}", CallAsync).RequireAuthorization(ServicePolicies.Ingest)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("CDS Hooks patient-view call: the sepsis card of the encounter's latest prediction");
        group.MapPost("/{id}/feedback", FeedbackAsync).RequireAuthorization(ServicePolicies.Ingest)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("CDS Hooks feedback: accepted / overridden (with reason) on a card, stored as a clinician action");
    }

    private static async Task<IResult> DiscoveryAsync(HttpContext ctx, IMonitorStore store)
    {
        var models = await store.ListModelsAsync(ctx.RequestAborted);
        var services = new List<CdsServiceDescription>();
        foreach (var id in models.Select(m => m.Id).Distinct(StringComparer.Ordinal))
        {
            var newest = models.Last(m => m.Id == id);
            services.Add(new CdsServiceDescription(Hook, id, $"{id}: sepsis early-warning suggestion",
                $"{newest.IntendedUse}. Shows the latest prediction's suggested protocol for the encounter in context when its alert fired, with any active safeguard; feedback at /cds-services/{id}/feedback.",
                "context.encounterId is required; authenticate with a JWT bearer token (HS256, configured issuer and audience, role ingest)"));
        }
        return Results.Json(new CdsDiscovery(services), CdsHooksJsonContext.Default.CdsDiscovery);
    }

    private static async Task<IResult> CallAsync(string id, HttpContext ctx, CdsServices s)
    {
        var ct = ctx.RequestAborted;
        var (root, problem) = await ReadObjectAsync(ctx, s.Settings);
        if (problem is not null) return problem;
        using var doc = root!;
        var errors = new ValidationErrors();
        var body = doc.RootElement;
        var hook = Text(body, "hook", "hook", errors);
        if (hook is not null && hook != Hook) errors.Add("hook", $"this service answers '{Hook}', not '{hook}'");
        Text(body, "hookInstance", "hookInstance", errors);
        string? encounterId = null;
        if (!body.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
            errors.Add("context", "missing; expected an object with patientId and encounterId");
        else encounterId = Text(context, "encounterId", "context.encounterId", errors);
        if (errors.Any) return Problems.Invalid(StatusCodes.Status400BadRequest, Summary(errors), errors.ToDictionary());

        var registration = await s.Store.GetModelAsync(id, null, ct);
        if (registration is null) return Problems.Of(StatusCodes.Status404NotFound, $"no CDS service '{id}' (no model with this id is registered; see GET /cds-services)");
        var prediction = await s.Workflow.GetLatestPredictionAsync(id, null, s.Pseudonyms.Encounter(encounterId!), ct);
        if (prediction is null || !prediction.Alert)
            return Results.Json(new CdsResponse([]), CdsHooksJsonContext.Default.CdsResponse);
        var predictionRegistration = await s.Store.GetModelAsync(prediction.Model, prediction.Version, ct) ?? registration;
        var now = s.Time.GetUtcNow();
        var safeguards = await s.Safeguards.ActiveForAsync(predictionRegistration, prediction, now, ct);
        var uuid = Guid.NewGuid().ToString();
        await s.Workflow.AddCardAsync(new StoredCard(uuid, prediction.EventId, prediction.Model, prediction.Version, id, now.ToUnixTimeMilliseconds()), ct);
        var card = SepsisCard.Build(uuid, prediction, predictionRegistration, safeguards);
        return Results.Json(new CdsResponse([card]), CdsHooksJsonContext.Default.CdsResponse);
    }

    private static async Task<IResult> FeedbackAsync(string id, HttpContext ctx, CdsServices s)
    {
        var ct = ctx.RequestAborted;
        var (root, problem) = await ReadObjectAsync(ctx, s.Settings);
        if (problem is not null) return problem;
        using var doc = root!;
        var errors = new ValidationErrors();
        if (!doc.RootElement.TryGetProperty("feedback", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            return Problems.Field(StatusCodes.Status400BadRequest, "feedback", "missing; expected a non-empty array of feedback objects");
        if (list.GetArrayLength() > s.Settings.MaxBatchEvents)
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"at most {s.Settings.MaxBatchEvents:N0} feedback entries per request");

        // Each feedback becomes an ActionEvent; the action ingest validates and maps it (its errors are put back at the feedback's path).
        var buffer = new ArrayBufferWriter<byte>();
        var paths = new List<string>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            var i = 0;
            foreach (var f in list.EnumerateArray())
            {
                var at = $"feedback[{i++}]";
                paths.Add(at);
                if (f.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(at, "expected a feedback object");
                    continue;
                }
                var uuid = Text(f, "card", at + ".card", errors);
                var outcome = Text(f, "outcome", at + ".outcome", errors);
                if (outcome is not null and not ("accepted" or "overridden"))
                    errors.Add(at + ".outcome", "expected accepted or overridden");
                var time = Text(f, "outcomeTimestamp", at + ".outcomeTimestamp", errors);
                string? reason = null;
                if (f.TryGetProperty("overrideReason", out var o) && o.ValueKind == JsonValueKind.Object
                    && o.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.Object)
                    reason = Text(r, "code", at + ".overrideReason.reason.code", errors);
                else if (f.TryGetProperty("overrideReason", out var bad) && bad.ValueKind != JsonValueKind.Null && bad.ValueKind != JsonValueKind.Object)
                    errors.Add(at + ".overrideReason", "expected an object with reason (a Coding) and userComment");
                StoredCard? card = null;
                if (uuid is not null)
                {
                    card = await s.Workflow.GetCardAsync(uuid, ct);
                    if (card is null || card.ServiceId != id) errors.Add(at + ".card", $"no card with this uuid was returned by service '{id}'");
                }
                w.WriteStartObject();
                w.WriteString("event_id", "cds-feedback:" + uuid);
                if (card is not null) w.WriteString("prediction_id", card.PredictionId);
                if (time is not null) w.WriteString("time", time);
                if (outcome is not null) w.WriteString("action", outcome);
                if (outcome == "overridden" && reason is not null) w.WriteString("reason", reason);
                if (card is not null && time is not null && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t))
                {
                    var seconds = (t.ToUnixTimeMilliseconds() - card.CreatedAtMs) / 1000.0;
                    if (seconds >= 0) w.WriteNumber("seconds_to_action", seconds);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (errors.Any) return Problems.Invalid(StatusCodes.Status400BadRequest, Summary(errors), errors.ToDictionary());
        using var batch = EventBatch.Parse(buffer.WrittenSpan.ToArray(), ndjson: false, s.Settings.MaxBatchEvents);
        var ingestErrors = new ValidationErrors();
        var actions = ActionIngest.Map(batch.Items, ingestErrors);
        foreach (var (path, messages) in ingestErrors.ToDictionary())
            foreach (var m in messages) errors.Add(Translate(path, paths), m);
        if (errors.Any || actions is null) return Problems.Invalid(StatusCodes.Status400BadRequest, Summary(errors), errors.ToDictionary());
        var result = await s.Store.AddActionsAsync(actions, ct);
        s.Metrics.Ingested("action", result.Accepted, result.Duplicates);
        return Results.Json(new CdsFeedbackResult(result.Accepted, result.Duplicates), CdsHooksJsonContext.Default.CdsFeedbackResult);
    }

    /// <summary>"[1].reason" → "feedback[1].overrideReason.reason.code", "[1].time" → "feedback[1].outcomeTimestamp".</summary>
    private static string Translate(string path, List<string> paths)
    {
        var close = path.IndexOf(']', StringComparison.Ordinal);
        if (!path.StartsWith('[') || close < 0 || !int.TryParse(path.AsSpan(1, close - 1), out var i) || i >= paths.Count) return path;
        var field = path.Length > close + 2 ? path[(close + 2)..] : "";
        return paths[i] + field switch
        {
            "reason" => ".overrideReason.reason.code",
            "time" => ".outcomeTimestamp",
            "action" => ".outcome",
            "prediction_id" or "event_id" => ".card",
            "" => "",
            _ => "." + field,
        };
    }

    private static string Summary(ValidationErrors errors)
    {
        var first = errors.ToDictionary().First();
        return $"{errors.Count} error(s) in the CDS Hooks request; nothing was stored. First: {first.Key}: {first.Value[0]}";
    }

    /// <summary>A required non-empty string at <paramref name="path"/>.</summary>
    private static string? Text(JsonElement obj, string name, string path, ValidationErrors errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "missing; expected a non-empty string");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 and <= EventFields.MaxTextLength } s || EventFields.HasControl(s))
        {
            errors.Add(path, $"expected a non-empty string of at most {EventFields.MaxTextLength} characters, found {EventFields.Kind(v.ValueKind)}");
            return null;
        }
        return s;
    }

    private static async Task<(JsonDocument? Root, IResult? Problem)> ReadObjectAsync(HttpContext ctx, ServiceSettings settings)
    {
        if (!JsonBody.IsJson(ctx.Request.ContentType))
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "expected Content-Type application/json: a CDS Hooks request"));
        var body = await BodyReader.ReadAsync(ctx.Request, settings.MaxRequestBytes, ctx.RequestAborted);
        if (body is null) return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {settings.MaxRequestBytes:N0} bytes"));
        // Bad UTF-8 and lone surrogate escapes parse but throw when a string is read (a 500); duplicate keys mean one
        // thing to one parser and another to the next. All three are refused before anything is read.
        if (JsonText.Problem(body) is { } text) return (null, Problems.Field(StatusCodes.Status400BadRequest, "$", text));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return (null, Problems.Field(StatusCodes.Status400BadRequest, "$", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}"));
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            return (null, Problems.Field(StatusCodes.Status400BadRequest, "$", "expected a JSON object"));
        }
        return (doc, null);
    }
}

/// <summary>What the CDS Hooks endpoints use.</summary>
internal sealed record CdsServices(IMonitorStore Store, IWorkflowStore Workflow, Pseudonymizer Pseudonyms, ICardSafeguards Safeguards,
    ServiceSettings Settings, ServiceMetrics Metrics, TimeProvider Time);
