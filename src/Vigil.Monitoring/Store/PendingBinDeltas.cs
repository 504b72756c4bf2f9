using System.Data.Common;
using Vigil.Monitoring.Estimation;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The key of one pending-bin count (table pending_bins, migration 0005): a model version's pending predictions of one
/// hour (<see cref="Grain"/> 1) or one UTC day (24) starting at <see cref="StartMs"/>, of one cell and alert, whose
/// scores fall in one score bin of width <see cref="IEstimationRows.ScoreBinWidth"/>. The field order is the table's
/// primary key order (model, grain, start, version, ...), so that a period's rows of every version are one range.
/// </summary>
internal readonly record struct PendingRef(string Model, int Grain, long StartMs, string Version, string Cell, bool Alert, int Bin);

/// <summary>
/// The pending-bin count changes of one transaction (<see cref="WindowDeltas.Pending"/>): +1 when a prediction is stored
/// pending, −1 when it leaves pending (matured, censored), each under its hour's key and its day's key, with the score
/// summed as <see cref="WindowDeltas.Nano"/> (exact, independent of order, so a decrement takes back exactly what the
/// increment added). Written in the transaction that changes the rows they count: one upsert per distinct key in key
/// order (the lock order of every writer), then the keys whose count reached zero are deleted, so the table holds only
/// bins with pending predictions and a status reads no more than those.
/// </summary>
internal sealed class PendingBinDeltas
{
    /// <summary>Hours per row of the hourly grain.</summary>
    public const int HourGrain = 1;

    /// <summary>Hours per row of the daily grain (UTC days).</summary>
    public const int DayGrain = 24;

    /// <summary>Milliseconds in an hour.</summary>
    public const long HourMs = 3_600_000;

    /// <summary>Milliseconds in a day.</summary>
    public const long DayMs = 24 * HourMs;

    private const string Upsert = """
        INSERT INTO pending_bins (model, grain, start_ms, version, cell, alert, bin, n, score_sum_nano)
        VALUES (@model, @grain, @start, @version, @cell, @alert, @bin, @n, @score)
        ON CONFLICT (model, grain, start_ms, version, cell, alert, bin) DO UPDATE SET
            n = pending_bins.n + excluded.n,
            score_sum_nano = pending_bins.score_sum_nano + excluded.score_sum_nano
        """;

    private static readonly string[] UpsertNames = ["model", "grain", "start", "version", "cell", "alert", "bin", "n", "score"];

    private const string RaiseDayStamp = """
        INSERT INTO pending_day_stamps (model, day_ms, version, stamp) VALUES (@model, @day, @version, 1)
        ON CONFLICT (model, day_ms, version) DO UPDATE SET stamp = pending_day_stamps.stamp + 1
        """;

    private static readonly string[] RaiseDayStampNames = ["model", "day", "version"];

    private const string DeleteEmpty = """
        DELETE FROM pending_bins
        WHERE model = @model AND grain = @grain AND start_ms = @start AND version = @version AND cell = @cell AND alert = @alert AND bin = @bin AND n = 0
        """;

    private static readonly string[] DeleteNames = ["model", "grain", "start", "version", "cell", "alert", "bin"];

    private readonly Dictionary<PendingRef, (long N, long Nano)> _deltas = [];

    /// <summary>Distinct keys changed.</summary>
    public int Count => _deltas.Count;

    /// <summary>The changes by key (tests read them as a store's table would hold them).</summary>
    public IReadOnlyDictionary<PendingRef, (long N, long Nano)> Changes => _deltas;

    /// <summary>The score bin of a score in [0, 1]: ⌊score × 1000⌋ as (long)(score × 1000), the same IEEE product and truncation as before.</summary>
    public static int BinOf(double score) => (int)(long)(score * (1 / IEstimationRows.ScoreBinWidth));

    /// <summary>Start of the UTC day of a Unix-ms time (floor, also before 1970).</summary>
    public static long DayOf(long timeMs) => timeMs - (((timeMs % DayMs) + DayMs) % DayMs);

    /// <summary>Adds <paramref name="sign"/> (+1: stored pending; −1: left pending) prediction to its hour's and its day's bin.</summary>
    public void Add(in CellRef cell, bool alert, double score, int sign)
    {
        var bin = BinOf(score);
        var nano = sign * WindowDeltas.Nano(score);
        Add(new PendingRef(cell.Model, HourGrain, cell.HourMs, cell.Version, cell.Cell, alert, bin), sign, nano);
        Add(new PendingRef(cell.Model, DayGrain, DayOf(cell.HourMs), cell.Version, cell.Cell, alert, bin), sign, nano);
    }

    /// <summary>Adds every delta of <paramref name="other"/> (see <see cref="WindowDeltas.Merge"/>).</summary>
    public void Merge(PendingBinDeltas other)
    {
        foreach (var kv in other._deltas)
            Add(kv.Key, kv.Value.N, kv.Value.Nano);
    }

    /// <summary>
    /// Writes every non-zero delta (key order), then deletes the changed keys whose count is now zero, then raises the
    /// change stamp of every (model, day, version) whose day counts changed (pending_day_stamps, migration 0007), after the
    /// bins in the same key order, so that a reader's snapshot never shows a day's new counts under its old stamp.
    /// </summary>
    /// <remarks>Migration 0005's backfill passes <paramref name="raiseDayStamps"/> false: the stamps' table comes with 0007, which stamps the days counted by then.</remarks>
    public async Task SaveAsync(StoreDialect dialect, DbConnection connection, DbTransaction tx, CancellationToken ct, bool raiseDayStamps = true)
    {
        var rows = new List<KeyValuePair<PendingRef, (long N, long Nano)>>(_deltas.Count);
        foreach (var kv in _deltas)
        {
            if (kv.Value.N != 0 || kv.Value.Nano != 0)
                rows.Add(kv);
        }
        if (rows.Count == 0)
            return;
        rows.Sort(static (a, b) => Compare(a.Key, b.Key));
        await dialect.ExecuteRowsAsync(connection, tx, Upsert, UpsertNames, rows.Count, (i, v) =>
        {
            var (k, d) = (rows[i].Key, rows[i].Value);
            v[0] = k.Model; v[1] = k.Grain; v[2] = k.StartMs; v[3] = k.Version; v[4] = k.Cell; v[5] = k.Alert ? 1 : 0; v[6] = k.Bin;
            v[7] = d.N; v[8] = d.Nano;
        }, ct);
        // Only a decrement can empty a bin; these rows are already locked by the upsert above.
        var emptied = rows.FindAll(static r => r.Value.N < 0);
        await dialect.ExecuteRowsAsync(connection, tx, DeleteEmpty, DeleteNames, emptied.Count, (i, v) =>
        {
            var k = emptied[i].Key;
            v[0] = k.Model; v[1] = k.Grain; v[2] = k.StartMs; v[3] = k.Version; v[4] = k.Cell; v[5] = k.Alert ? 1 : 0; v[6] = k.Bin;
        }, ct);
        if (!raiseDayStamps)
            return;
        var days = new List<PendingRef>();
        foreach (var (k, _) in rows)
        {
            if (k.Grain == DayGrain && (days.Count == 0 || days[^1].StartMs != k.StartMs || days[^1].Version != k.Version || days[^1].Model != k.Model))
                days.Add(k);
        }
        // Key order (model, grain, start, version) is the stamps' key order (model, day, version): the same lock order.
        await dialect.ExecuteRowsAsync(connection, tx, RaiseDayStamp, RaiseDayStampNames, days.Count, (i, v) =>
        {
            var k = days[i];
            v[0] = k.Model; v[1] = k.StartMs; v[2] = k.Version;
        }, ct);
    }

    /// <summary>
    /// Migration 0005's backfill, in the migration's transaction: counts every pending prediction already stored, so that
    /// an upgraded store holds the counts a store written by this version would.
    /// </summary>
    public static async Task BackfillAsync(StoreDialect dialect, DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var deltas = new PendingBinDeltas();
        await using (var select = Sql.Command(connection, tx, "SELECT model, version, hour_ms, cell, alert, score FROM predictions WHERE state = 0"))
        {
            await using var reader = await select.ExecuteReaderAsync(ct);
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                var cell = reader.GetString(3);
                if (!cells.TryGetValue(cell, out var shared)) cells[cell] = shared = cell;
                deltas.Add(new CellRef(reader.GetString(0), reader.GetString(1), Sql.Long(reader, 2), shared), Sql.Long(reader, 4) != 0, reader.GetDouble(5), +1);
            }
        }
        await deltas.SaveAsync(dialect, connection, tx, ct, raiseDayStamps: false);
    }

    private void Add(in PendingRef key, long n, long nano)
    {
        var d = _deltas.GetValueOrDefault(key);
        _deltas[key] = (d.N + n, d.Nano + nano);
    }

    private static int Compare(in PendingRef a, in PendingRef b)
    {
        var c = string.CompareOrdinal(a.Model, b.Model);
        if (c == 0) c = a.Grain.CompareTo(b.Grain);
        if (c == 0) c = a.StartMs.CompareTo(b.StartMs);
        if (c == 0) c = string.CompareOrdinal(a.Version, b.Version);
        if (c == 0) c = string.CompareOrdinal(a.Cell, b.Cell);
        if (c == 0) c = a.Alert.CompareTo(b.Alert);
        if (c == 0) c = a.Bin.CompareTo(b.Bin);
        return c;
    }
}
