using System.Globalization;
using System.Text.Json;
using Vigil.Data;
using Vigil.Monitoring;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Ingest;

/// <summary>
/// Validates a batch of prediction events and maps them to <see cref="StoredPrediction"/>: identifiers replaced by
/// their pseudonyms (the raw ids go no further than this method), protected values banded into the registration's
/// levels, watched features in registration order (missing → NaN) and binned against the reference with the score.
/// All or nothing: one invalid event and the batch maps to nothing.
/// </summary>
internal static class PredictionIngest
{
    /// <summary>The stored form of every event, or null with <paramref name="errors"/> filled.</summary>
    public static async Task<List<StoredPrediction>?> MapAsync(
        List<JsonElement> items, RegistrationCache registrations, Pseudonymizer pseudonyms, ValidationErrors errors, CancellationToken ct)
    {
        var mapped = new List<StoredPrediction>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var f = new EventFields(items[i], i, errors);
            if (!f.IsObject()) continue;
            var eventId = f.RequiredText("event_id");
            var model = f.RequiredText("model");
            var version = f.RequiredText("model_version");
            var time = f.RequiredTime("time");
            var encounter = f.RequiredText("encounter");
            var patient = f.RequiredText("patient");
            var site = f.OptionalText("site");
            var unit = f.OptionalText("unit");
            var score = f.RequiredNumber("score", 0, 1);
            var alert = f.RequiredBool("alert");
            var suggestion = f.OptionalText("suggestion");
            IngestPlan? plan = null;
            if (model is not null && version is not null)
            {
                plan = await registrations.GetAsync(model, version, ct);
                if (plan is null) errors.Add(f.At("model"), $"model '{model}' version '{version}' is not registered (POST /v1/models first)");
            }
            if (plan is null) continue;
            var levels = Levels(f, plan);
            var (features, featureBins) = Features(f, plan);
            if (eventId is null || time is null || encounter is null || patient is null || score is null || alert is null || levels is null || features is null)
                continue;
            if (errors.Any) continue; // keep validating the rest, map nothing
            var windowEnd = time.Value + plan.WindowMs;
            mapped.Add(new StoredPrediction(
                eventId, plan.Registration.Id, plan.Registration.Version, time.Value,
                pseudonyms.Encounter(encounter), pseudonyms.Patient(patient),
                site, unit, levels, features, featureBins!, score.Value,
                ReferenceBinning.BinOf(plan.ScoreBins, score.Value),
                alert.Value, suggestion, windowEnd, windowEnd + plan.LabelDelayMs));
        }
        return errors.Any ? null : mapped;
    }

    /// <summary>
    /// The event's level of every protected attribute in registration order (banded ones through their bands). An
    /// attribute absent or null forms the level "(missing)", as in a batch audit (<see cref="AuditLoader.MissingLevel"/>),
    /// so those patients stay a visible group; an attribute the registration does not know is an error (a misspelt name
    /// would otherwise put everyone in "(missing)").
    /// </summary>
    private static string[]? Levels(EventFields f, IngestPlan plan)
    {
        var names = plan.Registration.Protected;
        var levels = new string[names.Count];
        Array.Fill(levels, AuditLoader.MissingLevel);
        if (!f.TryGet("protected", out _)) return levels;
        if (f.OptionalObject("protected") is not { } obj) return null;
        var ok = true;
        foreach (var p in obj.EnumerateObject())
        {
            if (!plan.Attributes.TryGetValue(p.Name, out var index))
            {
                f.Errors.Add(f.At("protected." + p.Name), $"unknown protected attribute; expected one of: {string.Join(", ", names.Select(n => n.Name))}");
                ok = false;
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            var text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => null,
            };
            if (text is null || text.Length == 0 || text.Length > EventFields.MaxTextLength || EventFields.HasControl(text))
            {
                f.Errors.Add(f.At("protected." + p.Name), $"expected a non-empty string or number (null: missing), found {EventFields.Kind(p.Value.ValueKind)}");
                ok = false;
                continue;
            }
            if (plan.BandsOf[index] is { } bands)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    f.Errors.Add(f.At("protected." + p.Name), $"expected a number ({p.Name} is banded at {string.Join(", ", bands.Edges.Select(e => e.ToString("R", CultureInfo.InvariantCulture)))})");
                    ok = false;
                    continue;
                }
                levels[index] = plan.BandLabels[index]![bands.BandOf(v)];
            }
            else levels[index] = text;
        }
        return ok ? levels : null;
    }

    /// <summary>Watched features in registration order (absent or null → NaN) and their reference bins; unwatched features are ignored.</summary>
    private static (double[]? Values, int[]? Bins) Features(EventFields f, IngestPlan plan)
    {
        var values = new double[plan.Features.Count];
        Array.Fill(values, double.NaN);
        var ok = true;
        if (f.OptionalObject("features") is { } obj)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (!plan.Features.TryGetValue(p.Name, out var index) || p.Value.ValueKind == JsonValueKind.Null) continue;
                var v = f.Number(p.Name, p.Value, double.MinValue, double.MaxValue, "features");
                if (v is null) ok = false;
                else values[index] = v.Value;
            }
        }
        if (!ok) return (null, null);
        if (plan.FeatureBins is not { } reference) return (values, []);
        var bins = new int[values.Length];
        for (var i = 0; i < values.Length; i++) bins[i] = ReferenceBinning.BinOf(reference[i], values[i]);
        return (values, bins);
    }
}
