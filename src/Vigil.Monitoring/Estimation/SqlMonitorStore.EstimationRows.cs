using System.Globalization;
using Vigil.Monitoring.Estimation;

namespace Vigil.Monitoring.Store;

/// <summary>The estimation reads of the SQL store (<see cref="IEstimationRows"/>); the file lives with the estimation code that uses it.</summary>
internal sealed partial class SqlMonitorStore : IEstimationRows
{
    public async Task<IReadOnlyList<TreatedCount>> GetTreatedCountsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var versionFilter = version is null ? "" : " AND p.version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        // Driven by the accepted actions (CROSS JOIN keeps them the outer loop in SQLite): one primary-key lookup each.
        await using var command = Sql.Command(connection, null, $"""
            SELECT @from + ((p.hour_ms - @from) / @bucket) * @bucket, p.cell, p.state, COUNT(*)
            FROM (SELECT DISTINCT prediction_id FROM actions WHERE action = 'accepted') a CROSS JOIN predictions p
            WHERE p.event_id = a.prediction_id AND p.model = @model{versionFilter} AND p.hour_ms >= @from AND p.hour_ms < @to
                AND p.alert = 1 AND p.state IN (1, 2)
            GROUP BY 1, 2, 3
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        Sql.Add(command, "bucket", bucketMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<TreatedCount>();
        while (await reader.ReadAsync(ct))
            result.Add(new TreatedCount(Sql.Long(reader, 0), reader.GetString(1), (LabelState)Sql.Long(reader, 2) == LabelState.MaturedPositive, Sql.Long(reader, 3)));
        return result;
    }

    public async Task<IReadOnlyList<PendingBin>> GetPendingBinsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var versionFilter = version is null ? "" : " AND version = @version";
        var bin = _dialect.FloorOfNonNegative("score * " + (1 / IEstimationRows.ScoreBinWidth).ToString("0", CultureInfo.InvariantCulture));
        await using var connection = await _dialect.OpenAsync(ct);
        // mature_at_ms >= @from always holds for the period's rows (a prediction matures after its time): it is there so
        // that the partial index of pending predictions serves the query.
        await using var command = Sql.Command(connection, null, $"""
            SELECT @from + ((hour_ms - @from) / @bucket) * @bucket, cell, alert, {bin}, SUM(score), COUNT(*)
            FROM predictions{_dialect.PendingIndexHint}
            WHERE state = 0 AND mature_at_ms >= @from AND model = @model{versionFilter} AND hour_ms >= @from AND hour_ms < @to
            GROUP BY 1, 2, 3, 4
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        Sql.Add(command, "bucket", bucketMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<PendingBin>();
        // Cells repeat on every row: keep one string per distinct key.
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var cell = reader.GetString(1);
            if (!cells.TryGetValue(cell, out var shared)) cells[cell] = shared = cell;
            var count = Sql.Long(reader, 5);
            result.Add(new PendingBin(Sql.Long(reader, 0), shared, Sql.Long(reader, 2) != 0, reader.GetDouble(4) / count, count));
        }
        return result;
    }
}
