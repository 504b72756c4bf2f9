using System.Text.Json;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Ingest;

/// <summary>
/// Validates and maps outcomes, the encounter replaced by its pseudonym. The kind must be an outcome kind some
/// registration uses (its positive kind or a censoring kind): a misspelt "sepsis-onset" would otherwise be stored and
/// never label anything, turning missed cases into apparent true negatives. An outcome of an encounter without
/// predictions yet is accepted and kept (the store matches it when they arrive).
/// </summary>
internal static class OutcomeIngest
{
    public static async Task<List<StoredOutcome>?> MapAsync(
        List<JsonElement> items, RegistrationCache registrations, Pseudonymizer pseudonyms, ValidationErrors errors, CancellationToken ct)
    {
        var mapped = new List<StoredOutcome>(items.Count);
        var checkedKinds = new Dictionary<string, (bool Known, string[] Kinds)>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var f = new EventFields(items[i], i, errors);
            if (!f.IsObject()) continue;
            var eventId = f.RequiredText("event_id");
            var encounter = f.RequiredText("encounter");
            var kind = f.RequiredText("kind");
            var time = f.RequiredTime("time");
            if (kind is not null)
            {
                if (!checkedKinds.TryGetValue(kind, out var known))
                    checkedKinds[kind] = known = await registrations.IsOutcomeKindAsync(kind, ct);
                if (!known.Known)
                {
                    errors.Add(f.At("kind"), known.Kinds.Length == 0
                        ? "no model is registered, so no outcome kind is known yet (POST /v1/models first)"
                        : $"'{kind}' is not an outcome kind of any registered model; expected one of: {string.Join(", ", known.Kinds)}");
                    kind = null;
                }
            }
            if (eventId is null || encounter is null || kind is null || time is null || errors.Any) continue;
            mapped.Add(new StoredOutcome(eventId, pseudonyms.Encounter(encounter), kind, time.Value));
        }
        return errors.Any ? null : mapped;
    }
}
