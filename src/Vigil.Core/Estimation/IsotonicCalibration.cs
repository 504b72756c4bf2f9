namespace Vigil.Core.Estimation;

/// <summary>
/// Isotonic regression of the label on the score by pool-adjacent-violators (PAV; Ayer et al. 1955, Zadrozny and
/// Elkan 2002): the non-decreasing step function f minimising Σ wᵢ(yᵢ − f(sᵢ))². Rows with equal scores are pooled
/// first; then, scanning blocks left to right, a block whose mean is below its left neighbour's is merged with it
/// (weighted mean) until the sequence is non-decreasing. Each block keeps its score range [low, high] and its mean;
/// a score inside a block gets the block's mean, a score between two blocks the linear interpolation of their means
/// (as scikit-learn's IsotonicRegression), and a score outside the fitted range the end block's mean.
/// </summary>
public sealed class IsotonicCalibration : ScoreCalibration
{
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly double[] _value;

    private IsotonicCalibration(double[] low, double[] high, double[] value) => (_low, _high, _value) = (low, high, value);

    /// <inheritdoc />
    public override CalibrationMethod Method => CalibrationMethod.Isotonic;

    /// <summary>The fitted blocks: lowest score, highest score and mean label of each, in score order.</summary>
    public IReadOnlyList<(double Low, double High, double Value)> Blocks =>
        Enumerable.Range(0, _value.Length).Select(k => (_low[k], _high[k], _value[k])).ToList();

    /// <inheritdoc />
    public override double Apply(double score)
    {
        if (_value.Length == 0) return double.NaN;
        if (score <= _high[0]) return _value[0];
        var last = _value.Length - 1;
        if (score >= _low[last]) return _value[last];
        // The first block whose high is ≥ score.
        int lo = 0, hi = last;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_high[mid] < score) lo = mid + 1;
            else hi = mid;
        }
        if (score >= _low[lo]) return _value[lo];
        var left = lo - 1;
        var t = (score - _high[left]) / (_low[lo] - _high[left]);
        return _value[left] + t * (_value[lo] - _value[left]);
    }

    /// <summary>A map from stored blocks (lowest score, highest score, value; in score order), e.g. a registration's reference calibration.</summary>
    public static IsotonicCalibration FromBlocks(IReadOnlyList<double> low, IReadOnlyList<double> high, IReadOnlyList<double> value)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(value);
        if (low.Count != high.Count || low.Count != value.Count || low.Count == 0)
            throw VigilException.BadData("an isotonic calibration needs as many block lows, highs and values, at least one");
        for (var k = 0; k < low.Count; k++)
        {
            if (!(low[k] <= high[k]) || (k > 0 && !(high[k - 1] < low[k])) || !(value[k] >= 0 && value[k] <= 1) || (k > 0 && value[k] < value[k - 1]))
                throw VigilException.BadData($"isotonic calibration block {k}: blocks must be ordered, disjoint, and non-decreasing in [0, 1]");
        }
        return new IsotonicCalibration([.. low], [.. high], [.. value]);
    }

    /// <summary>Fits the rows (any order); zero-weight rows are ignored.</summary>
    public static IsotonicCalibration Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length", nameof(labels));
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return FitSorted(scores, labels, weights, order);
    }

    /// <summary>Fits the rows taken in <paramref name="order"/> (row indices sorted by score), so that bootstrap refits skip the sort.</summary>
    public static IsotonicCalibration FitSorted(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<double> weights, ReadOnlySpan<int> order)
    {
        var low = new double[order.Length];
        var high = new double[order.Length];
        var sum = new double[order.Length];
        var weight = new double[order.Length];
        var blocks = 0;
        var k = 0;
        while (k < order.Length)
        {
            var s = scores[order[k]];
            double w = 0, wy = 0;
            while (k < order.Length && scores[order[k]] == s)
            {
                var i = order[k];
                var wi = weights.IsEmpty ? 1 : weights[i];
                w += wi;
                if (labels[i]) wy += wi;
                k++;
            }
            if (w <= 0) continue;
            low[blocks] = s;
            high[blocks] = s;
            sum[blocks] = wy;
            weight[blocks] = w;
            blocks++;
            // Pool while the new block's mean is below its left neighbour's (cross-multiplied to avoid division).
            while (blocks > 1 && sum[blocks - 1] * weight[blocks - 2] < sum[blocks - 2] * weight[blocks - 1])
            {
                var b = blocks - 2;
                sum[b] += sum[b + 1];
                weight[b] += weight[b + 1];
                high[b] = high[b + 1];
                blocks--;
            }
        }
        var value = new double[blocks];
        for (var b = 0; b < blocks; b++) value[b] = sum[b] / weight[b];
        return new IsotonicCalibration(low[..blocks], high[..blocks], value);
    }
}
