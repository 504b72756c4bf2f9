using System.Data.Common;
using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

/// <summary>The key of one hourly window cell.</summary>
internal readonly record struct CellRef(string Model, string Version, long HourMs, string Cell);

/// <summary>The key of one hourly bin count (Feature -1 = the score; Bin -1 = missing).</summary>
internal readonly record struct BinRef(string Model, string Version, long HourMs, int Feature, int Bin);

/// <summary>What one transaction adds to one hourly window cell (every field a count or a fixed-point sum).</summary>
internal sealed class CellDelta
{
    public long Predictions, Alerts, ScoreNano, Tn, Fp, Fn, Tp, MaturedScoreNano, Censored, Accepted, Overridden, Ignored;

    public bool IsZero =>
        (Predictions | Alerts | ScoreNano | Tn | Fp | Fn | Tp | MaturedScoreNano | Censored | Accepted | Overridden | Ignored) == 0;

    /// <summary>Adds another delta of the same cell (field by field).</summary>
    public void Add(CellDelta o)
    {
        Predictions += o.Predictions; Alerts += o.Alerts; ScoreNano += o.ScoreNano; Tn += o.Tn; Fp += o.Fp; Fn += o.Fn; Tp += o.Tp;
        MaturedScoreNano += o.MaturedScoreNano; Censored += o.Censored; Accepted += o.Accepted; Overridden += o.Overridden; Ignored += o.Ignored;
    }
}

/// <summary>
/// The hourly window changes of one transaction, added up in memory and written as one upsert per distinct key (in key
/// order, so that two replicas' transactions lock the rows in the same order) inside the same transaction as the rows
/// they count. Scores are summed as fixed-point integers (<see cref="ScoreScale"/>) so that sums are exact and do not
/// depend on arrival order.
/// </summary>
internal sealed class WindowDeltas
{
    /// <summary>Score sums are kept as round(score × 1e9) (a resolution of 1e-9, far below any reported digit).</summary>
    public const double ScoreScale = 1e9;

    private const string CellUpsert = """
        INSERT INTO hour_cells (model, version, hour_ms, cell, predictions, alerts, score_sum_nano, tn, fp, fn, tp,
            matured_score_sum_nano, censored, accepted, overridden, ignored)
        VALUES (@model, @version, @hour, @cell, @predictions, @alerts, @score, @tn, @fp, @fn, @tp, @mscore, @censored,
            @accepted, @overridden, @ignored)
        ON CONFLICT (model, version, hour_ms, cell) DO UPDATE SET
            predictions = hour_cells.predictions + excluded.predictions,
            alerts = hour_cells.alerts + excluded.alerts,
            score_sum_nano = hour_cells.score_sum_nano + excluded.score_sum_nano,
            tn = hour_cells.tn + excluded.tn,
            fp = hour_cells.fp + excluded.fp,
            fn = hour_cells.fn + excluded.fn,
            tp = hour_cells.tp + excluded.tp,
            matured_score_sum_nano = hour_cells.matured_score_sum_nano + excluded.matured_score_sum_nano,
            censored = hour_cells.censored + excluded.censored,
            accepted = hour_cells.accepted + excluded.accepted,
            overridden = hour_cells.overridden + excluded.overridden,
            ignored = hour_cells.ignored + excluded.ignored
        """;

    private static readonly string[] CellNames =
        ["model", "version", "hour", "cell", "predictions", "alerts", "score", "tn", "fp", "fn", "tp", "mscore", "censored", "accepted", "overridden", "ignored"];

    private const string BinUpsert = """
        INSERT INTO hour_bins (model, version, hour_ms, feature, bin, n) VALUES (@model, @version, @hour, @feature, @bin, @n)
        ON CONFLICT (model, version, hour_ms, feature, bin) DO UPDATE SET n = hour_bins.n + excluded.n
        """;

    private static readonly string[] BinNames = ["model", "version", "hour", "feature", "bin", "n"];

    private readonly Dictionary<CellRef, CellDelta> _cells = [];
    private readonly Dictionary<BinRef, long> _bins = [];

    /// <summary>The pending-bin counts' changes of the same transaction (what a status's label-free estimate reads).</summary>
    public PendingBinDeltas Pending { get; } = new();

    /// <summary>The fixed-point form of a score.</summary>
    public static long Nano(double score) => (long)Math.Round(score * ScoreScale, MidpointRounding.AwayFromZero);

    /// <summary>The delta of a cell (created empty).</summary>
    public CellDelta Cell(in CellRef key)
    {
        if (!_cells.TryGetValue(key, out var delta))
        {
            delta = new CellDelta();
            _cells[key] = delta;
        }
        return delta;
    }

    /// <summary>A newly stored prediction: counted, its score summed, its label state counted, its bins counted.</summary>
    public void AddPrediction(StoredPrediction p, long hourMs, LabelState state)
    {
        var key = new CellRef(p.Model, p.Version, hourMs, p.Cell);
        var d = Cell(key);
        d.Predictions++;
        if (p.Alert)
            d.Alerts++;
        var nano = Nano(p.Score);
        d.ScoreNano += nano;
        Count(d, state, p.Alert, nano, +1);
        if (state == LabelState.Pending)
            Pending.Add(key, p.Alert, p.Score, +1);
        var bins = p.FeatureBins;
        for (var f = 0; f < bins.Length; f++)
            AddBin(new BinRef(p.Model, p.Version, hourMs, f, bins[f]));
        if (p.ScoreBin >= 0)
            AddBin(new BinRef(p.Model, p.Version, hourMs, -1, p.ScoreBin));
    }

    /// <summary>A stored prediction's label state changed: its old state's counts move to the new state's.</summary>
    public void MoveState(in CellRef key, bool alert, double score, LabelState from, LabelState to)
    {
        if (from == to)
            return;
        var d = Cell(key);
        var nano = Nano(score);
        Count(d, from, alert, nano, -1);
        Count(d, to, alert, nano, +1);
        if (from == LabelState.Pending)
            Pending.Add(key, alert, score, -1);
        else if (to == LabelState.Pending)
            Pending.Add(key, alert, score, +1);
    }

    /// <summary>
    /// Adds every delta of <paramref name="other"/> (the group commit merges its batches' deltas this way, after each
    /// batch's rows are in, so that one upsert per key carries the whole group and a failed batch adds nothing).
    /// </summary>
    public void Merge(WindowDeltas other)
    {
        foreach (var kv in other._cells)
            Cell(kv.Key).Add(kv.Value);
        foreach (var kv in other._bins)
            _bins[kv.Key] = _bins.GetValueOrDefault(kv.Key) + kv.Value;
        Pending.Merge(other.Pending);
    }

    /// <summary>A clinician action counted against its prediction's cell.</summary>
    public void AddAction(in CellRef key, ClinicianAction action)
    {
        var d = Cell(key);
        switch (action)
        {
            case ClinicianAction.Accepted: d.Accepted++; break;
            case ClinicianAction.Overridden: d.Overridden++; break;
            default: d.Ignored++; break;
        }
    }

    /// <summary>Writes every non-zero delta (cells, then bins, then pending bins, each in key order).</summary>
    public async Task SaveAsync(StoreDialect dialect, DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var cells = new List<KeyValuePair<CellRef, CellDelta>>(_cells.Count);
        foreach (var kv in _cells)
        {
            if (!kv.Value.IsZero)
                cells.Add(kv);
        }
        cells.Sort(static (a, b) => Compare(a.Key, b.Key));
        await dialect.ExecuteRowsAsync(connection, tx, CellUpsert, CellNames, cells.Count, (i, v) =>
        {
            var (k, d) = (cells[i].Key, cells[i].Value);
            v[0] = k.Model; v[1] = k.Version; v[2] = k.HourMs; v[3] = k.Cell;
            v[4] = d.Predictions; v[5] = d.Alerts; v[6] = d.ScoreNano; v[7] = d.Tn; v[8] = d.Fp; v[9] = d.Fn; v[10] = d.Tp;
            v[11] = d.MaturedScoreNano; v[12] = d.Censored; v[13] = d.Accepted; v[14] = d.Overridden; v[15] = d.Ignored;
        }, ct);
        var bins = new List<KeyValuePair<BinRef, long>>(_bins.Count);
        foreach (var kv in _bins)
        {
            if (kv.Value != 0)
                bins.Add(kv);
        }
        bins.Sort(static (a, b) => Compare(a.Key, b.Key));
        await dialect.ExecuteRowsAsync(connection, tx, BinUpsert, BinNames, bins.Count, (i, v) =>
        {
            var k = bins[i].Key;
            v[0] = k.Model; v[1] = k.Version; v[2] = k.HourMs; v[3] = k.Feature; v[4] = k.Bin; v[5] = bins[i].Value;
        }, ct);
        await Pending.SaveAsync(dialect, connection, tx, ct);
    }

    private void AddBin(in BinRef key) => _bins[key] = _bins.GetValueOrDefault(key) + 1;

    private static void Count(CellDelta d, LabelState state, bool alert, long nano, int sign)
    {
        switch (state)
        {
            case LabelState.MaturedPositive:
                if (alert) d.Tp += sign; else d.Fn += sign;
                d.MaturedScoreNano += sign * nano;
                break;
            case LabelState.MaturedNegative:
                if (alert) d.Fp += sign; else d.Tn += sign;
                d.MaturedScoreNano += sign * nano;
                break;
            case LabelState.Censored:
                d.Censored += sign;
                break;
            default:
                break;
        }
    }

    private static int Compare(in CellRef a, in CellRef b)
    {
        var c = string.CompareOrdinal(a.Model, b.Model);
        if (c == 0) c = string.CompareOrdinal(a.Version, b.Version);
        if (c == 0) c = a.HourMs.CompareTo(b.HourMs);
        if (c == 0) c = string.CompareOrdinal(a.Cell, b.Cell);
        return c;
    }

    private static int Compare(in BinRef a, in BinRef b)
    {
        var c = string.CompareOrdinal(a.Model, b.Model);
        if (c == 0) c = string.CompareOrdinal(a.Version, b.Version);
        if (c == 0) c = a.HourMs.CompareTo(b.HourMs);
        if (c == 0) c = a.Feature.CompareTo(b.Feature);
        if (c == 0) c = a.Bin.CompareTo(b.Bin);
        return c;
    }
}
