using Vigil.Core.Estimation;
using Vigil.Data;

namespace Vigil.Application.Estimation;

/// <summary>A kind of shift the harness applies to the current data.</summary>
public enum ShiftKind
{
    /// <summary>Covariate shift in age: current rows drawn with probability ∝ exp(β·z_age), |β| ∈ [0.5, 1], random sign.</summary>
    Age,

    /// <summary>Covariate shift in sex: one sex kept with probability γ ∈ [0.3, 0.6], the other always (random which).</summary>
    Sex,

    /// <summary>Both at once.</summary>
    AgeAndSex,

    /// <summary>Label shift: reference resampled to 7% prevalence, current to 12% (P(x | y) unchanged).</summary>
    Prevalence,

    /// <summary>
    /// Time: the reference drawn from the earlier half of the rows in time order (diabetes: encounter_id order), the
    /// current rows from the later half. Whatever changed between the periods, P(y | x) included, is in it.
    /// </summary>
    Time,

    /// <summary>
    /// Site (external validation): reference = one heart-disease site, current = another (<see cref="EstimationEvaluation.RunSites"/>).
    /// Sites differ in case mix, in prevalence and possibly in P(y | x) (concept shift), which no label-free method can see.
    /// </summary>
    Site,
}

/// <summary>The errors of one metric in one group over the seeded shifts of one kind.</summary>
/// <param name="Shift">The shift applied.</param>
/// <param name="Group">"all", "sex=Female", "age=60-79", ...</param>
/// <param name="Metric">Vocabulary key.</param>
/// <param name="Runs">Shifts in which the group had at least the minimum current rows and both values were defined.</param>
/// <param name="MeanAbsoluteError">Mean |estimate − realized|.</param>
/// <param name="Coverage">Share of runs whose 95% interval held the realized value.</param>
/// <param name="MeanCurrentRows">Mean current rows of the group.</param>
/// <param name="NoiseFloor">
/// The mean absolute error an estimator that knew the expected value exactly would still make against the realized
/// one: mean of √(2/π)·√(r(1 − r)/m) with r the realized rate and m its denominator (positives for sensitivity and
/// FNR, predicted positives for PPV, ...); NaN for the AUROC.
/// </param>
/// <param name="Bias">Mean signed error (estimate − realized).</param>
/// <param name="ErrorSd">Standard deviation of the signed errors (NaN with one run).</param>
/// <param name="P90">90th percentile of |estimate − realized| (nearest rank).</param>
/// <param name="Setting">What else identifies the runs: "cleveland → hungary" for a site pair; empty otherwise.</param>
public sealed record EvaluationLine(ShiftKind Shift, string Group, string Metric, int Runs, double MeanAbsoluteError, double Coverage,
    double MeanCurrentRows, double NoiseFloor, double Bias = 0, double ErrorSd = double.NaN, double P90 = double.NaN, string Setting = "");

/// <summary>What the harness measured: one line per shift kind, group and metric, and how many estimates were flagged unreliable.</summary>
/// <param name="Lines">Errors per shift kind (and setting), group and metric.</param>
/// <param name="Shifts">Estimates made.</param>
/// <param name="Unreliable">Estimates flagged unreliable (outside the reference's support).</param>
/// <param name="ImportanceWeighted">Estimates whose calibration was importance weighted (covariate shift detected).</param>
/// <param name="UnreliableReasons">Per setting ("" for the diabetes and simulator kinds): the estimates flagged unreliable and the distinct reasons.</param>
public sealed record EvaluationResult(IReadOnlyList<EvaluationLine> Lines, int Shifts, int Unreliable, int ImportanceWeighted,
    IReadOnlyDictionary<string, (int Flagged, int Runs, IReadOnlyList<string> Reasons)>? UnreliableReasons = null);

/// <summary>
/// The evaluation harness of label-free estimation on the shipped diabetes readmission data
/// (examples/diabetes-readmission/diabetes-prepared.csv.gz, outcome readmit30, 9% positive): a logistic model is fitted
/// on a seeded 30% training split (nine numeric features standardized, sex, discharge group, emergency admission) and
/// its probability is distorted to p^0.6 so that the score is miscalibrated and the calibration step matters; the
/// threshold is the training scores' 80th percentile. For each seeded shift the remaining rows are split afresh in
/// half into a reference pool (labels known to the estimator) and a current pool, and the shift draws the current data from its pool
/// (without replacement, by Efraimidis–Spirakis keys u^(1/w)) with weights that depend on x only (P(y | x) unchanged)
/// or, for prevalence, on y only. The estimator sees the current scores and features, never the current labels; the
/// realized metrics are computed with those labels afterwards. Groups: sex and age bands &lt;60, 60-79, ≥80. The time
/// shift takes the reference from the earlier and the current data from the later encounters; the site shifts run on the
/// heart-disease sites (<see cref="RunSites"/>) and the same shifts run on the sepsis simulator (<see cref="Simulated"/>).
/// </summary>
public static partial class EstimationEvaluation
{
    private static readonly string[] NumericColumns =
        ["age_years", "time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications", "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses"];

    /// <summary>Groups with fewer current rows are left out of the error lines (the target concerns groups of 500 or more).</summary>
    public const int MinGroupRows = 500;

    /// <summary>Current rows drawn per covariate shift.</summary>
    public const int CurrentRows = 10_000;

    /// <summary>
    /// The rows outside the model's training split with their scores, features and groups, and the model's threshold:
    /// everything a run of the shifts needs, loaded once per file and seed (<see cref="Load"/>, <see cref="Simulated"/>)
    /// so that several runs share one read and one model fit. Rows are in time order (encounter_id, arrival).
    /// </summary>
    internal sealed record Table(double[] Scores, bool[] Labels, double[] Features, int FeatureCount, double[] AgeZ, int[] Sex, int[] AgeBand, string[] SexLevels,
        double Threshold, string[] AgeLevels);

    private static readonly string[] DiabetesAgeLevels = ["<60", "60-79", ">=80"];

    /// <summary>Runs <paramref name="shiftsPerKind"/> seeded shifts of each kind in <paramref name="kinds"/>.</summary>
    /// <param name="diabetesPath">The prepared diabetes file.</param>
    /// <param name="kinds">Shift kinds to apply.</param>
    /// <param name="shiftsPerKind">Seeded shifts per kind.</param>
    /// <param name="bootstrap">Bootstrap replicates per estimate.</param>
    /// <param name="seed">Seeds the model split, the pools and every shift.</param>
    /// <param name="calibration">Forces one calibration family (null: the documented choice).</param>
    /// <param name="log">Receives one line per shift (the overall estimate against the realized value), when given.</param>
    public static EvaluationResult Run(string diabetesPath, IReadOnlyList<ShiftKind> kinds, int shiftsPerKind, int bootstrap, int seed,
        Action<string>? log = null, CalibrationMethod? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return Run(Load(diabetesPath, seed), kinds, shiftsPerKind, bootstrap, seed, log, calibration);
    }

    /// <summary>Runs the shifts on a table already loaded by <see cref="Load"/> or <see cref="Simulated"/> with the same <paramref name="seed"/>.</summary>
    internal static EvaluationResult Run(Table table, IReadOnlyList<ShiftKind> kinds, int shiftsPerKind, int bootstrap, int seed,
        Action<string>? log = null, CalibrationMethod? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Contains(ShiftKind.Site)) throw new ArgumentException("site shifts run on the heart data: RunSites", nameof(kinds));
        var n = table.Labels.Length;
        var tally = new Tally();
        foreach (var kind in kinds)
        {
            for (var s = 0; s < shiftsPerKind; s++)
            {
                var rng = new Random(unchecked(seed * 31 + (int)kind * 1009 + s));
                int[] reference, current;
                if (kind == ShiftKind.Time)
                {
                    // The earlier half of the rows (time order) is the reference period, the later half the current one;
                    // each shift draws half of the earlier rows and CurrentRows of the later ones.
                    var early = Enumerable.Range(0, n / 2).ToArray();
                    rng.Shuffle(early);
                    reference = early[..(early.Length / 2)].Order().ToArray();
                    var late = Enumerable.Range(n / 2, n - n / 2).ToArray();
                    rng.Shuffle(late);
                    current = late[..Math.Min(CurrentRows, late.Length)].Order().ToArray();
                }
                else
                {
                    // Each shift splits the rows outside the training split afresh into a reference pool and a current
                    // pool (halves), so that the shifts are independent replications, not one split seen many times.
                    var order = Enumerable.Range(0, n).ToArray();
                    rng.Shuffle(order);
                    (reference, current) = Draw(table, kind, order[..(n / 2)], order[(n / 2)..], rng);
                }
                var report = Evaluate(tally, table, kind, "", reference, current,
                    new EstimationOptions { Threshold = table.Threshold, Bootstrap = bootstrap, Seed = seed + s, Calibration = calibration }, MinGroupRows);
                if (log is not null)
                {
                    var y = current.Select(i => table.Labels[i]).ToArray();
                    var realizedPrevalence = y.Count(v => v) / (double)y.Length;
                    var refPredicted = reference.Select(i => table.Scores[i] >= table.Threshold).ToArray();
                    var (tpr, fpr) = BlackBoxShiftEstimate.Rates(refPredicted, reference.Select(i => table.Labels[i]).ToArray(), []);
                    var (ctpr, cfpr) = BlackBoxShiftEstimate.Rates(current.Select(i => table.Scores[i] >= table.Threshold).ToArray(), y, []);
                    log(FormattableString.Invariant(
                        $"{kind} #{s}: domain AUROC {report.Shift.DomainAuroc.Value:0.000} weighted {report.Shift.Weighted}; sensitivity {report.Overall.Sensitivity.Value:0.0000}; prevalence {realizedPrevalence:0.0000} BBSE {report.Overall.BbsePrevalence.Value:0.0000}; TPR/FPR reference {tpr:0.0000}/{fpr:0.0000} current {ctpr:0.0000}/{cfpr:0.0000}"));
                }
            }
        }
        return tally.Result();
    }

    /// <summary>The AUROC of the table's score against its labels (every row outside the model's training split).</summary>
    internal static double ScoreAuroc(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labels = new double[table.Labels.Length];
        for (var i = 0; i < labels.Length; i++) labels[i] = table.Labels[i] ? 1 : 0;
        return SoftAuroc.Compute(table.Scores, labels);
    }

    /// <summary>The signed errors, coverage and sizes of every (kind, setting, group, metric), and the estimates' flags.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<(ShiftKind Kind, string Setting, string Group, string Metric), Cell> _cells = [];
        private readonly Dictionary<string, (int Flagged, int Runs, SortedSet<string> Reasons)> _flags = new(StringComparer.Ordinal);
        private int _shifts, _unreliable, _weighted;

        private sealed class Cell
        {
            public readonly List<double> Errors = [];
            public int Covered;
            public double Rows, Floor;
        }

        public void Estimate(string setting, EstimationReport report)
        {
            _shifts++;
            if (report.Shift.Weighted) _weighted++;
            var (flagged, runs, reasons) = _flags.GetValueOrDefault(setting, (0, 0, new SortedSet<string>(StringComparer.Ordinal)));
            if (!report.Reliable)
            {
                _unreliable++;
                flagged++;
                foreach (var r in report.UnreliableReasons) reasons.Add(r);
            }
            _flags[setting] = (flagged, runs + 1, reasons);
        }

        public void Add(ShiftKind kind, string setting, string group, string metric, double error, bool covered, double rows, double floor)
        {
            var key = (kind, setting, group, metric);
            if (!_cells.TryGetValue(key, out var cell)) _cells[key] = cell = new Cell();
            cell.Errors.Add(error);
            if (covered) cell.Covered++;
            cell.Rows += rows;
            cell.Floor += floor;
        }

        public EvaluationResult Result()
        {
            var lines = _cells.OrderBy(e => e.Key.Kind).ThenBy(e => e.Key.Setting, StringComparer.Ordinal).ThenBy(e => e.Key.Group, StringComparer.Ordinal)
                .ThenBy(e => e.Key.Metric, StringComparer.Ordinal)
                .Select(e =>
                {
                    var errors = e.Value.Errors;
                    var runs = errors.Count;
                    var mean = errors.Average();
                    var sd = runs > 1 ? Math.Sqrt(errors.Sum(x => (x - mean) * (x - mean)) / (runs - 1)) : double.NaN;
                    var abs = errors.Select(Math.Abs).Order().ToArray();
                    var p90 = abs[Math.Max(0, (int)Math.Ceiling(0.9 * runs) - 1)];
                    return new EvaluationLine(e.Key.Kind, e.Key.Group, e.Key.Metric, runs, abs.Average(), (double)e.Value.Covered / runs,
                        e.Value.Rows / runs, e.Value.Floor / runs, mean, sd, p90, e.Key.Setting);
                })
                .ToList();
            var flags = _flags.ToDictionary(f => f.Key, f => (f.Value.Flagged, f.Value.Runs, (IReadOnlyList<string>)f.Value.Reasons.ToList()), StringComparer.Ordinal);
            return new EvaluationResult(lines, _shifts, _unreliable, _weighted, flags);
        }
    }

    /// <summary>Runs the estimator on one reference/current draw of the table and scores every group of at least <paramref name="minRows"/> current rows.</summary>
    private static EstimationReport Evaluate(Tally tally, Table table, ShiftKind kind, string setting, int[] reference, int[] current, EstimationOptions options, int minRows)
    {
        var report = LabelFreeEstimator.Run(Data(table, reference, current), options);
        tally.Estimate(setting, report);
        Score(tally, kind, setting, "all", report.Overall, table, current, _ => true, minRows);
        foreach (var grouping in report.Groupings)
        {
            foreach (var g in grouping.Groups)
            {
                var name = grouping.Name + "=" + g.Group;
                Func<int, bool> member = grouping.Name == "sex"
                    ? i => table.Sex[i] >= 0 && table.SexLevels[table.Sex[i]] == g.Group
                    : i => table.AgeBand[i] >= 0 && table.AgeLevels[table.AgeBand[i]] == g.Group;
                Score(tally, kind, setting, name, g, table, current, member, minRows);
            }
        }
        return report;
    }

    private static void Score(Tally tally, ShiftKind kind, string setting, string group, GroupEstimate estimate, Table table, int[] current, Func<int, bool> member, int minRows)
    {
        if (estimate.CurrentRows < minRows) return;
        double tp = 0, fp = 0, tn = 0, fn = 0;
        var scores = new List<double>();
        var labels = new List<double>();
        foreach (var i in current)
        {
            if (!member(i)) continue;
            var predicted = table.Scores[i] >= table.Threshold;
            var y = table.Labels[i];
            if (predicted && y) tp++;
            else if (predicted) fp++;
            else if (y) fn++;
            else tn++;
            scores.Add(table.Scores[i]);
            labels.Add(y ? 1 : 0);
        }
        var realized = new ExpectedConfusion(tp, fp, tn, fn);
        var pairs = new (string, Core.Metric, double, double)[]
        {
            ("sensitivity", estimate.Sensitivity, realized.Sensitivity, tp + fn),
            ("fnr", estimate.FalseNegativeRate, realized.FalseNegativeRate, tp + fn),
            ("specificity", estimate.Specificity, realized.Specificity, tn + fp),
            ("ppv", estimate.PositivePredictiveValue, realized.PositivePredictiveValue, tp + fp),
            ("npv", estimate.NegativePredictiveValue, realized.NegativePredictiveValue, tn + fn),
            ("auroc", estimate.Auroc, SoftAuroc.Compute(scores.ToArray(), labels.ToArray()), double.NaN),
            ("prevalence", estimate.Prevalence, realized.Prevalence, realized.Total),
            ("prevalence_bbse", estimate.BbsePrevalence, realized.Prevalence, realized.Total),
            ("prevalence_mlls", estimate.MllsPrevalence, realized.Prevalence, realized.Total),
        };
        foreach (var (metric, est, truth, denominator) in pairs)
        {
            var floor = Math.Sqrt(2 / Math.PI) * Math.Sqrt(truth * (1 - truth) / denominator);
            if (est.Value is not { } v || !double.IsFinite(truth)) continue;
            var covered = est.Ci is { } ci && ci.Low <= truth && truth <= ci.High;
            tally.Add(kind, setting, group, metric, v - truth, covered, estimate.CurrentRows, floor);
        }
    }

    private static EstimationData Data(Table t, int[] reference, int[] current)
    {
        var d = t.FeatureCount;
        double[] Rows(int[] rows) => rows.SelectMany(i => t.Features.Skip(i * d).Take(d)).ToArray();
        return new EstimationData
        {
            ReferenceScores = reference.Select(i => t.Scores[i]).ToArray(),
            ReferenceLabels = reference.Select(i => t.Labels[i]).ToArray(),
            CurrentScores = current.Select(i => t.Scores[i]).ToArray(),
            ReferenceFeatures = Rows(reference),
            CurrentFeatures = Rows(current),
            FeatureCount = d,
            Groupings =
            [
                new EstimationGrouping("sex", ["sex"], t.SexLevels, reference.Select(i => t.Sex[i]).ToArray(), current.Select(i => t.Sex[i]).ToArray()),
                new EstimationGrouping("age", ["age"], t.AgeLevels, reference.Select(i => t.AgeBand[i]).ToArray(), current.Select(i => t.AgeBand[i]).ToArray()),
            ],
        };
    }

    /// <summary>The reference rows and the current rows of one seeded shift.</summary>
    private static (int[] Reference, int[] Current) Draw(Table t, ShiftKind kind, int[] refPool, int[] curPool, Random rng)
    {
        if (kind == ShiftKind.Prevalence)
            return (WithPrevalence(t, refPool, 0.07, rng), WithPrevalence(t, curPool, 0.12, rng));
        var beta = (0.5 + 0.5 * rng.NextDouble()) * (rng.Next(2) == 0 ? 1 : -1);
        var gamma = 0.3 + 0.3 * rng.NextDouble();
        var favoured = rng.Next(2);
        var weights = new double[curPool.Length];
        for (var k = 0; k < curPool.Length; k++)
        {
            var i = curPool[k];
            var w = 1.0;
            if (kind is ShiftKind.Age or ShiftKind.AgeAndSex) w *= Math.Exp(beta * t.AgeZ[i]);
            if (kind is ShiftKind.Sex or ShiftKind.AgeAndSex && t.Sex[i] != favoured) w *= gamma;
            weights[k] = w;
        }
        return (refPool, WeightedSample(curPool, weights, CurrentRows, rng));
    }

    /// <summary>All negatives of the pool and as many positives as give the prevalence (or all positives and the negatives that do).</summary>
    private static int[] WithPrevalence(Table t, int[] pool, double prevalence, Random rng)
    {
        var positives = pool.Where(i => t.Labels[i]).ToArray();
        var negatives = pool.Where(i => !t.Labels[i]).ToArray();
        rng.Shuffle(positives);
        rng.Shuffle(negatives);
        var wantPositives = (int)Math.Round(prevalence / (1 - prevalence) * negatives.Length);
        if (wantPositives <= positives.Length) return [.. negatives, .. positives[..wantPositives]];
        var wantNegatives = (int)Math.Round((1 - prevalence) / prevalence * positives.Length);
        return [.. negatives[..wantNegatives], .. positives];
    }

    /// <summary>m rows without replacement with probabilities ∝ w (Efraimidis and Spirakis 2006: the m largest u^(1/w)).</summary>
    private static int[] WeightedSample(int[] rows, double[] weights, int m, Random rng)
    {
        var keys = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++) keys[k] = Math.Log(rng.NextDouble()) / weights[k];
        var index = Enumerable.Range(0, rows.Length).ToArray();
        Array.Sort(keys, index);
        Array.Reverse(index);
        return index.Take(Math.Min(m, rows.Length)).Select(k => rows[k]).Order().ToArray();
    }

    /// <summary>Reads the prepared diabetes file, fits the seeded model and keeps the rows outside its training split.</summary>
    internal static Table Load(string path, int seed)
    {
        using var source = TabularSource.Open(path);
        var labels = EstimateInputLoader.Labels(source, "readmit30", null);
        var n = labels.Length;
        var columns = new List<double[]>();
        double[] ageZ = [];
        foreach (var name in NumericColumns)
        {
            var v = source.ReadNumeric(name, "feature").Values;
            var present = v.Where(double.IsFinite).ToArray();
            var mean = present.Average();
            var sd = Math.Sqrt(present.Sum(x => (x - mean) * (x - mean)) / (present.Length - 1));
            var z = v.Select(x => double.IsFinite(x) ? (x - mean) / sd : 0).ToArray();
            columns.Add(z);
            if (name == "age_years") ageZ = z;
        }
        var sex = source.ReadCategorical("sex", "protected");
        columns.Add(sex.Codes.Select(c => c >= 0 && sex.Levels[c] == "Female" ? 1.0 : 0.0).ToArray());
        var discharge = source.ReadCategorical("discharge_group", "feature");
        foreach (var level in new[] { "home", "facility", "home_health" })
            columns.Add(discharge.Codes.Select(c => c >= 0 && discharge.Levels[c] == level ? 1.0 : 0.0).ToArray());
        var admission = source.ReadCategorical("admission_type", "feature");
        columns.Add(admission.Codes.Select(c => c >= 0 && admission.Levels[c] == "emergency" ? 1.0 : 0.0).ToArray());
        var d = columns.Count;
        var x = new double[n * d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) x[i * d + j] = columns[j][i];

        // The model: logistic regression on a seeded 30% training split, its probability distorted to p^0.6.
        var rng = new Random(seed);
        var train = new double[n];
        for (var i = 0; i < n; i++) train[i] = rng.NextDouble() < 0.3 ? 1 : 0;
        var beta = Core.Estimation.WeightedLogisticRegression.Fit(x, d, labels, train, 1);
        var scores = new double[n];
        for (var i = 0; i < n; i++) scores[i] = Math.Pow(Core.Estimation.WeightedLogisticRegression.Predict(beta, x.AsSpan(i * d, d)), 0.6);
        var trainScores = scores.Where((_, i) => train[i] == 1).Order().ToArray();
        var threshold = trainScores[(int)(0.8 * (trainScores.Length - 1))];

        // Keep the rows outside the training split.
        var keep = Enumerable.Range(0, n).Where(i => train[i] == 0).ToArray();
        var ages = source.ReadNumeric("age_years", "protected").Values;
        var features = keep.SelectMany(i => x.Skip(i * d).Take(d)).ToArray();
        return new Table(
            keep.Select(i => scores[i]).ToArray(), keep.Select(i => labels[i]).ToArray(), features, d, keep.Select(i => ageZ[i]).ToArray(),
            keep.Select(i => sex.Codes[i]).ToArray(), keep.Select(i => ages[i] < 60 ? 0 : ages[i] < 80 ? 1 : 2).ToArray(), sex.Levels, threshold, DiabetesAgeLevels);
    }
}
