using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Http;
using Vigil.Service.Ingest;
using Vigil.Service.Security;
using Vigil.Service.Telemetry;

namespace Vigil.Service.Endpoints;

/// <summary>
/// POST /v1/predictions, /v1/actions and /v1/outcomes: a JSON array or NDJSON of at most 10,000 events, validated
/// whole before anything is stored (one bad event: 422 naming every failing field, nothing stored), identifiers
/// pseudonymised, and answered with <see cref="IngestResult"/> only after the store committed. Bodies are never logged.
/// </summary>
internal static class IngestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireAuthorization(ServicePolicies.Ingest).WithTags("ingest");
        Describe(group.MapPost("/predictions", (HttpContext ctx, IngestServices s) => IngestAsync(ctx, s, "prediction")), "predictions", typeof(List<PredictionEvent>));
        Describe(group.MapPost("/actions", (HttpContext ctx, IngestServices s) => IngestAsync(ctx, s, "action")), "clinician actions", typeof(List<ActionEvent>));
        Describe(group.MapPost("/outcomes", (HttpContext ctx, IngestServices s) => IngestAsync(ctx, s, "outcome")), "outcomes", typeof(List<OutcomeEvent>));
    }

    private static void Describe(RouteHandlerBuilder route, string what, Type body) =>
        route.Accepts(body, "application/json", "application/x-ndjson")
            .Produces<IngestResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary($"Ingest a batch of {what} (JSON array or NDJSON; idempotent by event_id)");

    private static async Task<IResult> IngestAsync(HttpContext ctx, IngestServices s, string kind)
    {
        var ct = ctx.RequestAborted;
        var ndjson = IsNdjson(ctx.Request.ContentType, out var supported);
        if (!supported)
        {
            s.Metrics.Rejected("invalid");
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "expected Content-Type application/json (a JSON array of events) or application/x-ndjson (one event per line)");
        }
        // Disposed (the pooled buffer returned) after the batch, whose documents read it in place.
        using var body = await BodyReader.ReadPooledAsync(ctx.Request, s.Settings.MaxRequestBytes, ct);
        if (body is null)
        {
            s.Metrics.Rejected("too_large");
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {s.Settings.MaxRequestBytes:N0} bytes (limits.max_request_bytes); split the batch");
        }
        using var batch = EventBatch.Parse(body.Memory, ndjson, s.Settings.MaxBatchEvents);
        if (batch.Error is { } error)
        {
            s.Metrics.Rejected(error.TooMany ? "too_large" : "invalid");
            return error.TooMany
                ? Problems.Of(StatusCodes.Status413PayloadTooLarge, error.Message)
                : Problems.Field(StatusCodes.Status400BadRequest, error.Path, error.Message);
        }
        var errors = new ValidationErrors();
        IngestResult result;
        switch (kind)
        {
            case "prediction":
                var predictions = await PredictionIngest.MapAsync(batch.Items, s.Registrations, s.Pseudonyms, errors, ct);
                if (predictions is null) return Invalid(s, errors, batch.Items.Count);
                result = await s.Store.AddPredictionsAsync(predictions, ct);
                break;
            case "action":
                var actions = ActionIngest.Map(batch.Items, errors);
                if (actions is null) return Invalid(s, errors, batch.Items.Count);
                result = await s.Store.AddActionsAsync(actions, ct);
                break;
            default:
                var outcomes = await OutcomeIngest.MapAsync(batch.Items, s.Registrations, s.Pseudonyms, errors, ct);
                if (outcomes is null) return Invalid(s, errors, batch.Items.Count);
                result = await s.Store.AddOutcomesAsync(outcomes, ct);
                break;
        }
        s.Metrics.Ingested(kind, result.Accepted, result.Duplicates);
        return Results.Json(result, MonitoringJsonContext.Default.IngestResult);
    }

    private static IResult Invalid(IngestServices s, ValidationErrors errors, int events)
    {
        s.Metrics.Rejected("invalid");
        return Problems.Invalid(StatusCodes.Status422UnprocessableEntity, errors.Summary(events), errors.ToDictionary());
    }

    /// <summary>NDJSON by application/x-ndjson (or application/ndjson, application/jsonl); JSON by application/json, a +json type or no type.</summary>
    private static bool IsNdjson(string? contentType, out bool supported)
    {
        supported = true;
        if (string.IsNullOrEmpty(contentType)) return false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            supported = false;
            return false;
        }
        var type = media.MediaType.Value?.ToLowerInvariant();
        if (type is "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines") return true;
        supported = type is "application/json" || (type?.EndsWith("+json", StringComparison.Ordinal) ?? false);
        return false;
    }
}

/// <summary>What the ingest endpoints use, resolved once per request.</summary>
internal sealed record IngestServices(IMonitorStore Store, RegistrationCache Registrations, Pseudonymizer Pseudonyms, ServiceSettings Settings, ServiceMetrics Metrics);
