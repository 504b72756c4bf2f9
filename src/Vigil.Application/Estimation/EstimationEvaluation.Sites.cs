using Vigil.Core.Estimation;
using Vigil.Data;

namespace Vigil.Application.Estimation;

public static partial class EstimationEvaluation
{
    /// <summary>The four UCI heart-disease sites in the order of examples/heart-disease/sites/heart-4sites.csv.</summary>
    public static readonly string[] HeartSites = ["cleveland", "hungary", "switzerland", "va_long_beach"];

    private static readonly string[] HeartAgeLevels = ["<45", "45-64", ">=65"];

    /// <summary>Numeric heart columns the model and the domain classifier read (missing: imputed by the training mean, flagged for the domain classifier).</summary>
    private static readonly string[] HeartNumeric = ["age", "trestbps", "chol", "fbs", "thalach", "exang", "oldpeak"];

    /// <summary>Heart groups with fewer current rows are left out of the error lines (every heart group is under 500 rows).</summary>
    public const int MinHeartGroupRows = 30;

    /// <summary>
    /// Site shifts (external validation) on the four-site UCI heart-disease file: for every ordered pair of sites
    /// (reference site → current site) and <paramref name="replicatesPerPair"/> seeded replicates, the reference site's
    /// rows are split at random in half, a logistic model (L2 λ = 1; age, sex, chest-pain type, resting blood pressure,
    /// cholesterol, fasting blood sugar, resting ECG abnormal, maximum heart rate, exercise angina, ST depression; each
    /// standardised on the training half, a missing value imputed by its mean) is fitted on one half, the other half is
    /// the labelled reference, and every row of the current site is the current data (labels hidden). Threshold 0.5.
    /// The domain classifier sees the model's columns and a missing indicator per numeric column. Groups: sex and age
    /// bands &lt;45, 45-64, ≥65, each scored when it has at least <see cref="MinHeartGroupRows"/> current rows.
    /// The sites differ in case mix, prevalence (36% to 94%) and recording (Switzerland has no cholesterol), and may differ
    /// in P(y | x): the errors measure the estimator under an external-validation shift, concept shift included.
    /// </summary>
    /// <param name="heartPath">examples/heart-disease/sites/heart-4sites.csv.</param>
    /// <param name="replicatesPerPair">Seeded splits of the reference site per ordered pair.</param>
    /// <param name="bootstrap">Bootstrap replicates per estimate.</param>
    /// <param name="seed">Seeds the splits and the estimator.</param>
    /// <param name="log">Receives one line per estimate, when given.</param>
    public static EvaluationResult RunSites(string heartPath, int replicatesPerPair, int bootstrap, int seed, Action<string>? log = null)
    {
        using var source = TabularSource.Open(heartPath);
        var labels = EstimateInputLoader.Labels(source, "disease", null);
        var n = labels.Length;
        var site = source.ReadCategorical("site", "site");
        var sex = source.ReadCategorical("sex", "protected");
        var cp = source.ReadNumeric("cp", "feature").Values;
        var restecg = source.ReadNumeric("restecg", "feature").Values;
        var raw = new List<double[]>();
        foreach (var name in HeartNumeric) raw.Add(source.ReadNumeric(name, "feature").Values);
        // The model's raw columns: the numeric ones, then male, chest pain 2, 3, 4 and abnormal resting ECG (NaN = missing).
        raw.Add(sex.Codes.Select(c => c < 0 ? double.NaN : sex.Levels[c] == "M" ? 1.0 : 0.0).ToArray());
        foreach (var level in new[] { 2.0, 3.0, 4.0 }) raw.Add(cp.Select(v => double.IsNaN(v) ? double.NaN : v == level ? 1.0 : 0.0).ToArray());
        raw.Add(restecg.Select(v => double.IsNaN(v) ? double.NaN : v > 0 ? 1.0 : 0.0).ToArray());
        var ages = raw[0];
        var ageBand = ages.Select(a => double.IsNaN(a) ? -1 : a < 45 ? 0 : a < 65 ? 1 : 2).ToArray();
        var siteOf = site.Codes.Select(c => c < 0 ? -1 : Array.IndexOf(HeartSites, site.Levels[c])).ToArray();

        var tally = new Tally();
        for (var a = 0; a < HeartSites.Length; a++)
        {
            for (var b = 0; b < HeartSites.Length; b++)
            {
                if (a == b) continue;
                var setting = HeartSites[a] + " → " + HeartSites[b];
                for (var r = 0; r < replicatesPerPair; r++)
                {
                    var rng = new Random(unchecked(seed * 31 + a * 977 + b * 131 + r));
                    var home = Enumerable.Range(0, n).Where(i => siteOf[i] == a).ToArray();
                    rng.Shuffle(home);
                    var train = home[..(home.Length / 2)];
                    var rows = home[(home.Length / 2)..].Concat(Enumerable.Range(0, n).Where(i => siteOf[i] == b)).ToArray();
                    var table = HeartTable(raw, labels, sex, ageBand, train, rows);
                    var refCount = home.Length - home.Length / 2;
                    var reference = Enumerable.Range(0, refCount).ToArray();
                    var current = Enumerable.Range(refCount, rows.Length - refCount).ToArray();
                    var report = Evaluate(tally, table, ShiftKind.Site, setting, reference, current,
                        new EstimationOptions { Threshold = table.Threshold, Bootstrap = bootstrap, Seed = seed + r }, MinHeartGroupRows);
                    log?.Invoke(FormattableString.Invariant(
                        $"{setting} #{r}: domain AUROC {report.Shift.DomainAuroc.Value:0.000} weighted {report.Shift.Weighted} reliable {report.Reliable} ({string.Join("; ", report.UnreliableReasons)}); sensitivity {report.Overall.Sensitivity.Value:0.000}; prevalence CBPE {report.Overall.Prevalence.Value:0.000} BBSE {report.Overall.BbsePrevalence.Value:0.000}"));
                }
            }
        }
        return tally.Result();
    }

    /// <summary>
    /// The table of one site pair: the model fitted on the <paramref name="train"/> rows, applied to <paramref name="rows"/>
    /// (reference rows first, then current ones); the domain classifier's matrix is the model's standardised columns and
    /// a missing indicator per numeric column.
    /// </summary>
    private static Table HeartTable(List<double[]> raw, bool[] labels, CategoricalColumn sex, int[] ageBand, int[] train, int[] rows)
    {
        var d = raw.Count;
        var mean = new double[d];
        var sd = new double[d];
        for (var j = 0; j < d; j++)
        {
            var present = train.Select(i => raw[j][i]).Where(double.IsFinite).ToArray();
            mean[j] = present.Length > 0 ? present.Average() : 0;
            var m = mean[j];
            var v = present.Length > 1 ? present.Sum(x => (x - m) * (x - m)) / (present.Length - 1) : 0;
            sd[j] = v > 0 ? Math.Sqrt(v) : 1;
        }
        double Z(int j, int i) => double.IsFinite(raw[j][i]) ? (raw[j][i] - mean[j]) / sd[j] : 0;

        var x = new double[train.Length * d];
        for (var k = 0; k < train.Length; k++)
            for (var j = 0; j < d; j++) x[k * d + j] = Z(j, train[k]);
        var beta = WeightedLogisticRegression.Fit(x, d, train.Select(i => labels[i]).ToArray(), [], 1);

        var numeric = HeartNumeric.Length;
        var width = d + numeric;
        var features = new double[rows.Length * width];
        var scores = new double[rows.Length];
        var row = new double[d];
        for (var k = 0; k < rows.Length; k++)
        {
            var i = rows[k];
            for (var j = 0; j < d; j++) row[j] = features[k * width + j] = Z(j, i);
            for (var j = 0; j < numeric; j++) features[k * width + d + j] = double.IsFinite(raw[j][i]) ? 0 : 1;
            scores[k] = WeightedLogisticRegression.Predict(beta, row);
        }
        return new Table(scores, rows.Select(i => labels[i]).ToArray(), features, width, rows.Select(i => Z(0, i)).ToArray(),
            rows.Select(i => sex.Codes[i]).ToArray(), rows.Select(i => ageBand[i]).ToArray(), sex.Levels, 0.5, HeartAgeLevels);
    }
}
