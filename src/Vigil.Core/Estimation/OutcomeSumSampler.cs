using MathNet.Numerics.Distributions;

namespace Vigil.Core.Estimation;

/// <summary>
/// Draws the number of positive outcomes among rows grouped in bins, bin b holding cᵦ rows each positive with
/// probability pᵦ independently: a draw of S = Σᵦ Binomial(cᵦ, pᵦ) (a Poisson-binomial sum). It replaces one Bernoulli
/// draw per row, which costs the row count per draw, by
/// <list type="bullet">
/// <item>exact draws per bin (inversion of Binomial(cᵦ, qᵦ) with qᵦ = min(pᵦ, 1 − pᵦ), expected cost 1 + cᵦqᵦ) when
/// Var S = Σ cᵦpᵦ(1 − pᵦ) is below <see cref="NormalFromVariance"/>; the draw then has exactly the per-row
/// distribution;</item>
/// <item>round(N(E S, Var S)) clipped to [0, Σ cᵦ] when Var S is at least <see cref="NormalFromVariance"/> (a sum of
/// bounded independent terms with standard deviation 20 or more: the normal approximation's error is below the
/// Monte-Carlo error of the 200 draws it feeds).</item>
/// </list>
/// Built once per set of bins; <see cref="Next"/> allocates nothing.
/// </summary>
public sealed class OutcomeSumSampler
{
    /// <summary>Variance of the sum from which the normal approximation is used.</summary>
    public const double NormalFromVariance = 400;

    // A single bin with cq above this is drawn from its normal approximation: (1 − q)^c would underflow near 745.
    private const double BinNormalFrom = 500;

    private readonly long[] _count;
    private readonly double[] _q;
    private readonly bool[] _flipped;
    private readonly double[] _zeroProbability; // empty when the normal draw is used
    private readonly double _mean;
    private readonly double _sd;
    private readonly long _rows;
    private readonly bool _normal;

    /// <summary>The sampler of bins with probabilities <paramref name="probability"/> and row counts <paramref name="count"/>.</summary>
    public OutcomeSumSampler(ReadOnlySpan<double> probability, ReadOnlySpan<long> count)
    {
        if (probability.Length != count.Length) throw new ArgumentException("probabilities and counts differ in length", nameof(count));
        var n = probability.Length;
        _count = new long[n];
        _q = new double[n];
        _flipped = new bool[n];
        double mean = 0, variance = 0;
        for (var b = 0; b < n; b++)
        {
            var p = Math.Clamp(probability[b], 0, 1);
            var c = count[b];
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(count), "a bin's row count is negative");
            _count[b] = c;
            _flipped[b] = p > 0.5;
            _q[b] = _flipped[b] ? 1 - p : p;
            mean += c * p;
            variance += c * p * (1 - p);
            _rows += c;
        }
        _mean = mean;
        _sd = Math.Sqrt(variance);
        _normal = variance >= NormalFromVariance;
        // Only the exact draws per bin start from P(X = 0); a status's large groups take the normal draw and skip the Pow per bin.
        _zeroProbability = _normal ? [] : new double[n];
        if (!_normal)
        {
            for (var b = 0; b < n; b++) _zeroProbability[b] = Math.Pow(1 - _q[b], _count[b]);
        }
    }

    /// <summary>E S = Σ cᵦpᵦ.</summary>
    public double Mean => _mean;

    /// <summary>Σ cᵦ.</summary>
    public long Rows => _rows;

    /// <summary>One draw of S.</summary>
    public long Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_normal) return Clip(Math.Round(Normal.Sample(random, _mean, _sd)), _rows);
        long sum = 0;
        for (var b = 0; b < _count.Length; b++)
        {
            var c = _count[b];
            if (c == 0) continue;
            var q = _q[b];
            long k;
            if (q <= 0) k = 0;
            else if (c * q > BinNormalFrom) k = Clip(Math.Round(Normal.Sample(random, c * q, Math.Sqrt(c * q * (1 - q)))), c);
            else k = Inversion(c, q, _zeroProbability[b], random.NextDouble());
            sum += _flipped[b] ? c - k : k;
        }
        return sum;
    }

    /// <summary>The smallest k with P(X ≤ k) ≥ u for X ~ Binomial(c, q), walking P(k + 1) = P(k)·(c − k)/(k + 1)·q/(1 − q).</summary>
    private static long Inversion(long c, double q, double zeroProbability, double u)
    {
        var ratio = q / (1 - q);
        var probability = zeroProbability;
        var cdf = probability;
        long k = 0;
        while (u > cdf && k < c)
        {
            probability *= ratio * (c - k) / (k + 1);
            k++;
            cdf += probability;
            if (probability == 0) break;
        }
        return k;
    }

    private static long Clip(double value, long max) => (long)Math.Clamp(value, 0, max);
}
