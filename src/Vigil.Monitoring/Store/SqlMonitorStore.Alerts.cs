using System.Data.Common;
using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    /// <summary>The user recorded when the monitors raise an alert.</summary>
    public const string MonitorUser = "monitor";

    private const string AlertColumns = """
        id, dedupe_key, model, version, kind, attribute, level, metric, value, interval_json, bound, message,
        additional_missed_per_1000, evidence_json, state, opened_at_ms, updated_at_ms
        """;

    /// <remarks>
    /// The partial unique index on dedupe_key over open and acknowledged alerts makes the insert the arbiter: of two
    /// replicas raising one finding, one inserts and the other's insert conflicts (ON CONFLICT DO NOTHING) and updates
    /// the evidence of the alert that exists. If that alert is resolved in between, the loop inserts again.
    /// </remarks>
    public async Task<(MonitorAlert Alert, bool Created)> RaiseAlertAsync(AlertFinding finding, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var atMs = at.ToUnixTimeMilliseconds();
        var (id, created) = await WriteAsync(async (c, tx) =>
        {
            while (true)
            {
                await using (var insert = Sql.Command(c, tx, """
                    INSERT INTO alerts (dedupe_key, model, version, kind, attribute, level, metric, value, interval_json, bound,
                        message, additional_missed_per_1000, evidence_json, state, opened_at_ms, updated_at_ms)
                    VALUES (@key, @model, @version, @kind, @attribute, @level, @metric, @value, @interval, @bound, @message,
                        @missed, @evidence, 'open', @at, @at)
                    ON CONFLICT (dedupe_key) WHERE state <> 'resolved' DO NOTHING
                    RETURNING id
                    """))
                {
                    AddFinding(insert, finding, atMs);
                    Sql.Add(insert, "model", finding.Model);
                    Sql.Add(insert, "version", finding.Version);
                    Sql.Add(insert, "kind", finding.Kind.ToString());
                    Sql.Add(insert, "attribute", finding.Attribute);
                    Sql.Add(insert, "level", finding.Level);
                    Sql.Add(insert, "metric", finding.Metric);
                    var newId = await insert.ExecuteScalarAsync(ct);
                    if (newId is not null and not DBNull)
                    {
                        var alertId = Sql.Long(newId);
                        await AddHistoryAsync(c, tx, alertId, AlertState.Open, MonitorUser, atMs, null, ct);
                        return (alertId, true);
                    }
                }
                await using var update = Sql.Command(c, tx, """
                    UPDATE alerts SET value = @value, interval_json = @interval, bound = @bound, message = @message,
                        additional_missed_per_1000 = @missed, evidence_json = @evidence, updated_at_ms = @at
                    WHERE dedupe_key = @key AND state <> 'resolved'
                    RETURNING id
                    """);
                AddFinding(update, finding, atMs);
                var existing = await update.ExecuteScalarAsync(ct);
                if (existing is not null and not DBNull)
                    return (Sql.Long(existing), false);
            }
        }, ct);
        var alert = await GetAlertAsync(id, ct) ?? throw new InvalidOperationException($"alert {id} vanished");
        return (alert, created);
    }

    public async Task<IReadOnlyList<MonitorAlert>> ListAlertsAsync(string? model, AlertState? state, CancellationToken ct = default)
    {
        var where = new List<string>();
        if (model is not null)
            where.Add("model = @model");
        if (state is not null)
            where.Add("state = @state");
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"SELECT {AlertColumns} FROM alerts{filter} ORDER BY opened_at_ms DESC, id DESC");
        if (model is not null)
            Sql.Add(command, "model", model);
        if (state is not null)
            Sql.Add(command, "state", StateText(state.Value));
        return await ReadAlertsAsync(connection, command, ct);
    }

    public async Task<MonitorAlert?> GetAlertAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"SELECT {AlertColumns} FROM alerts WHERE id = @id");
        Sql.Add(command, "id", id);
        var alerts = await ReadAlertsAsync(connection, command, ct);
        return alerts.Count == 0 ? null : alerts[0];
    }

    /// <remarks>The move is one conditional UPDATE (from the states that may move to <paramref name="to"/>) and its history row, in one transaction.</remarks>
    public async Task<MonitorAlert?> TransitionAlertAsync(long id, AlertState to, string user, string? note, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var from = to switch
        {
            AlertState.Acknowledged => "'open'",
            AlertState.Resolved => "'open', 'acknowledged'",
            _ => null,
        };
        if (from is null)
            return null;
        var atMs = at.ToUnixTimeMilliseconds();
        var moved = await WriteAsync(async (c, tx) =>
        {
            await using var update = Sql.Command(c, tx, $"UPDATE alerts SET state = @to, updated_at_ms = @at WHERE id = @id AND state IN ({from})");
            Sql.Add(update, "to", StateText(to));
            Sql.Add(update, "at", atMs);
            Sql.Add(update, "id", id);
            if (await update.ExecuteNonQueryAsync(ct) != 1)
                return false;
            await AddHistoryAsync(c, tx, id, to, user, atMs, note, ct);
            return true;
        }, ct);
        return moved ? await GetAlertAsync(id, ct) : null;
    }

    private static void AddFinding(DbCommand command, AlertFinding f, long atMs)
    {
        Sql.Add(command, "key", f.DedupeKey);
        Sql.Add(command, "value", Finite(f.Value));
        Sql.Add(command, "interval", StoreJson.Numbers(f.Interval));
        Sql.Add(command, "bound", Finite(f.Bound));
        Sql.Add(command, "message", f.Message);
        Sql.Add(command, "missed", Finite(f.AdditionalMissedPer1000));
        Sql.Add(command, "evidence", StoreJson.Evidence(f.Evidence ?? new Dictionary<string, double?>()));
        Sql.Add(command, "at", atMs);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static async Task AddHistoryAsync(DbConnection c, DbTransaction tx, long alertId, AlertState state, string user, long atMs, string? note, CancellationToken ct)
    {
        await using var command = Sql.Command(c, tx,
            "INSERT INTO alert_history (alert_id, state, user_name, at_ms, note) VALUES (@alert, @state, @user, @at, @note)");
        Sql.Add(command, "alert", alertId);
        Sql.Add(command, "state", StateText(state));
        Sql.Add(command, "user", user);
        Sql.Add(command, "at", atMs);
        Sql.Add(command, "note", note);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<MonitorAlert>> ReadAlertsAsync(DbConnection connection, DbCommand command, CancellationToken ct)
    {
        var alerts = new List<MonitorAlert>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                alerts.Add(new MonitorAlert(
                    Sql.Long(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Enum.Parse<AlertKind>(reader.GetString(4)), Sql.TextOrNull(reader, 5), Sql.TextOrNull(reader, 6), reader.GetString(7),
                    Sql.DoubleOrNull(reader, 8), StoreJson.ReadNumbers(Sql.TextOrNull(reader, 9)), Sql.DoubleOrNull(reader, 10),
                    reader.GetString(11), Sql.DoubleOrNull(reader, 12), StoreJson.ReadEvidence(reader.GetString(13)),
                    ParseState(reader.GetString(14)), DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 15)),
                    DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 16)), []));
            }
        }
        if (alerts.Count == 0)
            return alerts;
        var history = new Dictionary<long, List<AlertTransition>>();
        await using (var select = Sql.Command(connection, null, $"""
            SELECT alert_id, state, user_name, at_ms, note FROM alert_history
            WHERE alert_id IN ({string.Join(", ", alerts.Select(a => a.Id))}) ORDER BY id
            """))
        {
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var alertId = Sql.Long(reader, 0);
                if (!history.TryGetValue(alertId, out var list))
                {
                    list = [];
                    history[alertId] = list;
                }
                list.Add(new AlertTransition(ParseState(reader.GetString(1)), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 3)), Sql.TextOrNull(reader, 4)));
            }
        }
        for (var i = 0; i < alerts.Count; i++)
        {
            if (history.TryGetValue(alerts[i].Id, out var list))
                alerts[i] = alerts[i] with { History = list };
        }
        return alerts;
    }

    private static string StateText(AlertState state) => state switch
    {
        AlertState.Open => "open",
        AlertState.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    private static AlertState ParseState(string text) => text switch
    {
        "open" => AlertState.Open,
        "acknowledged" => AlertState.Acknowledged,
        _ => AlertState.Resolved,
    };
}
