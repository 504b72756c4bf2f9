using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Ingest;

/// <summary>
/// Validates and maps clinician actions. The reason must be a code (letters, digits, '_', '-', '.', ':'; at most 64
/// characters), not free text, which could carry names or notes that must not be stored.
/// </summary>
internal static class ActionIngest
{
    public const int MaxReasonLength = 64;

    public static List<StoredAction>? Map(List<JsonElement> items, ValidationErrors errors)
    {
        var mapped = new List<StoredAction>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var f = new EventFields(items[i], i, errors);
            if (!f.IsObject()) continue;
            var eventId = f.RequiredText("event_id");
            var predictionId = f.RequiredText("prediction_id");
            var time = f.RequiredTime("time");
            var action = Action(f);
            var reason = f.OptionalText("reason");
            if (reason is not null && (reason.Length > MaxReasonLength || !reason.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':')))
            {
                errors.Add(f.At("reason"), $"expected a coded reason (at most {MaxReasonLength} letters, digits, '_', '-', '.', ':'), not free text");
                reason = null;
            }
            var seconds = f.OptionalNumber("seconds_to_action", 0, double.MaxValue);
            if (eventId is null || predictionId is null || time is null || action is null || errors.Any) continue;
            mapped.Add(new StoredAction(eventId, predictionId, time.Value, action.Value, reason, seconds));
        }
        return errors.Any ? null : mapped;
    }

    private static ClinicianAction? Action(EventFields f)
    {
        const string expected = "expected one of: accepted, overridden, ignored";
        if (!f.TryGet("action", out var v))
        {
            f.Errors.Add(f.At("action"), "missing; " + expected);
            return null;
        }
        ClinicianAction? action = v.ValueKind == JsonValueKind.String ? v.GetString()!.ToLowerInvariant() switch
        {
            "accepted" => ClinicianAction.Accepted,
            "overridden" => ClinicianAction.Overridden,
            "ignored" => ClinicianAction.Ignored,
            _ => null,
        } : null;
        if (action is null) f.Errors.Add(f.At("action"), expected);
        return action;
    }
}
