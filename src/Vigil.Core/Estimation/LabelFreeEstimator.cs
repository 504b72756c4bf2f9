namespace Vigil.Core.Estimation;

/// <summary>
/// Label-free estimation of per-group performance on current data (docs/estimation.md):
/// <list type="number">
/// <item>Covariate shift: with feature matrices, a <see cref="DensityRatio"/> domain model; when its out-of-fold
/// AUROC ≥ <see cref="EstimationOptions.ShiftAuroc"/> with the DeLong interval above 0.5, the reference rows carry
/// the weights w(x) ≈ p_cur(x)/p_ref(x) in every calibration fit (importance-weighted CBPE, as PAPE).</item>
/// <item>Calibration: isotonic or Platt, chosen by the <see cref="CalibrationChoice"/> rule on the (weighted) reference;
/// a group with enough reference rows of both classes is calibrated on its own rows (per-group CBPE: P(y | s) may
/// differ between groups), others on all rows (said in its notes).</item>
/// <item>CBPE: the <see cref="ExpectedConfusion"/> of the current group's thresholded scores under its calibrated
/// probabilities; the <see cref="SoftAuroc"/>; the exact selection rate; BBSE of the prevalence on the score binned at the
/// reference's score quantiles, <see cref="BbseBins"/> bins (<see cref="BlackBoxShiftEstimate.EstimateBinned"/>).</item>
/// <item>Intervals (B seeded replicates): resample the reference rows (multinomial counts times the importance
/// weights), refit every calibration, and on the fixed current rows draw yᵢ* ~ Bernoulli(p̂ᵢ*) and compute the
/// realized metric; the percentile interval of these covers the calibration's uncertainty and the outcome noise of
/// the realized value on these rows (the quantity a later audit with labels will report). BBSE's interval resamples
/// the reference rows and the current rows.</item>
/// <item>Support: unreliable (with the reasons) when the domain AUROC ≥ <see cref="EstimationOptions.RefuseAuroc"/>,
/// when more than <see cref="EstimationOptions.MaxOutOfRangeShare"/> of the current scores lie outside the reference
/// score range, or when the weights leave an effective sample below max(100, <see cref="EstimationOptions.MinEffectiveShare"/>·n_ref).</item>
/// </list>
/// Assumes P(y | x) is the same in both files (no concept shift) — nothing without labels can detect a change there.
/// </summary>
public static class LabelFreeEstimator
{
    private const int Metrics = 9; // sensitivity, fnr, specificity, ppv, npv, auroc, prevalence, bbse, mlls

    /// <summary>
    /// BBSE's bins: the score cut at the reference's 20-quantiles. Chosen over 10 on seeds other than the tests'
    /// (docs/estimation.md, 4): on the harness's prevalence shifts 20 bins lowered the overall error from 1.71/1.55 to
    /// 1.49/1.48 points and every group's error but one (within 0.03 points); 50 bins start to bias the estimate (sparse positive counts per bin).
    /// </summary>
    public const int BbseBins = 20;

    /// <summary>Runs the estimate.</summary>
    public static EstimationReport Run(EstimationData data, EstimationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var refScores = data.ReferenceScores;
        var labels = data.ReferenceLabels;
        var curScores = data.CurrentScores;
        if (refScores.Length != labels.Length) throw new ArgumentException("reference scores and labels differ in length", nameof(data));
        if (refScores.Length == 0) throw VigilException.BadData("the reference data have no rows");
        if (curScores.Length == 0) throw VigilException.BadData("the current data have no rows");
        var positives = 0;
        foreach (var y in labels)
            if (y) positives++;
        if (positives == 0 || positives == labels.Length)
            throw VigilException.BadData($"the reference labels have {(positives == 0 ? "no positives" : "no negatives")}; calibration needs both classes");

        var shift = AssessShift(data, options, out var importance);
        var choice = CalibrationChoice.Choose(refScores, labels, importance, options.Folds, options.Seed);
        if (options.Calibration is { } method) choice = choice with { Method = method };
        var (refMin, refMax) = Range(refScores, null);
        var outside = OutOfRange(curScores, null, refMin, refMax);

        var edges = QuantileEdges(refScores, BbseBins);
        var refBins = Bin(refScores, edges);
        var curBins = Bin(curScores, edges);
        Unit Make(string name, int[] r, int[] c)
        {
            var unit = Unit.Build(name, r, c, refScores, labels, curScores, options, importance);
            unit.RefBins = r.Select(i => refBins[i]).ToArray();
            unit.CurBins = c.Select(i => curBins[i]).ToArray();
            return unit;
        }
        var units = new List<Unit> { Make("all", AllRows(refScores.Length), AllRows(curScores.Length)) };
        var layout = new List<(EstimationGrouping Grouping, List<int> Units, List<string> OnlyRef, List<string> OnlyCur)>();
        foreach (var g in data.Groupings)
        {
            var refRows = RowsByLevel(g.ReferenceCodes, g.Levels.Length);
            var curRows = RowsByLevel(g.CurrentCodes, g.Levels.Length);
            var entry = (g, new List<int>(), new List<string>(), new List<string>());
            for (var k = 0; k < g.Levels.Length; k++)
            {
                if (curRows[k].Length == 0)
                {
                    if (refRows[k].Length > 0) entry.Item3.Add(g.Levels[k]);
                    continue;
                }
                if (refRows[k].Length == 0) entry.Item4.Add(g.Levels[k]);
                entry.Item2.Add(units.Count);
                units.Add(Make(g.Levels[k], refRows[k], curRows[k]));
            }
            layout.Add(entry);
        }

        // Point estimates.
        var overallCalibration = ScoreCalibration.Fit(choice.Method, refScores, labels, importance);
        var overallPrevalence = WeightedPrevalence(labels, importance, null);
        var points = new double[units.Count][];
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            // A group calibrated on its own rows gets its own choice by the same rule (its score range and shape differ).
            unit.Method = options.Calibration is { } forced ? forced : unit.Own ? CalibrationChoice.Choose(unit.RefScores, unit.RefLabels, unit.BaseWeights, options.Folds, options.Seed).Method : choice.Method;
            var calibration = unit.Own ? ScoreCalibration.Fit(unit.Method, unit.RefScores, unit.RefLabels, unit.BaseWeights) : overallCalibration;
            unit.Expected = ExpectedConfusion.From(unit.Probabilities(calibration), unit.Predicted);
            points[u] = unit.PointMetrics(unit.Own ? WeightedPrevalence(labels, importance, unit.RefRowIds) : overallPrevalence);
        }

        var replicates = Bootstrap(units, choice.Method, refScores, labels, importance, options);

        var overallReasons = Unreliable(shift, outside, refMin, refMax, options, refScores.Length);
        var overall = Estimate(units[0], points[0], replicates?[0], options, overallReasons, refMin, refMax);
        var groupings = new List<GroupingEstimate>();
        foreach (var (g, ids, onlyRef, onlyCur) in layout)
            groupings.Add(new GroupingEstimate(g.Name, g.Columns,
                ids.Select(id => Estimate(units[id], points[id], replicates?[id], options, overallReasons, refMin, refMax)).ToList(), onlyRef, onlyCur));
        return new EstimationReport(refScores.Length, curScores.Length, choice, shift, refMin, refMax, outside,
            overallReasons.Count == 0, overallReasons, overall, groupings);
    }

    private static ShiftAssessment AssessShift(EstimationData data, EstimationOptions options, out double[]? importance)
    {
        importance = null;
        if (data.ReferenceFeatures is null || data.CurrentFeatures is null || data.FeatureCount == 0)
            return new ShiftAssessment(false, Metric.Undefined("no feature columns: covariate shift not assessed"), false, false, null, 0, 0,
                "no feature columns given: covariate shift was not assessed, the calibration is unweighted");
        if (data.ReferenceFeatures.Length != (long)data.ReferenceScores.Length * data.FeatureCount
            || data.CurrentFeatures.Length != (long)data.CurrentScores.Length * data.FeatureCount)
            throw new ArgumentException("feature matrices do not match the rows", nameof(data));
        var ratio = DensityRatio.Fit(data.ReferenceFeatures, data.CurrentFeatures, data.FeatureCount, options.Folds, options.Seed);
        var auc = ratio.Auroc.Value ?? 0.5;
        var low = ratio.Auroc.Ci?.Low ?? 0;
        var detected = auc >= options.ShiftAuroc && low > 0.5;
        if (detected) importance = ratio.Weights;
        var text = detected
            ? $"covariate shift detected (domain AUROC {auc:0.000} ≥ {options.ShiftAuroc:0.00}, interval above 0.5): the calibration is importance weighted"
            : $"no covariate shift detected (domain AUROC {auc:0.000} < {options.ShiftAuroc:0.00} or its interval reaches 0.5): the calibration is unweighted";
        return new ShiftAssessment(true, ratio.Auroc, detected, detected, detected ? ratio.EffectiveSampleSize : null,
            detected ? ratio.ClippedRows : 0, ratio.Features, text);
    }

    private static List<string> Unreliable(ShiftAssessment shift, double outside, double refMin, double refMax, EstimationOptions options, int nRef)
    {
        var reasons = new List<string>();
        if (shift.DomainAuroc.Value is { } auc && auc >= options.RefuseAuroc)
            reasons.Add($"the current data leave the reference's support: domain classifier AUROC {auc:0.000} ≥ {options.RefuseAuroc:0.00}");
        if (outside > options.MaxOutOfRangeShare)
            reasons.Add($"{outside:P1} of the current scores lie outside the reference's score range [{refMin:0.####}, {refMax:0.####}] (bound {options.MaxOutOfRangeShare:P0})");
        var minEss = Math.Max(100, options.MinEffectiveShare * nRef);
        if (shift.EffectiveSampleSize is { } ess && ess < minEss)
            reasons.Add($"the importance weights rest on few reference rows: effective sample size {ess:0} < {minEss:0}");
        return reasons;
    }

    private static GroupEstimate Estimate(Unit unit, double[] point, double[][]? replicates, EstimationOptions options,
        List<string> overallReasons, double refMin, double refMax)
    {
        var notes = new List<string>(overallReasons);
        var (lo, hi) = unit.Own ? Range(unit.RefScores, null) : (refMin, refMax);
        var outside = OutOfRange(unit.CurScores, null, lo, hi);
        var reliable = overallReasons.Count == 0;
        if (unit.RefRows == 0)
        {
            reliable = false;
            notes.Add("the group has no reference rows: calibrated on all reference rows, with no evidence on this group's P(y | score)");
        }
        else if (!unit.Own)
        {
            notes.Add($"calibrated on all reference rows: the group has fewer than {options.MinGroupCalibrationRows} reference rows or fewer than {options.MinGroupCalibrationClassRows} of a class (its own P(y | score) may differ)");
        }
        if (outside > options.MaxOutOfRangeShare && unit.Group != "all")
        {
            reliable = false;
            notes.Add($"{outside:P1} of the group's current scores lie outside the score range of its calibration [{lo:0.####}, {hi:0.####}]");
        }
        var bbseReason = unit.BbseReason;
        if (bbseReason is not null) notes.Add("BBSE: " + bbseReason);
        var mllsReason = unit.MllsReason;
        if (mllsReason is not null) notes.Add("MLLS: " + mllsReason);
        string[] undefined =
        [
            "no expected positives in the group", "no expected positives in the group", "no expected negatives in the group",
            "no predicted positives in the group", "no predicted negatives in the group", "needs expected positives and negatives",
            "empty group", bbseReason ?? "undefined", mllsReason ?? "undefined",
        ];
        var metrics = new Metric[Metrics];
        for (var m = 0; m < Metrics; m++)
        {
            var value = point[m];
            if (!double.IsFinite(value))
            {
                metrics[m] = Metric.Undefined(undefined[m]);
                continue;
            }
            metrics[m] = Metric.Of(value);
            if (replicates is null) continue;
            if (Percentile(replicates[m], options.Level) is { } ci)
                metrics[m] = metrics[m] with { Ci = ci, CiMethod = "bootstrap_percentile" };
        }
        var selection = unit.Expected.SelectionRate;
        return new GroupEstimate(unit.Group, unit.RefRows, unit.CurScores.Length, unit.CurScores.Length < options.MinCell, unit.Own, unit.Method, unit.Expected,
            metrics[0], metrics[1], metrics[2], metrics[3], metrics[4],
            double.IsFinite(selection) ? Metric.Of(selection) : Metric.Undefined("empty group"),
            metrics[5], metrics[6], metrics[7], metrics[8], outside, reliable, notes);
    }

    /// <summary>Replicates[unit][metric][b] (NaN where undefined), or null without bootstrap.</summary>
    private static double[][][]? Bootstrap(List<Unit> units, CalibrationMethod method, double[] refScores, bool[] labels, double[]? importance,
        EstimationOptions options)
    {
        var b = options.Bootstrap;
        if (b == 0) return null;
        var result = new double[units.Count][][];
        for (var u = 0; u < units.Count; u++)
        {
            result[u] = new double[Metrics][];
            for (var m = 0; m < Metrics; m++) result[u][m] = new double[b];
        }
        var rng = new Random(options.Seed);
        var n = refScores.Length;
        var counts = new int[n];
        var weights = new double[n];
        for (var r = 0; r < b; r++)
        {
            Array.Clear(counts);
            for (var i = 0; i < n; i++) counts[rng.Next(n)]++;
            for (var i = 0; i < n; i++) weights[i] = counts[i] * (importance is null ? 1 : importance[i]);
            // units[0] is "all": its RefOrder sorts every reference row by score, so the isotonic refit skips the sort.
            ScoreCalibration overall = method == CalibrationMethod.Isotonic
                ? IsotonicCalibration.FitSorted(refScores, labels, weights, units[0].RefOrder)
                : PlattCalibration.Fit(refScores, labels, weights);
            var overallPrevalence = WeightedPrevalence(labels, weights, null);
            for (var u = 0; u < units.Count; u++)
            {
                var unit = units[u];
                var calibration = unit.Own ? unit.Refit(weights) : overall;
                var values = unit.Realized(calibration, counts, rng, unit.Own ? WeightedPrevalence(labels, weights, unit.RefRowIds) : overallPrevalence);
                for (var m = 0; m < Metrics; m++) result[u][m][r] = values[m];
            }
        }
        return result;
    }

    private static Interval? Percentile(double[] values, double level)
    {
        var defined = values.Where(double.IsFinite).ToArray();
        if (defined.Length < Math.Max(2, values.Length / 2)) return null;
        Array.Sort(defined);
        var alpha = (1 - level) / 2;
        return new Interval(Quantile(defined, alpha), Quantile(defined, 1 - alpha));
    }

    /// <summary>Linear interpolation between order statistics (type 7).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Σ wᵢyᵢ / Σ wᵢ over <paramref name="rows"/> (null: all rows; weights null: 1): the prior a calibration fitted with these weights implies.</summary>
    private static double WeightedPrevalence(bool[] labels, double[]? weights, int[]? rows)
    {
        double w = 0, wy = 0;
        var n = rows?.Length ?? labels.Length;
        for (var k = 0; k < n; k++)
        {
            var i = rows is null ? k : rows[k];
            var wi = weights is null ? 1 : weights[i];
            w += wi;
            if (labels[i]) wy += wi;
        }
        return w > 0 ? wy / w : double.NaN;
    }

    private static (double Min, double Max) Range(double[] scores, int[]? rows)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var n = rows?.Length ?? scores.Length;
        for (var k = 0; k < n; k++)
        {
            var s = scores[rows is null ? k : rows[k]];
            if (s < min) min = s;
            if (s > max) max = s;
        }
        return (min, max);
    }

    private static double OutOfRange(double[] scores, int[]? rows, double min, double max)
    {
        var n = rows?.Length ?? scores.Length;
        if (n == 0) return 0;
        var outside = 0;
        for (var k = 0; k < n; k++)
        {
            var s = scores[rows is null ? k : rows[k]];
            if (s < min || s > max) outside++;
        }
        return (double)outside / n;
    }

    /// <summary>The reference score quantiles (<paramref name="bins"/> − 1 inner edges) that cut the score into BBSE's bins.</summary>
    private static double[] QuantileEdges(double[] scores, int bins)
    {
        var sorted = (double[])scores.Clone();
        Array.Sort(sorted);
        var edges = new double[bins - 1];
        for (var k = 1; k < bins; k++) edges[k - 1] = sorted[(int)((long)k * (sorted.Length - 1) / bins)];
        return edges;
    }

    private static int[] Bin(double[] scores, double[] edges)
    {
        var bins = new int[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            var b = 0;
            while (b < edges.Length && scores[i] > edges[b]) b++;
            bins[i] = b;
        }
        return bins;
    }

    private static int[] AllRows(int n)
    {
        var rows = new int[n];
        for (var i = 0; i < n; i++) rows[i] = i;
        return rows;
    }

    private static int[][] RowsByLevel(int[] codes, int levels)
    {
        var counts = new int[levels];
        foreach (var c in codes)
            if (c >= 0) counts[c]++;
        var rows = new int[levels][];
        for (var k = 0; k < levels; k++) rows[k] = new int[counts[k]];
        Array.Clear(counts);
        for (var i = 0; i < codes.Length; i++)
            if (codes[i] >= 0) rows[codes[i]][counts[codes[i]]++] = i;
        return rows;
    }

    /// <summary>One group's rows in both files, its calibration source, and the buffers its replicates reuse.</summary>
    private sealed class Unit
    {
        public required string Group { get; init; }

        public required int[] RefRowIds { get; init; }

        public long RefRows => RefRowIds.Length;

        public required double[] RefScores { get; init; }

        public required bool[] RefLabels { get; init; }

        public required double[] BaseWeights { get; init; }

        public required int[] RefOrder { get; init; }

        public required bool Own { get; init; }

        public required double[] CurScores { get; init; }

        public required bool[] Predicted { get; init; }

        public required double[] SortedCurScores { get; init; }

        public required int[] CurOrder { get; init; }


        public ExpectedConfusion Expected { get; set; }

        /// <summary>BBSE bins (reference score quantiles) of the group's reference and current rows.</summary>
        public int[] RefBins { get; set; } = [];

        public int[] CurBins { get; set; } = [];


        private int[] _refCounts = [];
        private int[] _curCounts = [];

        /// <summary>The calibration family of this group (its own choice when <see cref="Own"/>, else the overall one).</summary>
        public CalibrationMethod Method { get; set; }

        public string? BbseReason { get; private set; }

        public string? MllsReason { get; private set; }

        private double[] _probability = [];
        private double[] _drawn = [];
        private double[] _weights = [];

        public static Unit Build(string group, int[] refRows, int[] curRows, double[] refScores, bool[] labels, double[] curScores,
            EstimationOptions options, double[]? importance)
        {
            var rs = new double[refRows.Length];
            var rl = new bool[refRows.Length];
            var bw = new double[refRows.Length];
            double pos = 0, neg = 0;
            for (var k = 0; k < refRows.Length; k++)
            {
                rs[k] = refScores[refRows[k]];
                rl[k] = labels[refRows[k]];
                bw[k] = importance is null ? 1 : importance[refRows[k]];
                if (rl[k]) pos++;
                else neg++;
            }
            var own = group != "all" && refRows.Length >= options.MinGroupCalibrationRows
                      && pos >= options.MinGroupCalibrationClassRows && neg >= options.MinGroupCalibrationClassRows;
            var refOrder = AllRows(refRows.Length);
            Array.Sort((double[])rs.Clone(), refOrder);
            var cs = new double[curRows.Length];
            var predicted = new bool[curRows.Length];
            for (var k = 0; k < curRows.Length; k++)
            {
                cs[k] = curScores[curRows[k]];
                predicted[k] = cs[k] >= options.Threshold;
            }
            var curOrder = AllRows(curRows.Length);
            var sorted = (double[])cs.Clone();
            Array.Sort(sorted, curOrder);
            return new Unit
            {
                Group = group, RefRowIds = refRows, RefScores = rs, RefLabels = rl, BaseWeights = bw, RefOrder = refOrder, Own = own,
                CurScores = cs, Predicted = predicted, SortedCurScores = sorted, CurOrder = curOrder,
            };
        }

        public double[] Probabilities(ScoreCalibration calibration)
        {
            if (_probability.Length != CurScores.Length) _probability = new double[CurScores.Length];
            calibration.Apply(CurScores, _probability);
            return _probability;
        }

        public double[] PointMetrics(double referencePrevalence)
        {
            var e = Expected;
            var bbse = BlackBoxShiftEstimate.EstimateBinned(RefBins, RefLabels, [], CurBins, [], BbseBins);
            BbseReason = bbse.Reason;
            var mlls = LabelShiftLikelihood.Estimate(_probability, [], referencePrevalence);
            MllsReason = mlls.Reason;
            return
            [
                e.Sensitivity, e.FalseNegativeRate, e.Specificity, e.PositivePredictiveValue, e.NegativePredictiveValue,
                SoftAuroc.ComputeSorted(SortedCurScores, CurOrder, _probability), e.Prevalence, bbse.Prevalence, mlls.Prevalence,
            ];
        }

        public ScoreCalibration Refit(double[] weights)
        {
            if (_weights.Length != RefRowIds.Length) _weights = new double[RefRowIds.Length];
            for (var k = 0; k < RefRowIds.Length; k++) _weights[k] = weights[RefRowIds[k]];
            return Method == CalibrationMethod.Isotonic
                ? IsotonicCalibration.FitSorted(RefScores, RefLabels, _weights, RefOrder)
                : PlattCalibration.Fit(RefScores, RefLabels, _weights);
        }

        /// <summary>One replicate: realized metrics under outcomes drawn from <paramref name="calibration"/>, and BBSE on resampled rows.</summary>
        public double[] Realized(ScoreCalibration calibration, int[] referenceCounts, Random rng, double referencePrevalence)
        {
            var p = Probabilities(calibration);
            if (_drawn.Length != p.Length) _drawn = new double[p.Length];
            double tp = 0, fp = 0, tn = 0, fn = 0;
            for (var k = 0; k < p.Length; k++)
            {
                var y = rng.NextDouble() < p[k];
                _drawn[k] = y ? 1 : 0;
                if (Predicted[k])
                {
                    if (y) tp++;
                    else fp++;
                }
                else if (y) fn++;
                else tn++;
            }
            var realized = new ExpectedConfusion(tp, fp, tn, fn);
            // BBSE on the resampled reference rows and resampled current rows.
            if (_refCounts.Length != RefRowIds.Length) _refCounts = new int[RefRowIds.Length];
            for (var k = 0; k < RefRowIds.Length; k++) _refCounts[k] = referenceCounts[RefRowIds[k]];
            if (_curCounts.Length != CurBins.Length) _curCounts = new int[CurBins.Length];
            Array.Clear(_curCounts);
            for (var k = 0; k < CurBins.Length; k++) _curCounts[rng.Next(CurBins.Length)]++;
            var bbse = BlackBoxShiftEstimate.EstimateBinned(RefBins, RefLabels, _refCounts, CurBins, _curCounts, BbseBins);
            var mlls = LabelShiftLikelihood.Estimate(p, _curCounts, referencePrevalence);
            return
            [
                realized.Sensitivity, realized.FalseNegativeRate, realized.Specificity, realized.PositivePredictiveValue,
                realized.NegativePredictiveValue, SoftAuroc.ComputeSorted(SortedCurScores, CurOrder, _drawn), realized.Prevalence, bbse.Prevalence,
                mlls.Prevalence,
            ];
        }
    }
}
