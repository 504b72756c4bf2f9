namespace Vigil.Core.Statistics;

/// <summary>
/// The one mergeable summary of numeric values in Vigil: count, mean and sum of squared deviations M₂ = Σ(x − mean)²
/// (Welford's update: d = x − mean; mean += d/n; M₂ += d·(x − mean), accurate for large values with small spread),
/// minimum and maximum. Two summaries merge by Chan et al.'s parallel formula (δ = mean_b − mean_a;
/// mean = mean_a + δ·n_b/n; M₂ = M₂a + M₂b + δ²·n_a·n_b/n), so a window's summary is the merge of its parts (counts
/// exactly, moments to rounding). Drift's binned window summaries and data-audit's descriptive statistics build on it.
/// The caller decides what is missing: every value given to <see cref="Add"/> counts.
/// </summary>
public record struct NumericSummary
{
    private double _min;
    private double _max;

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>Their mean (0 when there are none).</summary>
    public double Mean { get; private set; }

    /// <summary>M₂ = Σ(x − mean)².</summary>
    public double SumSquaredDeviations { get; private set; }

    /// <summary>The smallest value (+∞ when there are none).</summary>
    public readonly double Min => Count == 0 ? double.PositiveInfinity : _min;

    /// <summary>The largest value (−∞ when there are none).</summary>
    public readonly double Max => Count == 0 ? double.NegativeInfinity : _max;

    /// <summary>Sample variance M₂/(n − 1); NaN below two values.</summary>
    public readonly double Variance => Count < 2 ? double.NaN : SumSquaredDeviations / (Count - 1);

    /// <summary>Adds one value (Welford's update).</summary>
    public void Add(double x)
    {
        if (Count == 0 || x < _min) _min = x;
        if (Count == 0 || x > _max) _max = x;
        Count++;
        var delta = x - Mean;
        Mean += delta / Count;
        SumSquaredDeviations += delta * (x - Mean);
    }

    /// <summary>The summary of <paramref name="values"/>, all of which count.</summary>
    public static NumericSummary Of(ReadOnlySpan<double> values)
    {
        var s = default(NumericSummary);
        foreach (var x in values) s.Add(x);
        return s;
    }

    /// <summary>A summary whose moments were computed elsewhere (e.g. by a database's COUNT, AVG and VAR_SAMP): M₂ = sample variance · (n − 1).</summary>
    public static NumericSummary FromMoments(long count, double mean, double sumSquaredDeviations, double min, double max) =>
        count == 0 ? default : new NumericSummary { Count = count, Mean = mean, SumSquaredDeviations = sumSquaredDeviations, _min = min, _max = max };

    /// <summary>The summary of both sets of values together (Chan et al.).</summary>
    public static NumericSummary Merge(NumericSummary a, NumericSummary b)
    {
        var merged = new NumericSummary
        {
            Count = a.Count + b.Count,
            _min = Math.Min(a.Min, b.Min),
            _max = Math.Max(a.Max, b.Max),
        };
        if (merged.Count > 0)
        {
            var delta = b.Mean - a.Mean;
            merged.Mean = a.Mean + delta * b.Count / merged.Count;
            merged.SumSquaredDeviations = a.SumSquaredDeviations + b.SumSquaredDeviations + delta * delta * a.Count * b.Count / merged.Count;
        }
        return merged;
    }
}
