using System.Data.Common;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore : IWorkflowStore
{
    private const string PredictionColumns =
        "event_id, model, version, time_ms, encounter_key, patient_key, site, unit, cell, score, alert, suggestion, window_end_ms";

    public async Task<PredictionRecord?> GetPredictionAsync(string eventId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"SELECT {PredictionColumns} FROM predictions WHERE event_id = @id");
        Sql.Add(command, "id", eventId);
        return await ReadPredictionAsync(command, ct);
    }

    public async Task<PredictionRecord?> GetLatestPredictionAsync(string model, string? version, string encounterKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encounterKey);
        var versionFilter = version is null ? "" : " AND version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, "");
        command.CommandText = $"""
            SELECT {PredictionColumns} FROM predictions WHERE {await _dialect.EncounterConditionAsync(command, [encounterKey], ct)} AND model = @model{versionFilter}
            ORDER BY time_ms DESC, event_id DESC LIMIT 1
            """;
        Sql.Add(command, "model", model);
        if (version is not null)
            Sql.Add(command, "version", version);
        return await ReadPredictionAsync(command, ct);
    }

    private static async Task<PredictionRecord?> ReadPredictionAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return new PredictionRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.Long(reader, 3),
            reader.GetString(4), reader.GetString(5), Sql.TextOrNull(reader, 6), Sql.TextOrNull(reader, 7),
            CellKey.Levels(reader.GetString(8)), reader.GetDouble(9), Sql.Long(reader, 10) != 0, Sql.TextOrNull(reader, 11),
            Sql.Long(reader, 12));
    }

    public async Task AddCardAsync(StoredCard card, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, """
                INSERT INTO cds_cards (uuid, prediction_id, model, version, service_id, created_at_ms)
                VALUES (@uuid, @prediction, @model, @version, @service, @at)
                """);
            Sql.Add(command, "uuid", card.Uuid);
            Sql.Add(command, "prediction", card.PredictionId);
            Sql.Add(command, "model", card.Model);
            Sql.Add(command, "version", card.Version);
            Sql.Add(command, "service", card.ServiceId);
            Sql.Add(command, "at", card.CreatedAtMs);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public async Task<StoredCard?> GetCardAsync(string uuid, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT uuid, prediction_id, model, version, service_id, created_at_ms FROM cds_cards WHERE uuid = @uuid");
        Sql.Add(command, "uuid", uuid);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return new StoredCard(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Sql.Long(reader, 5));
    }

    public async Task<IReadOnlyList<ActionCount>> GetActionCountsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var versionFilter = version is null ? "" : " AND p.version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT p.cell, a.action, a.reason, COUNT(*) FROM actions a JOIN predictions p ON p.event_id = a.prediction_id
            WHERE p.model = @model{versionFilter} AND p.time_ms >= @from AND p.time_ms < @to
            GROUP BY p.cell, a.action, a.reason
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<ActionCount>();
        while (await reader.ReadAsync(ct))
            result.Add(new ActionCount(reader.GetString(0), ParseAction(reader.GetString(1)), Sql.TextOrNull(reader, 2), Sql.Long(reader, 3)));
        result.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Cell, b.Cell);
            if (c != 0) return c;
            c = a.Action.CompareTo(b.Action);
            return c != 0 ? c : string.CompareOrdinal(a.Reason, b.Reason);
        });
        return result;
    }
}
