using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    public async Task<IReadOnlyList<HourCell>> GetHourCellsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var versionFilter = version is null ? "" : " AND version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT hour_ms, cell, CAST(SUM(predictions) AS BIGINT), CAST(SUM(alerts) AS BIGINT), CAST(SUM(score_sum_nano) AS BIGINT),
                CAST(SUM(tn) AS BIGINT), CAST(SUM(fp) AS BIGINT), CAST(SUM(fn) AS BIGINT), CAST(SUM(tp) AS BIGINT),
                CAST(SUM(matured_score_sum_nano) AS BIGINT), CAST(SUM(censored) AS BIGINT), CAST(SUM(accepted) AS BIGINT),
                CAST(SUM(overridden) AS BIGINT), CAST(SUM(ignored) AS BIGINT)
            FROM hour_cells WHERE model = @model{versionFilter} AND hour_ms >= @from AND hour_ms < @to
            GROUP BY hour_ms, cell
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<HourCell>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new HourCell(Sql.Long(reader, 0), reader.GetString(1), Sql.Long(reader, 2), Sql.Long(reader, 3),
                Sql.Long(reader, 4) / WindowDeltas.ScoreScale, Sql.Long(reader, 5), Sql.Long(reader, 6), Sql.Long(reader, 7),
                Sql.Long(reader, 8), Sql.Long(reader, 9) / WindowDeltas.ScoreScale, Sql.Long(reader, 10), Sql.Long(reader, 11),
                Sql.Long(reader, 12), Sql.Long(reader, 13)));
        }
        result.Sort(static (a, b) => a.HourMs != b.HourMs ? a.HourMs.CompareTo(b.HourMs) : string.CompareOrdinal(a.Cell, b.Cell));
        return result;
    }

    public async Task<IReadOnlyList<HourBin>> GetHourBinsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var versionFilter = version is null ? "" : " AND version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT hour_ms, feature, bin, CAST(SUM(n) AS BIGINT) FROM hour_bins
            WHERE model = @model{versionFilter} AND hour_ms >= @from AND hour_ms < @to
            GROUP BY hour_ms, feature, bin
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<HourBin>();
        while (await reader.ReadAsync(ct))
            result.Add(new HourBin(Sql.Long(reader, 0), (int)Sql.Long(reader, 1), (int)Sql.Long(reader, 2), Sql.Long(reader, 3)));
        result.Sort(static (a, b) => a.HourMs != b.HourMs ? a.HourMs.CompareTo(b.HourMs)
            : a.Feature != b.Feature ? a.Feature.CompareTo(b.Feature) : a.Bin.CompareTo(b.Bin));
        return result;
    }

    /// <remarks>Matured positives (label 1) and matured negatives (label 0), ordered by time then event id; pending and censored predictions are not rows of an audit.</remarks>
    public async Task<IReadOnlyList<MaturedRow>> GetMaturedRowsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var versionFilter = version is null ? "" : " AND version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT time_ms, event_id, cell, state, alert, score FROM predictions
            WHERE model = @model{versionFilter} AND time_ms >= @from AND time_ms < @to AND state IN (1, 2)
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(long Time, string Id, MaturedRow Row)>();
        var levels = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var cell = reader.GetString(2);
            if (!levels.TryGetValue(cell, out var cellLevels))
            {
                cellLevels = CellKey.Levels(cell);
                levels[cell] = cellLevels;
            }
            var time = Sql.Long(reader, 0);
            var label = (LabelState)Sql.Long(reader, 3) == LabelState.MaturedPositive ? 1 : 0;
            rows.Add((time, reader.GetString(1), new MaturedRow(time, cellLevels, label, Sql.Long(reader, 4) != 0 ? 1 : 0, reader.GetDouble(5))));
        }
        rows.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Id, b.Id));
        var result = new MaturedRow[rows.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = rows[i].Row;
        return result;
    }

    public async Task<long?> GetLastPredictionTimeAsync(string model, string? version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await _dialect.OpenAsync(ct);
        // Per version, MAX over the (model, version, time_ms) index is one index probe on both engines.
        await using var command = Sql.Command(connection, null, version is null
            ? """
              SELECT MAX(t) FROM (
                  SELECT (SELECT MAX(p.time_ms) FROM predictions p WHERE p.model = m.id AND p.version = m.version) AS t
                  FROM models m WHERE m.id = @model) x
              """
            : "SELECT MAX(time_ms) FROM predictions WHERE model = @model AND version = @version");
        Sql.Add(command, "model", model);
        if (version is not null)
            Sql.Add(command, "version", version);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Sql.Long(value);
    }
}
