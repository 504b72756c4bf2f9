using System.Globalization;
using Vigil.Monitoring.Estimation;

namespace Vigil.Monitoring.Store;

/// <summary>The estimation reads of the SQL store (<see cref="IEstimationRows"/>); the file lives with the estimation code that uses it.</summary>
internal sealed partial class SqlMonitorStore : IEstimationRows
{
    public async Task<IReadOnlyList<FeedbackRow>> GetFeedbackRowsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var versionFilter = version is null ? "" : " AND p.version = @version";
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT @from + ((p.hour_ms - @from) / @bucket) * @bucket, p.cell, p.alert, p.state,
                CASE WHEN EXISTS (SELECT 1 FROM actions a WHERE a.prediction_id = p.event_id AND a.action = 'accepted') THEN 1 ELSE 0 END,
                COUNT(*)
            FROM predictions p
            WHERE p.model = @model{versionFilter} AND p.hour_ms >= @from AND p.hour_ms < @to AND p.state IN (1, 2)
            GROUP BY 1, 2, 3, 4, 5
            """);
        Sql.AddPeriod(command, model, version, fromMs, toMs);
        Sql.Add(command, "bucket", bucketMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<FeedbackRow>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new FeedbackRow(Sql.Long(reader, 0), reader.GetString(1), Sql.Long(reader, 2) != 0, Sql.Long(reader, 4) != 0,
                (LabelState)Sql.Long(reader, 3) == LabelState.MaturedPositive, Sql.Long(reader, 5)));
        }
        return result;
    }

    public async Task<IReadOnlyList<PendingBin>> GetPendingBinsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var versionFilter = version is null ? "" : " AND version = @version";
        var bin = _dialect.FloorOfNonNegative("score * " + (1 / IEstimationRows.ScoreBinWidth).ToString("0", CultureInfo.InvariantCulture));
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"""
            SELECT @from + ((hour_ms - @from) / @bucket) * @bucket, cell, alert, {bin}, SUM(score), COUNT(*)
            FROM predictions
            WHERE model = @model{versionFilter} AND hour_ms >= @from AND hour_ms < @to AND state = 0
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
