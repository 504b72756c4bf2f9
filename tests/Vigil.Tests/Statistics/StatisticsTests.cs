using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Vigil.Core.Statistics;
using Xunit;

namespace Vigil.Tests.Statistics;

public sealed class StatisticsTests
{
    // scipy.stats.fisher_exact values.
    [Theory]
    [InlineData(8, 2, 1, 5, 0.034965034965034975)]
    [InlineData(1, 9, 11, 3, 0.002759456185220088)]
    // [[3,0],[0,3]]: margins 3/3 of 6, P(k) = C(3,k)C(3,3−k)/20 = 1/20, 9/20, 9/20, 1/20; the tables no
    // more likely than k = 3 are k = 0 and 3: p = 0.1.
    [InlineData(3, 0, 0, 3, 0.1)]
    // [[1,1],[0,2]]: margins 2/1 of 4, P(k=0) = P(k=1) = ½: p = 1.
    [InlineData(1, 1, 0, 2, 1.0)]
    // A zero margin: nothing to test.
    [InlineData(0, 0, 3, 4, 1.0)]
    public void Fisher_exact_matches_scipy(long a, long b, long c, long d, double expected) =>
        Assert.Equal(expected, FisherExact.TwoSided(a, b, c, d), 1e-12);

    [Fact]
    public void Fisher_is_symmetric_in_rows_and_columns()
    {
        var p = FisherExact.TwoSided(8, 2, 1, 5);
        Assert.Equal(p, FisherExact.TwoSided(1, 5, 8, 2), 1e-14);
        Assert.Equal(p, FisherExact.TwoSided(8, 1, 2, 5), 1e-14);
    }

    /// <summary>
    /// 40/100 vs 25/100: pooled p = 0.325, se = sqrt(0.325·0.675·(2/100)) = 0.066238…, z = 0.15/se = 2.26455;
    /// every cell ≥ 5, so the z-test is used; p = 2Φ(−|z|).
    /// </summary>
    [Fact]
    public void Two_proportion_z_test_on_large_cells()
    {
        var z = 0.15 / Math.Sqrt(0.325 * 0.675 * 0.02);
        var result = ProportionTests.Compare(40, 100, 25, 100)!.Value;
        Assert.Equal("z", result.Method);
        Assert.Equal(z, result.Statistic, 1e-12);
        Assert.Equal(2 * Normal.CDF(0, 1, -z), result.PValue, 1e-12);
        Assert.Equal(0.02354, result.PValue, 4);
        Assert.Equal("fisher", ProportionTests.Compare(4, 100, 25, 100)!.Value.Method);
        Assert.Null(ProportionTests.Compare(0, 0, 1, 2));
    }

    /// <summary>
    /// p = 0.01, 0.04, 0.03, NaN, 0.005 (m = 4 defined): sorted 0.005·4 = 0.02, 0.01·3 = 0.03,
    /// 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06. Adjusted: 0.03, 0.06, 0.06, NaN, 0.02.
    /// </summary>
    [Fact]
    public void Holm_matches_hand_computation()
    {
        var adjusted = MultipleTesting.Holm([0.01, 0.04, 0.03, double.NaN, 0.005]);
        Assert.Equal(0.03, adjusted[0], 1e-15);
        Assert.Equal(0.06, adjusted[1], 1e-15);
        Assert.Equal(0.06, adjusted[2], 1e-15);
        Assert.True(double.IsNaN(adjusted[3]));
        Assert.Equal(0.02, adjusted[4], 1e-15);
        // Capped at 1: 0.4·3 = 1.2 → 1.
        Assert.Equal([1.0, 1.0, 1.0], MultipleTesting.Holm([0.4, 0.5, 0.6]));
    }

    /// <summary>
    /// 0 of 10: upper limit z²/(n + z²) = 3.841459/13.841459 = 0.277532; 5 of 10: (0.236593, 0.763407)
    /// (statsmodels proportion_confint(method="wilson")).
    /// </summary>
    [Fact]
    public void Wilson_interval_known_values()
    {
        var zero = WilsonInterval.Compute(0, 10)!.Value;
        var z2 = 1.959963984540054 * 1.959963984540054;
        Assert.Equal(0.0, zero.Low, 1e-12);
        Assert.Equal(z2 / (10 + z2), zero.High, 1e-9);
        var half = WilsonInterval.Compute(5, 10)!.Value;
        Assert.Equal(0.2365931, half.Low, 6);
        Assert.Equal(0.7634069, half.High, 6);
        Assert.Null(WilsonInterval.Compute(0, 0));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(1.0, 4.0)]
    public void Percentile_is_numpy_linear(double q, double expected) =>
        Assert.Equal(expected, Percentile.OfSorted([1.0, 2, 3, 4], q), 1e-15);

    public static TheoryData<long, double, int> BinomialCases => new()
    {
        { 10, 0.3, 1 },            // n·p = 3: inversion
        { 1000, 0.004, 2 },        // n·p = 4: inversion
        { 10_000_000, 5e-7, 3 },   // n·p = 5, huge n: inversion
        { 50, 0.92, 4 },           // p > ½: n − Binomial(n, 0.08), n·p = 4
        { 100, 0.5, 5 },           // BTRS
        { 2000, 0.01, 6 },         // n·p = 20: BTRS
        { 10_000_000, 0.3, 7 },    // BTRS, n = 10^7
    };

    /// <summary>
    /// 20,000 draws, binned so every bin expects at least 20 draws, against MathNet's Binomial.PMF;
    /// chi-square below its 0.999 quantile, mean within 5 standard errors and variance within 6% of n·p·(1−p).
    /// Seeds are fixed, so the test is deterministic.
    /// </summary>
    [Theory]
    [MemberData(nameof(BinomialCases))]
    public void Binomial_sampler_matches_the_binomial_distribution(long n, double p, int seed)
    {
        const int draws = 20_000;
        var rng = new Xoshiro256StarStar(seed, threadSafe: false);
        var samples = new long[draws];
        for (var i = 0; i < draws; i++)
        {
            samples[i] = BinomialSampler.Sample(rng, n, p);
            Assert.InRange(samples[i], 0, n);
        }

        var mean = n * p;
        var sd = Math.Sqrt(n * p * (1 - p));
        var lo = (long)Math.Max(0, Math.Floor(mean - 12 * sd - 5));
        var hi = (long)Math.Min(n, Math.Ceiling(mean + 12 * sd + 5));
        // Bins: consecutive k from lo until the expected count reaches 20; the first and last absorb the tails.
        var upper = new List<long>();
        var expected = new List<double>();
        double acc = 0;
        for (var k = lo; k <= hi; k++)
        {
            acc += Binomial.PMF(p, (int)n, (int)k);
            if (acc * draws >= 20)
            {
                upper.Add(k);
                expected.Add(acc * draws);
                acc = 0;
            }
        }
        expected[^1] += acc * draws;
        upper[^1] = long.MaxValue;
        var observed = new double[upper.Count];
        foreach (var s in samples)
        {
            var bin = upper.FindIndex(u => s <= u);
            observed[bin]++;
        }
        var chi2 = observed.Select((o, i) => (o - expected[i]) * (o - expected[i]) / expected[i]).Sum();
        var df = upper.Count - 1;
        Assert.True(df >= 3, $"too few bins ({upper.Count})");
        var critical = ChiSquared.InvCDF(df, 0.999);
        Assert.True(chi2 < critical, $"chi-square {chi2:F1} ≥ {critical:F1} (df {df}) for n={n}, p={p}");

        var sampleMean = samples.Average(s => (double)s);
        var sampleVar = samples.Sum(s => (s - sampleMean) * (s - sampleMean)) / (draws - 1);
        Assert.True(Math.Abs(sampleMean - mean) < 5 * sd / Math.Sqrt(draws), $"mean {sampleMean} vs {mean}");
        Assert.True(Math.Abs(sampleVar / (sd * sd) - 1) < 0.06, $"variance {sampleVar} vs {sd * sd}");
    }

    [Fact]
    public void Binomial_sampler_edge_cases()
    {
        var rng = new Xoshiro256StarStar(1, threadSafe: false);
        Assert.Equal(0, BinomialSampler.Sample(rng, 0, 0.5));
        Assert.Equal(0, BinomialSampler.Sample(rng, 100, 0));
        Assert.Equal(100, BinomialSampler.Sample(rng, 100, 1));
        // n beyond int: mean check on a few draws (sd ≈ 4.6e4, so 50 draws average within 5e4 of 1.5e10·0.5).
        var big = Enumerable.Range(0, 50).Average(_ => (double)BinomialSampler.Sample(rng, 3_000_000_000L * 10, 0.5));
        Assert.InRange(big, 1.5e10 - 5e4, 1.5e10 + 5e4);
    }

    [Fact]
    public void Multinomial_resample_has_the_right_cell_means()
    {
        long[] counts = [10, 0, 30, 60];
        var sums = new double[4];
        var rng = new Xoshiro256StarStar(11, threadSafe: false);
        var result = new long[4];
        const int reps = 4000;
        for (var r = 0; r < reps; r++)
        {
            MultinomialSampler.Resample(rng, counts, result);
            Assert.Equal(100, result.Sum());
            Assert.Equal(0, result[1]);
            for (var i = 0; i < 4; i++) sums[i] += result[i];
        }
        // E[k_i] = c_i; sd of the mean of k_0 = sqrt(100·0.1·0.9/4000) = 0.047.
        Assert.Equal(10, sums[0] / reps, 0.25);
        Assert.Equal(30, sums[2] / reps, 0.4);
        Assert.Equal(60, sums[3] / reps, 0.4);
    }
}
