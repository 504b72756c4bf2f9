using System.Data.Common;
using System.Runtime.InteropServices;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    private const string InsertPrediction = """
        INSERT INTO predictions (event_id, model, version, time_ms, hour_ms, encounter_key, patient_key, site, unit, cell,
            features, score, alert, suggestion, window_end_ms, mature_at_ms, state, label)
        VALUES (@id, @model, @version, @time, @hour, @encounter, @patient, @site, @unit, @cell, @features, @score, @alert,
            @suggestion, @window_end, @mature_at, @state, @label)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly string[] PredictionNames =
        ["id", "model", "version", "time", "hour", "encounter", "patient", "site", "unit", "cell", "features", "score", "alert",
         "suggestion", "window_end", "mature_at", "state", "label"];

    /// <remarks>
    /// One transaction: lock the batch's encounters (shared), read their outcomes (they may have arrived first) and the
    /// store's "now", label each prediction with <see cref="LabelRule"/>, insert in event-id order (ON CONFLICT DO NOTHING:
    /// duplicates, also within the batch, are skipped), then add only the rows actually inserted to the hourly windows
    /// and bins (one upsert per distinct key) and count the clinician actions that were waiting for them. On SQLite the
    /// batch joins the store's group commit (<see cref="GroupCommit"/>): it shares one transaction, and so one fsync and
    /// one window upsert per key, with the batches that arrived while the previous group was being written; it is
    /// acknowledged only when that transaction has committed.
    /// </remarks>
    public async Task<IngestResult> AddPredictionsAsync(IReadOnlyList<StoredPrediction> predictions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
            return new IngestResult(0, 0);
        var sorted = new StoredPrediction[predictions.Count];
        for (var i = 0; i < sorted.Length; i++)
            sorted[i] = Validate(predictions[i]);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.EventId, b.EventId));
        var encounters = Sql.DistinctSorted(sorted.Select(p => p.EncounterKey));
        var accepted = _groupCommit is { } group
            ? await group.SubmitAsync(sorted, encounters, ct)
            : await WriteAsync(async (c, tx) =>
            {
                var windows = new WindowDeltas();
                var n = await InsertPredictionsAsync(c, tx, sorted, encounters, windows, ct);
                await windows.SaveAsync(_dialect, c, tx, ct);
                return n;
            }, ct);
        return new IngestResult(accepted, predictions.Count - accepted);
    }

    /// <summary>
    /// Inside a write transaction: labels and inserts <paramref name="sorted"/> (event-id order; <paramref name="encounters"/>
    /// their distinct encounters, sorted) and adds the rows actually inserted, and the actions that waited for them, to
    /// <paramref name="windows"/> (which the caller saves). Returns the number of rows inserted.
    /// </summary>
    internal async Task<int> InsertPredictionsAsync(DbConnection c, DbTransaction tx, StoredPrediction[] sorted, string[] encounters,
        WindowDeltas windows, CancellationToken ct)
    {
        await _dialect.LockEncountersAsync(c, tx, encounters, exclusive: false, ct);
        var outcomes = await OutcomesOfAsync(c, tx, encounters, ct);
        var now = await ReadClockAsync(c, tx, ct);
        var states = new LabelState[sorted.Length];
        var hours = new long[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var p = sorted[i];
            var definition = await DefinitionAsync(c, tx, p.Model, p.Version, ct);
            IReadOnlyList<StoredOutcome> own = outcomes.TryGetValue(p.EncounterKey, out var list) ? list : NoOutcomes;
            states[i] = LabelRule.Evaluate(p.TimeMs, p.WindowEndMs, p.MatureAtMs, definition, own, now);
            hours[i] = Sql.HourOf(p.TimeMs);
        }
        var affected = await _dialect.ExecuteRowsAsync(c, tx, InsertPrediction, PredictionNames, sorted.Length, (i, v) =>
        {
            var p = sorted[i];
            v[0] = p.EventId; v[1] = p.Model; v[2] = p.Version; v[3] = p.TimeMs; v[4] = hours[i]; v[5] = p.EncounterKey;
            v[6] = p.PatientKey; v[7] = p.Site; v[8] = p.Unit; v[9] = p.Cell; v[10] = FeatureBytes(p.Features);
            v[11] = p.Score; v[12] = p.Alert ? 1 : 0; v[13] = p.Suggestion; v[14] = p.WindowEndMs; v[15] = p.MatureAtMs;
            v[16] = (int)states[i]; v[17] = LabelRule.LabelOf(states[i]);
        }, ct);
        var inserted = new Dictionary<string, CellRef>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (affected[i] != 1)
                continue;
            var p = sorted[i];
            windows.AddPrediction(p, hours[i], states[i]);
            inserted[p.EventId] = new CellRef(p.Model, p.Version, hours[i], p.Cell);
        }
        if (inserted.Count > 0)
            await CountActionsAsync(c, tx, [.. inserted.Keys], inserted, windows, ct);
        return inserted.Count;
    }

    private static readonly StoredOutcome[] NoOutcomes = [];

    private static StoredPrediction Validate(StoredPrediction p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (string.IsNullOrEmpty(p.EventId))
            throw VigilException.Option("event_id", "a prediction has no event id");
        if (!(p.Score >= 0 && p.Score <= 1))
            throw VigilException.Option("score", $"prediction {p.EventId}: score {p.Score} is outside [0, 1]");
        if (p.WindowEndMs < p.TimeMs || p.MatureAtMs < p.WindowEndMs)
            throw VigilException.Option("time", $"prediction {p.EventId}: expected time <= window end <= mature at");
        return p;
    }

    private static byte[]? FeatureBytes(double[] features) =>
        features is null || features.Length == 0 ? null : MemoryMarshal.AsBytes(features.AsSpan()).ToArray();

    /// <summary>Every outcome of the encounters, by encounter.</summary>
    private async Task<Dictionary<string, List<StoredOutcome>>> OutcomesOfAsync(DbConnection c, DbTransaction tx, string[] encounters, CancellationToken ct)
    {
        var result = new Dictionary<string, List<StoredOutcome>>(StringComparer.Ordinal);
        if (encounters.Length == 0)
            return result;
        await using var command = Sql.Command(c, tx,
            $"SELECT event_id, encounter_key, kind, time_ms FROM outcomes WHERE {_dialect.InList("encounter_key", "keys")}");
        _dialect.AddList(command, "keys", encounters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var o = new StoredOutcome(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.Long(reader, 3));
            if (!result.TryGetValue(o.EncounterKey, out var list))
            {
                list = [];
                result[o.EncounterKey] = list;
            }
            list.Add(o);
        }
        return result;
    }
}
