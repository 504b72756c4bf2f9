using Vigil.Core.Drift.Numeric;
using Vigil.Core.Drift.Samples;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>KS paths the golden file does not reach (it has no sample over 10,000 values).</summary>
public sealed class KolmogorovSmirnovTests
{
    private static double[] Normal(int n, double shift, int seed)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = shift + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return v;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.03)]
    [InlineData(0.08)]
    public void Samples_over_ten_thousand_use_the_asymptotic_p_value_close_to_the_kolmogorov_limit(double shift)
    {
        var a = SortedSample.From(Normal(12000, 0, 1));
        var b = SortedSample.From(Normal(15000, shift, 2));
        var r = KolmogorovSmirnov.TwoSample(a, b);
        Assert.Equal("asymp", r.Method);
        // The limiting Kolmogorov distribution: Q(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}, λ = √(n₁n₂/(n₁+n₂))·D.
        var lambda = Math.Sqrt(12000.0 * 15000 / 27000) * r.Statistic;
        var q = 0.0;
        for (var k = 1; k < 100; k++) q += 2 * (k % 2 == 1 ? 1 : -1) * Math.Exp(-2 * k * k * lambda * lambda);
        Assert.InRange(r.PValue, Math.Clamp(q, 0, 1) - 0.02, Math.Clamp(q, 0, 1) + 0.02);
    }

    [Fact]
    public void Identical_samples_have_d_zero_and_p_one()
    {
        var a = SortedSample.From(Normal(500, 0, 3));
        var r = KolmogorovSmirnov.TwoSample(a, a);
        Assert.Equal(0, r.Statistic);
        Assert.Equal(1, r.PValue);
    }

    [Fact]
    public void Disjoint_samples_have_d_one_and_the_exact_smallest_p()
    {
        // n₁ = n₂ = 5, all of one below all of the other: P(D ≥ 1) = 2 / C(10, 5).
        var r = KolmogorovSmirnov.TwoSample(SortedSample.From([1.0, 2, 3, 4, 5]), SortedSample.From([6.0, 7, 8, 9, 10]));
        Assert.Equal(1, r.Statistic);
        Assert.Equal(2.0 / 252, r.PValue, 12);
        // Unequal sizes (4 vs 6) go through the lattice-path recursion: 2 / C(10, 4).
        var u = KolmogorovSmirnov.TwoSample(SortedSample.From([1.0, 2, 3, 4]), SortedSample.From([6.0, 7, 8, 9, 10, 11]));
        Assert.Equal(2.0 / 210, u.PValue, 12);
    }
}
