using System.Data.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    private const string InsertAction = """
        INSERT INTO actions (event_id, prediction_id, time_ms, action, reason, seconds, counted)
        VALUES (@id, @prediction, @time, @action, @reason, @seconds, 0)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static readonly string[] ActionNames = ["id", "prediction", "time", "action", "reason", "seconds"];

    /// <remarks>
    /// An action is counted in its prediction's hourly cell (accepted / overridden / ignored) exactly once, by whichever
    /// of the two arrives second: the claim is an UPDATE of counted 0 → 1 (a row lock and a re-check on PostgreSQL, so two
    /// replicas cannot both count it). If a prediction and its action are written by two replicas at the same instant,
    /// neither may see the other; <see cref="MatureDueAsync"/> then counts the action on its next run.
    /// </remarks>
    public async Task<IngestResult> AddActionsAsync(IReadOnlyList<StoredAction> actions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
            return new IngestResult(0, 0);
        var sorted = actions.ToArray();
        foreach (var a in sorted)
        {
            ArgumentNullException.ThrowIfNull(a);
            if (string.IsNullOrEmpty(a.EventId) || string.IsNullOrEmpty(a.PredictionId))
                throw VigilException.Option("event_id", "an action has no event id or no prediction id");
        }
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.EventId, b.EventId));
        var accepted = await WriteAsync(async (c, tx) =>
        {
            var affected = await _dialect.ExecuteRowsAsync(c, tx, InsertAction, ActionNames, sorted.Length, (i, v) =>
            {
                var a = sorted[i];
                v[0] = a.EventId; v[1] = a.PredictionId; v[2] = a.TimeMs; v[3] = ActionText(a.Action); v[4] = a.Reason;
                v[5] = a.SecondsToAction is { } s && double.IsFinite(s) ? s : null;
            }, ct);
            var predictionIds = new List<string>();
            var n = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (affected[i] != 1)
                    continue;
                n++;
                predictionIds.Add(sorted[i].PredictionId);
            }
            if (n > 0)
            {
                var windows = new WindowDeltas();
                await CountActionsAsync(c, tx, Sql.DistinctSorted(predictionIds), null, windows, ct);
                await windows.SaveAsync(_dialect, c, tx, ct);
            }
            return n;
        }, ct);
        return new IngestResult(accepted, actions.Count - accepted);
    }

    /// <summary>
    /// Claims the not yet counted actions on the given predictions (null: on any stored prediction) and adds them to
    /// their predictions' cells. <paramref name="known"/> gives the cells of predictions inserted in this transaction;
    /// the others are read.
    /// </summary>
    private async Task CountActionsAsync(DbConnection c, DbTransaction tx, string[]? predictionIds, Dictionary<string, CellRef>? known,
        WindowDeltas windows, CancellationToken ct)
    {
        var claimed = new List<(string PredictionId, ClinicianAction Action)>();
        var filter = predictionIds is null ? "" : " AND " + _dialect.InList("prediction_id", "ids");
        await using (var update = Sql.Command(c, tx, $"""
            UPDATE actions SET counted = 1
            WHERE counted = 0{filter} AND EXISTS (SELECT 1 FROM predictions p WHERE p.event_id = actions.prediction_id)
            RETURNING prediction_id, action
            """))
        {
            if (predictionIds is not null)
                _dialect.AddList(update, "ids", predictionIds);
            await using var reader = await update.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                claimed.Add((reader.GetString(0), ParseAction(reader.GetString(1))));
        }
        if (claimed.Count == 0)
            return;
        var cells = new Dictionary<string, CellRef>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (id, _) in claimed)
        {
            if (known is not null && known.TryGetValue(id, out var cell))
                cells[id] = cell;
            else
                missing.Add(id);
        }
        if (missing.Count > 0)
        {
            await using var select = Sql.Command(c, tx,
                $"SELECT event_id, model, version, hour_ms, cell FROM predictions WHERE {_dialect.InList("event_id", "ids")}");
            _dialect.AddList(select, "ids", Sql.DistinctSorted(missing));
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                cells[reader.GetString(0)] = new CellRef(reader.GetString(1), reader.GetString(2), Sql.Long(reader, 3), reader.GetString(4));
        }
        foreach (var (id, action) in claimed)
            windows.AddAction(cells[id], action);
    }

    private static string ActionText(ClinicianAction action) => action switch
    {
        ClinicianAction.Accepted => "accepted",
        ClinicianAction.Overridden => "overridden",
        ClinicianAction.Ignored => "ignored",
        _ => throw VigilException.Option("action", $"unknown clinician action {action}"),
    };

    private static ClinicianAction ParseAction(string text) => text switch
    {
        "accepted" => ClinicianAction.Accepted,
        "overridden" => ClinicianAction.Overridden,
        _ => ClinicianAction.Ignored,
    };
}
