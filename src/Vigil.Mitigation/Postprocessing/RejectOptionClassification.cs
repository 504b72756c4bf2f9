using Vigil.Core;

namespace Vigil.Mitigation.Postprocessing;

/// <summary>The fairness metric Reject Option Classification keeps within bounds (AIF360's <c>metric_name</c>).</summary>
public enum RejectOptionMetric
{
    /// <summary>Statistical parity difference: SR_unpriv − SR_priv.</summary>
    StatisticalParity,

    /// <summary>Average odds difference: ½[(FPR_u − FPR_p) + (TPR_u − TPR_p)].</summary>
    AverageOdds,

    /// <summary>Equal opportunity difference: TPR_u − TPR_p.</summary>
    EqualOpportunity,
}

/// <summary>Options of <see cref="RejectOptionClassification"/>, with AIF360's defaults.</summary>
public sealed record RejectOptionOptions(
    RejectOptionMetric Metric = RejectOptionMetric.StatisticalParity,
    double MetricLowerBound = -0.05,
    double MetricUpperBound = 0.05,
    double LowThreshold = 0.01,
    double HighThreshold = 0.99,
    int ThresholdCount = 100,
    int MarginCount = 50) : IMethodOptions
{
    public static RejectOptionMetric ParseMetric(string value) => value.Trim().ToLowerInvariant().Replace('-', '_') switch
    {
        "spd" or "statistical_parity" or "statistical_parity_difference" or "demographic_parity" => RejectOptionMetric.StatisticalParity,
        "aod" or "average_odds" or "average_odds_difference" or "equalized_odds" => RejectOptionMetric.AverageOdds,
        "eod" or "equal_opportunity" or "equal_opportunity_difference" or "true_positive_rate_parity" => RejectOptionMetric.EqualOpportunity,
        _ => throw VigilException.Option("constraint", $"'{value}' for reject-option: expected spd, aod or eod (or demographic_parity, equalized_odds, true_positive_rate_parity)"),
    };

    public static string Name(RejectOptionMetric m) => m switch
    {
        RejectOptionMetric.StatisticalParity => "statistical_parity_difference",
        RejectOptionMetric.AverageOdds => "average_odds_difference",
        _ => "equal_opportunity_difference",
    };
}

/// <summary>
/// Reject Option Classification (Kamiran, Karim &amp; Zhang 2012, "Decision Theory for Discrimination-Aware
/// Classification", ICDM), as AIF360's <c>RejectOptionClassification</c>. Rule with threshold t and margin m: outside
/// the critical region predict s &gt; t; inside it (t − m &lt; s ≤ t + m) predict favourable for the unprivileged and
/// unfavourable for the privileged. Fit: for t on numpy.linspace(low, high, ThresholdCount) and m on
/// numpy.linspace(0, min(t, 1 − t), MarginCount) compute the metric (unprivileged − privileged) and the balanced
/// accuracy ½(TPR + TNR); among the (t, m) whose metric lies in [lower, upper] take the first with the highest
/// balanced accuracy. If none does, AIF360 warns and takes the smallest (signed) metric; Vigil takes the smallest
/// |metric| instead (the signed minimum can be the most unfair rule) and says so. The unprivileged side is every group
/// except the privileged (reference) one, taken together (AIF360's convention). Counting uses per-group sorted
/// scores and binary search, O(log n) per grid point.
/// </summary>
public sealed class RejectOptionClassification
{
    private RejectOptionClassification(RejectOptionOptions options, int privileged, double threshold, double margin, double metric, double balancedAccuracy, bool withinBounds)
    {
        Options = options;
        Privileged = privileged;
        Threshold = threshold;
        Margin = margin;
        MetricValue = metric;
        BalancedAccuracy = balancedAccuracy;
        WithinBounds = withinBounds;
    }

    public RejectOptionOptions Options { get; }

    /// <summary>Code of the privileged group.</summary>
    public int Privileged { get; }

    public double Threshold { get; }

    public double Margin { get; }

    /// <summary>The metric of the chosen rule on the fitting data.</summary>
    public double MetricValue { get; }

    public double BalancedAccuracy { get; }

    /// <summary>False when no rule met the bounds (the least unfair one was taken).</summary>
    public bool WithinBounds { get; }

    public static RejectOptionClassification Fit(ReadOnlySpan<double> scores, GroupedLabels data, int privileged, RejectOptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (scores.Length != data.Count) throw new ArgumentException($"{scores.Length} scores for {data.Count} rows", nameof(scores));
        if (options.MetricLowerBound > options.MetricUpperBound)
            throw VigilException.Usage($"reject option: metric bounds [{options.MetricLowerBound}, {options.MetricUpperBound}] are empty");
        if (options.ThresholdCount < 1 || options.MarginCount < 1 || !(options.LowThreshold <= options.HighThreshold))
            throw VigilException.Usage("reject option: the threshold and margin grids need at least one point and low ≤ high");
        for (var i = 0; i < scores.Length; i++)
            if (!double.IsFinite(scores[i]))
                throw VigilException.BadData($"reject option: score {scores[i]} at row {i + 1} is not a finite number");
        data.RequireBothClassesPerGroup("reject option classification");

        // Sorted scores of the four cells: privileged/unprivileged × negative/positive.
        var cells = new List<double>[4];
        for (var c = 0; c < 4; c++) cells[c] = [];
        for (var i = 0; i < scores.Length; i++)
            cells[(data.Groups[i] == privileged ? 0 : 2) + (data.Labels[i] ? 1 : 0)].Add(scores[i]);
        if (cells[0].Count + cells[1].Count == 0)
            throw VigilException.BadData($"reject option: no rows of the privileged group '{data.GroupNames[privileged]}' in the training data");
        if (cells[2].Count + cells[3].Count == 0)
            throw VigilException.BadData("reject option: every training row is in the privileged group; there is nobody to compare with");
        var sorted = cells.Select(c => { var a = c.ToArray(); Array.Sort(a); return a; }).ToArray();
        double nPos = sorted[1].Length + sorted[3].Length, nNeg = sorted[0].Length + sorted[2].Length;

        var bestIndex = -1;
        double bestAcc = double.NegativeInfinity, bestT = 0, bestM = 0, bestMetric = 0;
        var fallbackIndex = -1;
        double fallbackAbs = double.PositiveInfinity, fbT = 0, fbM = 0, fbMetric = 0, fbAcc = 0;
        var index = 0;
        var thresholds = Linspace(options.LowThreshold, options.HighThreshold, options.ThresholdCount);
        foreach (var t in thresholds)
        {
            var high = t <= 0.5 ? t : 1.0 - t;
            foreach (var m in Linspace(0.0, high, options.MarginCount))
            {
                var (metric, acc) = Evaluate(sorted, t, m, options.Metric, nPos, nNeg);
                if (metric >= options.MetricLowerBound && metric <= options.MetricUpperBound && acc > bestAcc)
                {
                    bestAcc = acc;
                    bestIndex = index;
                    bestT = t;
                    bestM = m;
                    bestMetric = metric;
                }
                if (Math.Abs(metric) < fallbackAbs)
                {
                    fallbackAbs = Math.Abs(metric);
                    fallbackIndex = index;
                    fbT = t;
                    fbM = m;
                    fbMetric = metric;
                    fbAcc = acc;
                }
                index++;
            }
        }
        return bestIndex >= 0
            ? new RejectOptionClassification(options, privileged, bestT, bestM, bestMetric, bestAcc, true)
            : new RejectOptionClassification(options, privileged, fbT, fbM, fbMetric, fbAcc, false);
    }

    /// <summary>The rule's predictions.</summary>
    public void Predict(ReadOnlySpan<double> scores, ReadOnlySpan<int> groups, Span<bool> predictions)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            var critical = s <= Threshold + Margin && s > Threshold - Margin;
            predictions[i] = critical ? groups[i] != Privileged : s > Threshold;
        }
    }

    /// <summary>numpy.linspace(start, stop, num): start + i·step, the last exactly stop.</summary>
    internal static double[] Linspace(double start, double stop, int num)
    {
        var result = new double[num];
        if (num == 1)
        {
            result[0] = start;
            return result;
        }
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++) result[i] = i * step + start;
        result[num - 1] = stop;
        return result;
    }

    /// <summary>Rows of a sorted array strictly above <paramref name="x"/>.</summary>
    private static int Above(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return sorted.Length - lo;
    }

    private static (double Metric, double BalancedAccuracy) Evaluate(double[][] cells, double t, double m, RejectOptionMetric metric, double nPos, double nNeg)
    {
        // Privileged: positive iff s > t + m (inside the region they get 0). Unprivileged: positive iff s > t − m
        // (m > 0; with m = 0 the region is empty and this is s > t).
        var hiCut = t + m;
        var loCut = m > 0 ? t - m : t;
        double fpP = Above(cells[0], hiCut), tpP = Above(cells[1], hiCut);
        double fpU = Above(cells[2], loCut), tpU = Above(cells[3], loCut);
        double nP0 = cells[0].Length, nP1 = cells[1].Length, nU0 = cells[2].Length, nU1 = cells[3].Length;
        var tpr = (tpP + tpU) / nPos;
        var tnr = (nNeg - fpP - fpU) / nNeg;
        var acc = 0.5 * (tpr + tnr);
        double value = metric switch
        {
            RejectOptionMetric.StatisticalParity => (fpU + tpU) / (nU0 + nU1) - (fpP + tpP) / (nP0 + nP1),
            RejectOptionMetric.AverageOdds => 0.5 * ((fpU / nU0 - fpP / nP0) + (tpU / nU1 - tpP / nP1)),
            _ => tpU / nU1 - tpP / nP1,
        };
        return (value, acc);
    }
}
