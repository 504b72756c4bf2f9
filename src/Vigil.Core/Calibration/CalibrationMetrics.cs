using Vigil.Core.Audit;
using MathNet.Numerics.Random;
using Vigil.Core.Statistics;

namespace Vigil.Core.Calibration;

/// <summary>The calibration numbers of one set of rows (a group or the population), each a <see cref="Metric"/>.</summary>
public sealed record CalibrationMetrics(Metric Brier, Metric Ece, Metric Mce, Metric OeRatio, Metric Citl, Metric Slope, Metric Intercept)
{
    /// <summary>JSON names, in <see cref="All"/> order.</summary>
    public static readonly string[] Names = ["brier", "ece", "mce", "oe_ratio", "citl", "slope", "intercept"];

    public IReadOnlyList<Metric> All => [Brier, Ece, Mce, OeRatio, Citl, Slope, Intercept];
}

/// <summary>
/// Calibration metrics of probabilities p_i against outcomes y_i ∈ {0, 1}, n rows:
/// <list type="table">
/// <item><term>brier</term><description>Σ(p − y)² / n (Brier 1950; scikit-learn brier_score_loss).</description></item>
/// <item><term>ece</term><description>expected calibration error Σ_b (n_b/n)·|ȳ_b − p̄_b| = Σ_b |Σ_b y − Σ_b p| / n over
/// 10 equal-width bins (0, 0.1], …, (0.9, 1] with 0 in the first (Naeini et al. 2015; the audit's ece).</description></item>
/// <item><term>mce</term><description>maximum calibration error max_b |ȳ_b − p̄_b| over the same non-empty bins.</description></item>
/// <item><term>oe_ratio</term><description>calibration-in-the-large as observed/expected events Σy / Σp
/// (1 = right on average; undefined when Σp = 0).</description></item>
/// <item><term>citl, slope, intercept</term><description>logistic recalibration (<see cref="LogisticRecalibration"/>).</description></item>
/// </list>
/// Intervals: bootstrap intervals from B replicates that resample the rows of the group with replacement (Efron and
/// Tibshirani 1993), seeded: percentile intervals, except for ECE and MCE, which resampling biases upward, whose
/// intervals are bias-corrected percentile intervals (<see cref="BiasCorrectedPercentile"/>, ci_method "bootstrap_bc");
/// a metric undefined in more than 5% of the replicates gets no interval (as the audit's bootstrap).
/// </summary>
public static class CalibrationStatistics
{
    public const int EceBins = GroupMetrics.CalibrationBins;

    internal const int ValueCount = 7;

    /// <summary>The metrics of all rows, without intervals.</summary>
    public static CalibrationMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels)
    {
        Reliability.Check(scores, labels, EceBins);
        var logits = new double[scores.Length];
        LogisticRecalibration.Logits(scores, logits);
        return Compute(scores.ToArray(), logits, labels.ToArray(), 0, 0, 0.95);
    }

    /// <summary>
    /// The metrics with bootstrap percentile intervals (<paramref name="replicates"/> = 0: none);
    /// <paramref name="logits"/> holds <see cref="LogisticRecalibration.Logit"/> of every score.
    /// </summary>
    public static CalibrationMetrics Compute(ReadOnlyMemory<double> scores, ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels,
        int replicates, int seed, double confidence)
    {
        var values = new double[ValueCount];
        var reasons = new string?[ValueCount];
        Evaluate(scores, logits, labels, default, values, reasons);
        BootstrapIntervals? intervals = null;
        if (replicates > 0 && scores.Length > 0)
        {
            var draws = scores.Length > AtomBootstrapRows
                ? AtomBootstrap(scores.Span, logits.Span, labels.Span, values, replicates, seed)
                : Bootstrap(scores, logits, labels, replicates, seed);
            intervals = new BootstrapIntervals(draws, ValueCount, replicates, confidence);
        }
        var metrics = new Metric[ValueCount];
        for (var k = 0; k < ValueCount; k++)
        {
            if (double.IsNaN(values[k]))
            {
                metrics[k] = Metric.Undefined(reasons[k] ?? "undefined");
                continue;
            }
            if (intervals is null)
            {
                metrics[k] = new Metric(values[k], null, null);
                continue;
            }
            // ECE and MCE (indices 1, 2) are biased upward under resampling: bias-corrected percentile intervals.
            var (interval, note, method) = k is 1 or 2
                ? intervals.AtBiasCorrected(k, values[k])
                : WithMethod(intervals.At(k));
            metrics[k] = new Metric(values[k], interval, note) { CiMethod = interval is null ? null : method };
        }
        return new CalibrationMetrics(metrics[0], metrics[1], metrics[2], metrics[3], metrics[4], metrics[5], metrics[6]);
    }

    private static (Interval? Interval, string? Note, string? Method) WithMethod((Interval? Interval, string? Note) at) =>
        (at.Interval, at.Note, BootstrapIntervals.PercentileMethod);

    /// <summary>Above this many rows the bootstrap resamples atoms instead of rows (<see cref="AtomBootstrap"/>).</summary>
    public const int AtomBootstrapRows = 5_000;

    /// <summary>Fine logit bins of the atoms: width 70/4096 ≈ 0.017 on logits clamped to ±35.</summary>
    private const int LogitBins = 4096;

    /// <summary>
    /// The bootstrap of a large group. Rows are grouped into atoms: (ECE bin, fine logit bin of width ≈ 0.017,
    /// label), each with its count and mean score and logit. Resampling n rows with replacement is a
    /// multinomial draw of atom counts (conditional binomials, as the audit's bootstrap), after which each
    /// atom's rows are taken at its means; atoms nest in the ECE bins, so ECE, MCE, O/E and the bin counts are
    /// those of resampled rows, and Brier and the logistic fits see a within-atom spread of logits below
    /// 0.017. Each replicate is shifted by the difference between the exact value and the atoms' value on the
    /// original data (as the audit does for its binned AUROC), so intervals are centred on the exact metric.
    /// </summary>
    internal static double[] AtomBootstrap(ReadOnlySpan<double> scores, ReadOnlySpan<double> logits, ReadOnlySpan<byte> labels,
        double[] exact, int replicates, int seed)
    {
        const int cellCount = EceBins * LogitBins * 2;
        var count = new long[cellCount];
        var scoreSum = new double[cellCount];
        var logitSum = new double[cellCount];
        for (var i = 0; i < scores.Length; i++)
        {
            var fine = Math.Clamp((int)((logits[i] + 35) * (LogitBins / 70.0)), 0, LogitBins - 1);
            var cell = (CellSummary.CalibrationBin(scores[i]) * LogitBins + fine) * 2 + labels[i];
            count[cell]++;
            scoreSum[cell] += scores[i];
            logitSum[cell] += logits[i];
        }
        var atoms = 0;
        foreach (var c in count)
            if (c > 0) atoms++;
        var atomCount = new long[atoms];
        var atomScore = new double[atoms];
        var atomLogit = new double[atoms];
        var atomLabel = new byte[atoms];
        var a = 0;
        for (var cell = 0; cell < cellCount; cell++)
        {
            if (count[cell] == 0) continue;
            atomCount[a] = count[cell];
            atomScore[a] = scoreSum[cell] / count[cell];
            atomLogit[a] = logitSum[cell] / count[cell];
            atomLabel[a++] = (byte)(cell & 1);
        }
        var baseline = new double[ValueCount];
        Evaluate(atomScore, atomLogit, atomLabel, Array.ConvertAll(atomCount, c => (int)c), baseline, null);
        var shift = new double[ValueCount];
        for (var k = 0; k < ValueCount; k++) shift[k] = double.IsFinite(exact[k] - baseline[k]) ? exact[k] - baseline[k] : 0;

        var result = new double[(long)replicates * ValueCount];
        var source = new RowSource(atomScore, atomLogit, atomLabel);
        Parallel.For(0, replicates, () => (new long[atoms], new DrawnRows(source)), (r, _, buffers) =>
        {
            var (drawn, rows) = buffers;
            var rng = new Xoshiro256StarStar(ReplicateSeed(seed, r), threadSafe: false);
            MultinomialSampler.Resample(rng, atomCount, drawn);
            var weights = rows.Counts;
            for (var j = 0; j < atoms; j++) weights[j] = (int)drawn[j];
            rows.Gather();
            var values = result.AsSpan(r * ValueCount, ValueCount);
            Evaluate(rows.Scores, rows.Logits, rows.Labels, rows.Weights, values, null, rows.StartSums());
            for (var k = 0; k < ValueCount; k++) values[k] += shift[k];
            return buffers;
        }, _ => { });
        return result;
    }

    /// <summary>Replicate-major values (NaN where undefined) of <paramref name="replicates"/> row resamples, each on its drawn rows only (<see cref="DrawnRows"/>).</summary>
    internal static double[] Bootstrap(ReadOnlyMemory<double> scores, ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labels, int replicates, int seed)
    {
        var n = scores.Length;
        var result = new double[(long)replicates * ValueCount];
        var source = new RowSource(scores, logits, labels);
        Parallel.For(0, replicates, () => new DrawnRows(source), (r, _, rows) =>
        {
            var weights = rows.Counts;
            Array.Clear(weights);
            var rng = new Xoshiro256StarStar(ReplicateSeed(seed, r), threadSafe: false);
            for (var i = 0; i < n; i++) weights[rng.Next(n)]++;
            rows.Gather();
            Evaluate(rows.Scores, rows.Logits, rows.Labels, rows.Weights, result.AsSpan(r * ValueCount, ValueCount), null, rows.StartSums());
            return rows;
        }, _ => { });
        return result;
    }

    /// <summary>SplitMix64 finalizer of (seed, replicate): deterministic whatever thread runs the replicate.</summary>
    internal static int ReplicateSeed(int seed, int replicate) => unchecked((int)SplitMix64.ReplicateStream(seed, replicate));

    /// <summary>
    /// The seven values (NaN where undefined, with the reason when <paramref name="reasons"/> is given); <paramref name="start"/>
    /// is the weighted rows' first pass of the logistic fits, when the caller has it (<see cref="DrawnRows"/>).
    /// </summary>
    internal static void Evaluate(ReadOnlyMemory<double> scoreMemory, ReadOnlyMemory<double> logits, ReadOnlyMemory<byte> labelMemory,
        ReadOnlyMemory<int> weightMemory, Span<double> values, string?[]? reasons, StartSums? start = null)
    {
        var scores = scoreMemory.Span;
        var labels = labelMemory.Span;
        var weights = weightMemory.Span;
        Span<long> count = stackalloc long[EceBins];
        Span<long> positives = stackalloc long[EceBins];
        Span<double> sum = stackalloc double[EceBins];
        count.Clear();
        positives.Clear();
        sum.Clear();
        double squared = 0, expected = 0;
        long n = 0, events = 0;
        if (weights.IsEmpty)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i];
                var y = labels[i];
                var b = CellSummary.CalibrationBin(s);
                var d = s - y;
                squared += d * d;
                expected += s;
                events += y;
                count[b]++;
                positives[b] += y;
                sum[b] += s;
            }
            n = scores.Length;
        }
        else
        {
            for (var i = 0; i < scores.Length; i++)
            {
                long w = weights[i];
                if (w == 0) continue;
                var s = scores[i];
                var y = labels[i];
                var b = CellSummary.CalibrationBin(s);
                var d = s - y;
                squared += w * d * d;
                expected += w * s;
                n += w;
                events += w * y;
                count[b] += w;
                positives[b] += w * y;
                sum[b] += w * s;
            }
        }
        values.Fill(double.NaN);
        if (n == 0)
        {
            if (reasons is not null) Array.Fill(reasons, "empty group");
            return;
        }
        values[0] = squared / n;
        double gap = 0, max = 0;
        for (var b = 0; b < EceBins; b++)
        {
            if (count[b] == 0) continue;
            gap += Math.Abs(positives[b] - sum[b]);
            max = Math.Max(max, Math.Abs((double)positives[b] / count[b] - sum[b] / count[b]));
        }
        values[1] = gap / n;
        values[2] = max;
        if (expected > 0) values[3] = events / expected;
        else if (reasons is not null) reasons[3] = "no expected events (every score is 0)";
        var (citl, citlReason) = LogisticRecalibration.InterceptWithOffset(logits, labelMemory, weightMemory, start);
        values[4] = citl ?? double.NaN;
        var (intercept, slope, reason) = LogisticRecalibration.SlopeAndIntercept(logits, labelMemory, weightMemory, start);
        values[5] = slope;
        values[6] = intercept;
        if (reasons is null) return;
        reasons[4] = citlReason;
        reasons[5] = reason;
        reasons[6] = reason;
    }
}
