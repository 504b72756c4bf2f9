using System.Data.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    /// <summary>Name of the clock row: the largest "now" <see cref="MatureDueAsync"/> has been given.</summary>
    private const string MatureClock = "mature_now_ms";

    /// <summary>
    /// Due predictions handled per step of a MatureDue transaction. A transaction takes steps until it has handled
    /// <see cref="MatureChunk"/> or another writer waits for SQLite's writer gate; then it commits, so a single-event
    /// POST that arrives during a maturity run waits for the rest of one step and the commit, not for a whole
    /// transaction. Single POST p50 / p99 during the bounded-load replay's maturity run on the 2-core benchmark machine:
    /// 17–20 / 31–36 ms with transactions of 500, 6.1–6.3 / 18.6–19.4 ms with steps of 100, 3.9–4.0 / 14.5–15.6 ms with
    /// steps of 50 (docs/service.md, Performance, 2026-12-05 night).
    /// </summary>
    private const int MatureStep = 50;

    /// <summary>
    /// Due predictions handled at most per MatureDue transaction when no other writer waits (2,000: the run's fixed
    /// cost per transaction stays small; docs/service.md, Performance).
    /// </summary>
    private const int MatureChunk = 2000;

    private long _matureTransactions;

    /// <summary>Maturity transactions committed by this store since it opened (tests see a run yield to a waiting writer).</summary>
    internal long MatureTransactions => Interlocked.Read(ref _matureTransactions);

    private const string InsertOutcome = """
        INSERT INTO outcomes (event_id, encounter_key, kind, time_ms) VALUES (@id, @encounter, @kind, @time)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly string[] OutcomeNames = ["id", "encounter", "kind", "time"];

    private const string UpdateState = "UPDATE predictions SET state = @state, label = @label WHERE event_id = @id AND state = @old";

    private static readonly string[] StateNames = ["state", "label", "id", "old"];

    /// <remarks>
    /// "Now" for the label rule here is the largest now <see cref="MatureDueAsync"/> has been given (stored in the
    /// database, 0 before the first call): an outcome never matures anything as a known negative by itself, so the
    /// result does not depend on which replica's clock received the outcome, and a later MatureDue gives every event
    /// order the same end state.
    /// </remarks>
    public async Task<IngestResult> AddOutcomesAsync(IReadOnlyList<StoredOutcome> outcomes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return new IngestResult(0, 0);
        var sorted = outcomes.ToArray();
        foreach (var o in sorted)
        {
            ArgumentNullException.ThrowIfNull(o);
            if (string.IsNullOrEmpty(o.EventId) || string.IsNullOrEmpty(o.EncounterKey) || string.IsNullOrEmpty(o.Kind))
                throw VigilException.Option("event_id", "an outcome needs an event id, an encounter and a kind");
        }
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.EventId, b.EventId));
        var encounters = Sql.DistinctSorted(sorted.Select(o => o.EncounterKey));
        var accepted = await WriteAsync(async (c, tx) =>
        {
            await _dialect.LockEncountersAsync(c, tx, encounters, exclusive: true, ct);
            var affected = await _dialect.ExecuteRowsAsync(c, tx, InsertOutcome, OutcomeNames, sorted.Length, (i, v) =>
            {
                var o = sorted[i];
                v[0] = o.EventId; v[1] = o.EncounterKey; v[2] = o.Kind; v[3] = o.TimeMs;
            }, ct);
            var touched = new List<string>();
            var n = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (affected[i] != 1)
                    continue;
                n++;
                touched.Add(sorted[i].EncounterKey);
            }
            if (n > 0)
            {
                var now = await ReadClockAsync(c, tx, ct);
                var windows = new WindowDeltas();
                await RelabelAsync(c, tx, Sql.DistinctSorted(touched), now, windows, ct);
                await windows.SaveAsync(_dialect, c, tx, ct);
            }
            return n;
        }, ct);
        return new IngestResult(accepted, outcomes.Count - accepted);
    }

    /// <remarks>
    /// Raises the stored clock to <paramref name="nowMs"/> (never lowers it: replicas with skewed clocks cannot un-mature
    /// anything) in its first transaction, then handles the due pending predictions in steps of <see cref="MatureStep"/>,
    /// each locking their encounters (shared) and re-applying <see cref="LabelRule"/> to every prediction of those
    /// encounters; a transaction takes steps up to <see cref="MatureChunk"/> predictions, or ends after a step while
    /// another writer waits for SQLite's writer gate. Also counts clinician actions whose prediction arrived at the same
    /// instant on another replica. Returns the number of predictions whose state changed.
    /// </remarks>
    public async Task<int> MatureDueAsync(long nowMs, CancellationToken ct = default)
    {
        var changed = 0;
        var gate = _dialect.WriterGate;
        long? clock = null; // the raised clock, once the first transaction (which raises it) has committed
        var finished = false;
        while (!finished)
        {
            var (moved, now) = await WriteAsync(async (c, tx) =>
            {
                finished = false;
                var now = clock ?? await RaiseClockAsync(c, tx, nowMs, ct);
                var (handled, moved) = (0, 0);
                while (true)
                {
                    var (due, n) = await MatureStepAsync(c, tx, now, ct);
                    handled += due;
                    moved += n;
                    if (due < MatureStep)
                    {
                        finished = true;
                        break;
                    }
                    if (handled >= MatureChunk || gate is { HasWaiters: true })
                        break;
                }
                return (moved, now);
            }, ct, background: true);
            Interlocked.Increment(ref _matureTransactions);
            changed += moved;
            clock = now;
        }
        await WriteAsync(async (c, tx) =>
        {
            var windows = new WindowDeltas();
            await CountActionsAsync(c, tx, null, null, windows, ct);
            await windows.SaveAsync(_dialect, c, tx, ct);
            return 0;
        }, ct);
        return changed;
    }

    /// <summary>
    /// Relabels the encounters of up to <see cref="MatureStep"/> due pending predictions (the earliest due first);
    /// writes their count moves; returns how many were due and how many predictions changed state.
    /// </summary>
    private async Task<(int Due, int Moved)> MatureStepAsync(DbConnection c, DbTransaction tx, long now, CancellationToken ct)
    {
        var encounters = new List<string>(MatureStep);
        await using (var select = Sql.Command(c, tx,
            "SELECT encounter_key FROM predictions WHERE state = 0 AND mature_at_ms <= @now ORDER BY mature_at_ms LIMIT @max"))
        {
            Sql.Add(select, "now", now);
            Sql.Add(select, "max", MatureStep);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                encounters.Add(reader.GetString(0));
        }
        if (encounters.Count == 0)
            return (0, 0);
        var keys = Sql.DistinctSorted(encounters);
        await _dialect.LockEncountersAsync(c, tx, keys, exclusive: false, ct);
        var windows = new WindowDeltas();
        var moved = await RelabelAsync(c, tx, keys, now, windows, ct);
        await windows.SaveAsync(_dialect, c, tx, ct);
        return (encounters.Count, moved);
    }

    /// <summary>
    /// Re-applies the label rule to every prediction of the encounters (whose locks the transaction holds) and moves the
    /// hourly counts of each one whose state changed; returns how many changed. A change is written only if the row
    /// still has the state read (else another transaction labelled it from the same outcomes and counted it).
    /// </summary>
    private async Task<int> RelabelAsync(DbConnection c, DbTransaction tx, string[] encounters, long now, WindowDeltas windows, CancellationToken ct)
    {
        var outcomes = await OutcomesOfAsync(c, tx, encounters, ct);
        var changes = new List<(string Id, CellRef Cell, bool Alert, double Score, LabelState From, LabelState To)>();
        var rows = new List<(string Id, string Encounter, CellRef Cell, long Time, double Score, bool Alert, long WindowEnd, long MatureAt, LabelState State)>();
        await using (var select = Sql.Command(c, tx, ""))
        {
            select.CommandText = $"""
                SELECT event_id, encounter_key, model, version, hour_ms, cell, time_ms, score, alert, window_end_ms, mature_at_ms, state
                FROM predictions WHERE {await _dialect.EncounterConditionAsync(select, encounters, ct)}
                """;
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetString(1),
                    new CellRef(reader.GetString(2), reader.GetString(3), Sql.Long(reader, 4), reader.GetString(5)),
                    Sql.Long(reader, 6), reader.GetDouble(7), Sql.Long(reader, 8) != 0, Sql.Long(reader, 9), Sql.Long(reader, 10),
                    (LabelState)Sql.Long(reader, 11)));
            }
        }
        foreach (var r in rows)
        {
            var definition = await DefinitionAsync(c, tx, r.Cell.Model, r.Cell.Version, ct);
            IReadOnlyList<StoredOutcome> own = outcomes.TryGetValue(r.Encounter, out var list) ? list : NoOutcomes;
            var state = LabelRule.Evaluate(r.Time, r.WindowEnd, r.MatureAt, definition, own, now);
            if (state != r.State)
                changes.Add((r.Id, r.Cell, r.Alert, r.Score, r.State, state));
        }
        if (changes.Count == 0)
            return 0;
        changes.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var affected = await _dialect.ExecuteRowsAsync(c, tx, UpdateState, StateNames, changes.Count, (i, v) =>
        {
            var ch = changes[i];
            v[0] = (int)ch.To; v[1] = LabelRule.LabelOf(ch.To); v[2] = ch.Id; v[3] = (int)ch.From;
        }, ct);
        var n = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            if (affected[i] != 1)
                continue;
            var ch = changes[i];
            windows.MoveState(ch.Cell, ch.Alert, ch.Score, ch.From, ch.To);
            n++;
        }
        return n;
    }

    /// <summary>Raises the stored clock to <paramref name="nowMs"/> if that is later, and returns the clock.</summary>
    private static async Task<long> RaiseClockAsync(DbConnection c, DbTransaction tx, long nowMs, CancellationToken ct)
    {
        await using var command = Sql.Command(c, tx, """
            INSERT INTO store_clock (name, value) VALUES (@name, @now)
            ON CONFLICT (name) DO UPDATE SET value = CASE WHEN excluded.value > store_clock.value THEN excluded.value ELSE store_clock.value END
            RETURNING value
            """);
        Sql.Add(command, "name", MatureClock);
        Sql.Add(command, "now", nowMs);
        return Sql.Long((await command.ExecuteScalarAsync(ct))!);
    }

    /// <summary>The largest now MatureDue has been given, or 0.</summary>
    private static async Task<long> ReadClockAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        await using var command = Sql.Command(c, tx, "SELECT value FROM store_clock WHERE name = @name");
        Sql.Add(command, "name", MatureClock);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? 0 : Sql.Long(value);
    }
}
