using Vigil.Contracts.Common;
using Vigil.Contracts.Estimation;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Core.Estimation;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Estimation;

/// <summary>The store rows a status (or a series of bucket statuses) adds its estimates from, read once per request.</summary>
/// <param name="Feedback">Matured predictions counted by bucket, cell, alert, treatment and label.</param>
/// <param name="Pending">Pending predictions counted by bucket, cell, alert and score bin.</param>
public sealed record EstimationRowSet(IReadOnlyList<FeedbackRow> Feedback, IReadOnlyList<PendingBin> Pending)
{
    /// <summary>No rows (a store without <see cref="IEstimationRows"/>).</summary>
    public static EstimationRowSet Empty { get; } = new([], []);

    /// <summary>Why the patients behind the pending predictions differ from the reference (<see cref="PendingShiftCheck"/>); empty when they do not.</summary>
    public IReadOnlyList<string> Shift { get; init; } = [];

    /// <summary>The rows whose bucket starts in [fromMs, toMs), with the period's shift reasons.</summary>
    public EstimationRowSet Within(long fromMs, long toMs) =>
        new([.. Feedback.Where(r => r.BucketMs >= fromMs && r.BucketMs < toMs)], [.. Pending.Where(r => r.BucketMs >= fromMs && r.BucketMs < toMs)]) { Shift = Shift };

    /// <summary>
    /// The rows split into <paramref name="count"/> consecutive buckets of <paramref name="stepMs"/> from
    /// <paramref name="startMs"/> in one pass over the rows (a series reads every bucket: <see cref="Within"/> per bucket
    /// would read every row once per bucket), each with the period's shift reasons; rows outside are left out.
    /// </summary>
    public EstimationRowSet[] ByBucket(long startMs, long stepMs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var feedback = new List<FeedbackRow>[count];
        var pending = new List<PendingBin>[count];
        for (var i = 0; i < count; i++) (feedback[i], pending[i]) = ([], []);
        foreach (var r in Feedback)
        {
            var i = Index(r.BucketMs, startMs, stepMs, count);
            if (i >= 0) feedback[i].Add(r);
        }
        var result = new EstimationRowSet[count];
        if (Pending is BucketedBins bucketed)
        {
            // One segment per bucket already: each is handed on as its bucket's bins.
            var bins = new IReadOnlyList<PendingBin>[count];
            foreach (var segment in bucketed.Segments)
            {
                var i = Index(segment[0].BucketMs, startMs, stepMs, count);
                if (i >= 0) bins[i] = segment;
            }
            for (var i = 0; i < count; i++) result[i] = new EstimationRowSet(feedback[i], bins[i] ?? []) { Shift = Shift };
            return result;
        }
        if (Pending is List<PendingBin> sorted && InBucketOrder(sorted))
        {
            // The store's bins come in bucket order: each bucket's are one run of the list, handed on as a view, not copied.
            var at = 0;
            while (at < sorted.Count && Index(sorted[at].BucketMs, startMs, stepMs, count) < 0) at++;
            for (var i = 0; i < count; i++)
            {
                var first = at;
                while (at < sorted.Count && Index(sorted[at].BucketMs, startMs, stepMs, count) == i) at++;
                result[i] = new EstimationRowSet(feedback[i], new ListRange<PendingBin>(sorted, first, at - first)) { Shift = Shift };
            }
            return result;
        }
        foreach (var r in Pending)
        {
            var i = Index(r.BucketMs, startMs, stepMs, count);
            if (i >= 0) pending[i].Add(r);
        }
        for (var i = 0; i < count; i++) result[i] = new EstimationRowSet(feedback[i], pending[i]) { Shift = Shift };
        return result;
    }

    private static bool InBucketOrder(List<PendingBin> bins)
    {
        for (var i = 1; i < bins.Count; i++)
        {
            if (bins[i].BucketMs < bins[i - 1].BucketMs) return false;
        }
        return true;
    }

    private static int Index(long bucketMs, long startMs, long stepMs, int count)
    {
        if (bucketMs < startMs) return -1;
        var i = (bucketMs - startMs) / stepMs;
        return i < count ? (int)i : -1;
    }
}

/// <summary>
/// Adds to a status's groups (by ADDING members to <see cref="GroupStatus"/>) what monitoring needs before and around
/// the labels (docs/estimation.md):
/// <list type="bullet">
/// <item>feedback-loop-aware realized rates: the naive sensitivity beside the sensitivity, FNR and PPV corrected for
/// treated alerts (<see cref="FeedbackCorrection"/>, weighting by the untreated) with its stated assumption;</item>
/// <item>the estimated performance of the group's pending predictions (<see cref="EstimatedStatusValue"/>): CBPE with
/// the registration's reference calibration map (<see cref="ReferenceCalibrationMaps"/>), its own map when the group
/// had one, else the overall map, applied at the mean score of each score bin of width
/// <see cref="IEstimationRows.ScoreBinWidth"/> (the store counts pending predictions by bin, so a status reads bins, not
/// rows); intervals from <see cref="Replicates"/> seeded draws of the outcomes from the
/// calibrated probabilities (the realized value's outcome noise; the map's own uncertainty is not included because the
/// registration keeps the map, not the reference rows); unreliable, with the reason, when more than 1% of the pending
/// scores lie outside the scores the map was fitted on or when a watched feature or the score has shifted against the
/// reference over the pending hours (<see cref="PendingShiftCheck"/>), and absent (null metrics with the reason) when the
/// registration has no map.</item>
/// </list>
/// Rates are shown as every status rate is (the status is for authorised roles); the pending count follows the
/// status's own small-cell treatment of the group (its shown <see cref="GroupStatus.Pending"/>), and the estimated number
/// of averted outcomes is shown only for groups whose counts are shown exactly.
/// </summary>
public static class StatusEstimation
{
    /// <summary>Outcome draws behind an estimated interval.</summary>
    public const int Replicates = 200;

    /// <summary>Seed of the draws (fixed: the same rows give the same status).</summary>
    public const int Seed = StatisticalDefaults.Seed;

    /// <summary>Out-of-range share of pending scores above which an estimate is unreliable.</summary>
    public const double MaxOutOfRangeShare = 0.01;

    /// <summary>
    /// The rows of [fromMs, toMs) (hours) counted in buckets of <paramref name="bucketMs"/> from <paramref name="fromMs"/>
    /// (null: one bucket for the whole period), with the period's shift reasons (<see cref="PendingShiftCheck"/>), or
    /// none when the store cannot give them. <paramref name="cells"/> are the period's hourly cells the caller has
    /// already read for its status (<see cref="IMonitorStore.GetHourCellsAsync"/> with the same model, version and
    /// period), so that a request reads them once.
    /// </summary>
    public static async Task<EstimationRowSet> ReadAsync(IMonitorStore store, ModelRegistration registration, IReadOnlyList<HourCell> cells,
        string? version, long fromMs, long toMs, long? bucketMs = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(cells);
        if (store is not IEstimationRows rows) return EstimationRowSet.Empty;
        var model = registration.Id;
        var bucket = bucketMs ?? Math.Max(1, toMs - fromMs);
        var treated = await rows.GetTreatedCountsAsync(model, version, fromMs, toMs, bucket, ct);
        var pending = await rows.GetPendingBinsAsync(model, version, fromMs, toMs, bucket, ct);
        return new EstimationRowSet(Feedback(cells, treated, fromMs, bucket), pending)
        {
            Shift = await PendingShiftCheck.ReadAsync(store, registration, cells, version, toMs, ct),
        };
    }

    /// <summary>
    /// The matured predictions of each bucket and cell by alert, treatment and label: the windows' TP, FP, FN and TN, the
    /// alerted ones split by the treated counts (TP = treated positives + untreated positives, FP likewise; unalerted
    /// predictions are untreated). Equal to counting the matured rows themselves, which the windows are proven to equal.
    /// </summary>
    public static IReadOnlyList<FeedbackRow> Feedback(IReadOnlyList<HourCell> cells, IReadOnlyList<TreatedCount> treated, long fromMs, long bucketMs)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(treated);
        var totals = new Dictionary<(long, string), (long Tp, long Fp, long Fn, long Tn)>();
        foreach (var c in cells)
        {
            var key = (fromMs + (c.HourMs - fromMs) / bucketMs * bucketMs, c.Cell);
            var t = totals.GetValueOrDefault(key);
            totals[key] = (t.Tp + c.Tp, t.Fp + c.Fp, t.Fn + c.Fn, t.Tn + c.Tn);
        }
        var accepted = new Dictionary<(long, string, bool), long>();
        foreach (var t in treated)
            accepted[(t.BucketMs, t.Cell, t.Positive)] = accepted.GetValueOrDefault((t.BucketMs, t.Cell, t.Positive)) + t.Count;
        var result = new List<FeedbackRow>(totals.Count * 6);
        foreach (var ((bucket, cell), t) in totals)
        {
            // A window and the rows are read in two statements: clamp so that a maturity run between them cannot make a count negative.
            var treatedPositive = Math.Min(t.Tp, accepted.GetValueOrDefault((bucket, cell, true)));
            var treatedNegative = Math.Min(t.Fp, accepted.GetValueOrDefault((bucket, cell, false)));
            Add(result, bucket, cell, true, true, true, treatedPositive);
            Add(result, bucket, cell, true, false, true, t.Tp - treatedPositive);
            Add(result, bucket, cell, true, true, false, treatedNegative);
            Add(result, bucket, cell, true, false, false, t.Fp - treatedNegative);
            Add(result, bucket, cell, false, false, true, t.Fn);
            Add(result, bucket, cell, false, false, false, t.Tn);
        }
        return result;
    }

    private static void Add(List<FeedbackRow> rows, long bucket, string cell, bool alert, bool treated, bool positive, long count)
    {
        if (count > 0) rows.Add(new FeedbackRow(bucket, cell, alert, treated, positive, count));
    }

    /// <summary>The status with every group's feedback-corrected rates and estimate added.</summary>
    public static MonitorStatus Attach(ModelRegistration registration, MonitorStatus status, EstimationRowSet rows)
    {
        ArgumentNullException.ThrowIfNull(status);
        var (overall, groups) = Attach(registration, status.Overall, status.Groups, rows);
        return status with { Overall = overall, Groups = groups };
    }

    /// <summary>The groups (overall and per attribute level) with their feedback-corrected rates and estimate added.</summary>
    public static (GroupStatus Overall, IReadOnlyList<GroupStatus> Groups) Attach(ModelRegistration registration, GroupStatus overall,
        IReadOnlyList<GroupStatus> groups, EstimationRowSet rows)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(overall);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(rows);
        var attributes = registration.Protected.Select(p => p.Name).ToList();
        var counts = new Dictionary<(int, string), FeedbackCounts>();
        var all = new FeedbackCounts();
        var levelCache = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] Levels(string cell)
        {
            if (!levelCache.TryGetValue(cell, out var l)) levelCache[cell] = l = CellKey.Levels(cell);
            return l;
        }
        foreach (var r in rows.Feedback)
        {
            var c = r.Alert
                ? r.Treated ? new FeedbackCounts(r.Count, r.Positive ? r.Count : 0, 0, 0, 0, 0) : new FeedbackCounts(0, 0, r.Count, r.Positive ? r.Count : 0, 0, 0)
                : new FeedbackCounts(0, 0, 0, 0, r.Positive ? r.Count : 0, r.Positive ? 0 : r.Count);
            all += c;
            var levels = Levels(r.Cell);
            for (var a = 0; a < attributes.Count && a < levels.Length; a++)
                counts[(a, levels[a])] = counts.GetValueOrDefault((a, levels[a])) + c;
        }
        // The bins come cell by cell within a bucket: each group's bins are the runs of its cells, indexed, not copied.
        var source = rows.Pending;
        var pending = new Dictionary<(int, string), BinRuns>();
        for (var start = 0; start < source.Count;)
        {
            var cell = source[start].Cell;
            var end = start + 1;
            while (end < source.Count && string.Equals(source[end].Cell, cell, StringComparison.Ordinal)) end++;
            var levels = Levels(cell);
            for (var a = 0; a < attributes.Count && a < levels.Length; a++)
            {
                if (!pending.TryGetValue((a, levels[a]), out var runs)) pending[(a, levels[a])] = runs = new BinRuns(source);
                runs.Add(start, end - start);
            }
            start = end;
        }
        var everything = BinRuns.All(source);
        var confidence = registration.Monitors.Confidence;
        var maps = registration.Reference?.Calibration;
        var result = new List<GroupStatus>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var a = g.Attribute is null ? -1 : attributes.IndexOf(g.Attribute);
            var key = (a, g.Level);
            result.Add(With(g, a < 0 ? all : counts.GetValueOrDefault(key), a < 0 ? everything : pending.GetValueOrDefault(key) ?? new BinRuns(source), rows.Shift, maps, confidence, i + 1));
        }
        return (With(overall, all, everything, rows.Shift, maps, confidence, 0), result);
    }

    private static GroupStatus With(GroupStatus g, FeedbackCounts counts, BinRuns pending, IReadOnlyList<string> shift,
        IReadOnlyList<ReferenceCalibration>? maps, double confidence, int index)
    {
        var r = FeedbackCorrection.Compute(counts, confidence);
        var note = r.SensitivityCorrected.Value is null ? r.SensitivityCorrected.Reason
            : counts.TreatedAlerts == 0 ? "no treated alerts among the matured predictions: the corrected rates equal the recorded ones"
            : FeedbackCorrection.Assumption;
        return g with
        {
            SensitivityNaive = MetricValue.From(r.SensitivityNaive),
            SensitivityCorrected = MetricValue.From(r.SensitivityCorrected),
            FnrCorrected = MetricValue.From(r.FnrCorrected),
            PpvCorrected = MetricValue.From(r.PpvCorrected),
            AvertedEstimated = g.SuppressedReason is null ? r.AvertedEstimate : null,
            FeedbackNote = note,
            Estimated = Estimate(g, pending, shift, maps, index),
        };
    }

    private static EstimatedStatusValue Estimate(GroupStatus g, BinRuns pending, IReadOnlyList<string> shift,
        IReadOnlyList<ReferenceCalibration>? maps, int index)
    {
        if (maps is not { Count: > 0 })
        {
            const string none = "the registration has no reference calibration map (registered before maps existed, or without a reference): no estimate";
            return Undefined(g, none, null, null);
        }
        var own = maps.FirstOrDefault(m => m.Attribute == g.Attribute && m.Level == g.Level);
        var map = own ?? maps.FirstOrDefault(m => m.Attribute is null);
        if (map is null) return Undefined(g, "the registration's calibration maps have no overall map: no estimate", null, null);
        var reasons = new List<string>();
        var reliable = true;
        var calibrationSource = g.Attribute is null || own is not null ? "group" : "overall";
        if (calibrationSource == "overall")
            reasons.Add("calibrated on all reference rows: the group had fewer than 200 reference rows or 20 of a class (its own P(y | score) may differ)");
        if (pending.Count == 0) return Undefined(g, "no pending predictions: every label in the period has matured or been censored", calibrationSource, map.Method);
        var calibration = ReferenceCalibrationMaps.ToCalibration(map);
        var bins = pending.Count;
        var p = new double[bins];
        var alert = new bool[bins];
        var count = new long[bins];
        long rows = 0, outside = 0;
        var k = 0;
        foreach (var (start, length) in pending.Runs)
        {
            for (var j = start; j < start + length; j++, k++)
            {
                var bin = pending.Source[j];
                var s = bin.MeanScore;
                p[k] = calibration.Apply(s);
                alert[k] = bin.Alert;
                count[k] = bin.Count;
                rows += count[k];
                if (s < map.ScoreMin || s > map.ScoreMax) outside += count[k];
            }
        }
        var share = (double)outside / rows;
        if (share > MaxOutOfRangeShare)
        {
            reliable = false;
            reasons.Add($"{share:P1} of the pending scores lie outside the scores the calibration was fitted on [{map.ScoreMin:0.####}, {map.ScoreMax:0.####}] (bound {MaxOutOfRangeShare:P0})");
        }
        if (shift.Count > 0)
        {
            reliable = false;
            reasons.AddRange(shift);
        }
        reasons.Add("assumes P(y | score) is the reference's: a concept shift, or treatment changing outcomes more than in the reference, is invisible until the labels mature");
        var e = ExpectedConfusion.From(p, alert, count);
        var draws = Draws(p, alert, count, index);
        return new EstimatedStatusValue(g.Pending, calibrationSource, map.Method, reliable, reasons,
            Metric(e.Sensitivity, draws[0], "no expected positives among the pending predictions"),
            Metric(e.FalseNegativeRate, draws[1], "no expected positives among the pending predictions"),
            Metric(Ratio(e.FalsePositives, e.FalsePositives + e.TrueNegatives), draws[2], "no expected negatives among the pending predictions"),
            Metric(e.PositivePredictiveValue, draws[3], "no pending predictions with an alert"),
            Metric(e.Prevalence, draws[4], "no pending predictions"));
    }

    /// <summary>
    /// Replicated realized sensitivity, FNR, FPR, PPV and prevalence under yᵢ ~ Bernoulli(p̂ᵢ), seeded per group: the
    /// positives among alerted and among unalerted predictions are drawn as two independent sums
    /// (<see cref="OutcomeSumSampler"/>), which is the per-row draw without its cost per row.
    /// </summary>
    private static double[][] Draws(double[] p, bool[] alert, long[] count, int index)
    {
        var alerted = Split(p, alert, count, true);
        var unalerted = Split(p, alert, count, false);
        var result = new double[5][];
        for (var m = 0; m < 5; m++) result[m] = new double[Replicates];
        var rng = new Random(Seed + index);
        double rows = alerted.Rows + unalerted.Rows;
        for (var b = 0; b < Replicates; b++)
        {
            double tp = alerted.Next(rng);
            double fn = unalerted.Next(rng);
            var fp = alerted.Rows - tp;
            var tn = unalerted.Rows - fn;
            result[0][b] = Ratio(tp, tp + fn);
            result[1][b] = Ratio(fn, tp + fn);
            result[2][b] = Ratio(fp, fp + tn);
            result[3][b] = Ratio(tp, tp + fp);
            result[4][b] = Ratio(tp + fn, rows);
        }
        return result;
    }

    private static OutcomeSumSampler Split(double[] p, bool[] alert, long[] count, bool alerted)
    {
        var n = 0;
        for (var k = 0; k < p.Length; k++) if (alert[k] == alerted) n++;
        var probability = new double[n];
        var rows = new long[n];
        for (int k = 0, j = 0; k < p.Length; k++)
        {
            if (alert[k] != alerted) continue;
            probability[j] = p[k];
            rows[j++] = count[k];
        }
        return new OutcomeSumSampler(probability, rows);
    }

    private static MetricValue Metric(double value, double[] draws, string undefined)
    {
        if (!double.IsFinite(value)) return new MetricValue(null, null, undefined);
        var defined = draws.Where(double.IsFinite).ToArray();
        if (defined.Length < Replicates / 2) return new MetricValue(value, null, null);
        Array.Sort(defined);
        var lo = Math.Min(value, Quantile(defined, 0.025));
        var hi = Math.Max(value, Quantile(defined, 0.975));
        return new MetricValue(value, [lo, hi], null) { CiMethod = "outcome_draws_percentile" };
    }

    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    private static EstimatedStatusValue Undefined(GroupStatus g, string reason, string? calibration, string? method)
    {
        var m = new MetricValue(null, null, reason);
        return new EstimatedStatusValue(g.Pending, calibration, method, false, [reason], m, m, m, m, m);
    }
}
