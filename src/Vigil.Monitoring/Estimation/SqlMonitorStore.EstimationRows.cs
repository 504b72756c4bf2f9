using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;
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

    /// <summary>The days counted by this store's readers, reused while their change stamps hold (<see cref="PendingDayCache"/>).</summary>
    internal PendingDayCache PendingDays { get; } = new();

    /// <remarks>
    /// Reads the pending-bin counts the writer keeps (table pending_bins, <see cref="PendingBinDeltas"/>), never the
    /// pending rows: the ranges of day and hour bins <see cref="PendingBinPlan"/> chooses, in one read transaction (one
    /// snapshot, so a day's bins and the hours taken out of them agree), added up in process (<see cref="PendingBinCounter"/>).
    /// A day's bins are read once per change: the snapshot's change stamps of the period's days (pending_day_stamps) tell
    /// which days this store has counted before at the same stamps (<see cref="PendingDays"/>); only the others are read.
    /// A bucket that is one whole UTC day (a daily series' day, <see cref="PendingBinPlan.IsWholeDayBucket"/>) takes that
    /// day's bins as counted (<see cref="CountedDay.Bins"/>, shared while the day's stamps hold) instead of adding them
    /// into the counter again; the result then holds them as its own segments (<see cref="BucketedBins"/>).
    /// SQLite steps the rows through its own statement API, which hands the cell over as UTF-8 bytes rather than a new
    /// string per row; PostgreSQL reads them through Npgsql. Both hand back the bins in the same order.
    /// </remarks>
    public async Task<IReadOnlyList<PendingBin>> GetPendingBinsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        var plan = new PendingBinPlan(fromMs, toMs, bucketMs);
        if (plan.Ranges.Count == 0)
            return [];
        var buckets = toMs > fromMs ? Math.Min(((toMs - fromMs - 1) / bucketMs) + 1, int.MaxValue) : 0;
        var counter = new PendingBinCounter(fromMs, bucketMs, (int)buckets);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var tx = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var signatures = await DaySignaturesAsync(connection, tx, model, version, plan.DayRanges, ct);
        var direct = new List<ArraySegment<PendingBin>>();
        foreach (var range in plan.DayRanges)
        {
            for (var day = range.FromMs; day < range.ToMs; day += PendingBinDeltas.DayMs)
            {
                var signature = signatures.GetValueOrDefault(day, "");
                var counted = PendingDays.Find(model, version, day, signature);
                if (counted is null)
                {
                    var one = new PendingBinCounter(day, PendingBinDeltas.DayMs, 1);
                    await CountRangesAsync(connection, tx, model, version, [new PendingRange(PendingBinDeltas.DayGrain, day, day + PendingBinDeltas.DayMs, +1)],
                        static (_, _) => 0, one, ct);
                    counted = one.ToCountedDay();
                    PendingDays.Keep(model, version, day, signature, counted);
                }
                if (plan.IsWholeDayBucket(range, day))
                    direct.Add(counted.Bins());
                else
                    counter.AddDay(counted, plan.BucketOf(range, day), range.Sign);
            }
        }
        await CountRangesAsync(connection, tx, model, version, plan.HourRanges, (r, start) => plan.BucketOf(r, start), counter, ct);
        var bins = counter.ToBins();
        return direct.Count == 0 ? bins : BucketedBins.Merge(bins, direct);
    }

    /// <summary>Per day of <paramref name="days"/>: its change stamps in the snapshot as "version=stamp;..." (versions in order); absent when it has none.</summary>
    private static async Task<Dictionary<long, string>> DaySignaturesAsync(DbConnection connection, DbTransaction tx, string model, string? version,
        IReadOnlyList<PendingRange> days, CancellationToken ct)
    {
        var result = new Dictionary<long, string>();
        if (days.Count == 0) return result;
        var versionFilter = version is null ? "" : " AND version = @version";
        await using var command = Sql.Command(connection, tx,
            $"SELECT day_ms, version, stamp FROM pending_day_stamps WHERE model = @model AND day_ms >= @from AND day_ms < @to{versionFilter} ORDER BY day_ms, version");
        Sql.AddPeriod(command, model, version, days[0].FromMs, days[^1].ToMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var day = Sql.Long(reader, 0);
            var stamp = string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(1)}={Sql.Long(reader, 2)};");
            result[day] = result.TryGetValue(day, out var before) ? before + stamp : stamp;
        }
        return result;
    }

    /// <summary>Adds the rows of <paramref name="ranges"/> to <paramref name="counter"/>, each in the bucket <paramref name="bucketOf"/> gives (range, row start).</summary>
    private static async Task CountRangesAsync(DbConnection connection, DbTransaction tx, string model, string? version, IReadOnlyList<PendingRange> ranges,
        Func<PendingRange, long, long> bucketOf, PendingBinCounter counter, CancellationToken ct)
    {
        if (ranges.Count == 0) return;
        var versionFilter = version is null ? "" : " AND version = @version";
        var sql = $"SELECT cell, start_ms, bin * 2 + alert, n, score_sum_nano FROM pending_bins WHERE model = @model AND grain = @grain AND start_ms >= @lo AND start_ms < @hi{versionFilter}";
        if (connection is SqliteConnection sqlite)
        {
            CountStoredBins(sqlite, sql, model, version, bucketOf, ranges, counter, ct);
            return;
        }
        foreach (var range in ranges)
        {
            await using var command = Sql.Command(connection, tx, sql);
            Sql.Add(command, "model", model);
            if (version is not null)
                Sql.Add(command, "version", version);
            Sql.Add(command, "grain", range.Grain);
            Sql.Add(command, "lo", range.FromMs);
            Sql.Add(command, "hi", range.ToMs);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var binAlert = Sql.Long(reader, 2);
                counter.Add(reader.GetString(0), bucketOf(range, Sql.Long(reader, 1)), (binAlert & 1) != 0, (int)(binAlert >> 1),
                    range.Sign * Sql.Long(reader, 3), range.Sign * Sql.Long(reader, 4));
            }
        }
    }

    /// <summary>
    /// Steps <paramref name="sql"/> (columns cell, start, bin × 2 + alert, count, score sum; parameters @model, @version
    /// when given, @grain, @lo, @hi) once per range through SQLite's own statement API and adds the rows to the counter.
    /// Bin and alert come as one integer because each column read through the API costs about as much as the step itself;
    /// the rows are stepped and read through <see cref="SqliteRowReader"/>, on the raw statement pointer.
    /// </summary>
    private static void CountStoredBins(SqliteConnection connection, string sql, string model, string? version, Func<PendingRange, long, long> bucketOf,
        IReadOnlyList<PendingRange> ranges, PendingBinCounter counter, CancellationToken ct)
    {
        var db = connection.Handle!;
        SqliteDialect.Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            SqliteDialect.Check(db, raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@model"), model));
            if (version is not null)
                SqliteDialect.Check(db, raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@version"), version));
            var (grain, lo, hi) = (raw.sqlite3_bind_parameter_index(statement, "@grain"), raw.sqlite3_bind_parameter_index(statement, "@lo"),
                raw.sqlite3_bind_parameter_index(statement, "@hi"));
            var stmt = statement.DangerousGetHandle(); // stepped through SqliteRowReader: no SafeHandle reference per call
            long rows = 0;
            int rc;
            foreach (var range in ranges)
            {
                ct.ThrowIfCancellationRequested();
                SqliteDialect.Check(db, raw.sqlite3_reset(statement));
                SqliteDialect.Check(db, raw.sqlite3_bind_int(statement, grain, range.Grain));
                SqliteDialect.Check(db, raw.sqlite3_bind_int64(statement, lo, range.FromMs));
                SqliteDialect.Check(db, raw.sqlite3_bind_int64(statement, hi, range.ToMs));
                while ((rc = SqliteRowReader.Step(stmt)) == raw.SQLITE_ROW)
                {
                    var binAlert = SqliteRowReader.Int64(stmt, 2);
                    counter.Add(SqliteRowReader.Bytes(stmt, 0), bucketOf(range, SqliteRowReader.Int64(stmt, 1)), (binAlert & 1) != 0,
                        (int)(binAlert >> 1), range.Sign * SqliteRowReader.Int64(stmt, 3), range.Sign * SqliteRowReader.Int64(stmt, 4));
                    if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                }
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }
}
