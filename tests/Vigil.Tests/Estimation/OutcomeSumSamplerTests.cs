using Xunit;
using MathNet.Numerics.Distributions;
using Vigil.Core.Estimation;

namespace Vigil.Tests.Estimation;

public sealed class OutcomeSumSamplerTests
{
    [Fact]
    public void Exact_branch_draws_a_binomial_bin_with_its_probabilities()
    {
        // One bin of 12 rows at p = 0.3 (variance 2.52: the exact inversion). 200,000 draws against the binomial pmf.
        var sampler = new OutcomeSumSampler([0.3], [12]);
        var rng = new Random(7);
        var frequency = new double[13];
        const int draws = 200_000;
        for (var i = 0; i < draws; i++) frequency[sampler.Next(rng)]++;
        for (var k = 0; k <= 12; k++)
        {
            var expected = Binomial.PMF(0.3, 12, k);
            // Four standard errors of a frequency.
            var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / draws) + 1e-6;
            Assert.InRange(frequency[k] / draws, expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void A_bin_above_one_half_is_drawn_through_its_complement()
    {
        var sampler = new OutcomeSumSampler([0.95, 0.02], [40, 30]);
        var rng = new Random(11);
        double sum = 0, squares = 0;
        const int draws = 100_000;
        for (var i = 0; i < draws; i++)
        {
            var s = sampler.Next(rng);
            Assert.InRange(s, 0, 70);
            sum += s;
            squares += (double)s * s;
        }
        var mean = sum / draws;
        var variance = squares / draws - mean * mean;
        Assert.Equal(40 * 0.95 + 30 * 0.02, sampler.Mean, 12);
        Assert.Equal(sampler.Mean, mean, 0.02);
        Assert.Equal(40 * 0.95 * 0.05 + 30 * 0.02 * 0.98, variance, 0.05);
    }

    [Fact]
    public void Large_sums_use_the_normal_approximation_with_the_same_mean_and_variance()
    {
        // 2,000 bins of 50 rows (variance about 12,000: the normal branch).
        var p = new double[2000];
        var c = new long[2000];
        double mean = 0, variance = 0;
        for (var b = 0; b < p.Length; b++)
        {
            p[b] = (b + 0.5) / p.Length;
            c[b] = 50;
            mean += 50 * p[b];
            variance += 50 * p[b] * (1 - p[b]);
        }
        Assert.True(variance >= OutcomeSumSampler.NormalFromVariance);
        var sampler = new OutcomeSumSampler(p, c);
        var rng = new Random(3);
        double sum = 0, squares = 0;
        const int draws = 50_000;
        for (var i = 0; i < draws; i++)
        {
            double s = sampler.Next(rng);
            sum += s;
            squares += s * s;
        }
        var m = sum / draws;
        Assert.Equal(mean, m, 2.0);
        Assert.Equal(variance, squares / draws - m * m, variance * 0.03);
    }

    [Fact]
    public void Certain_and_empty_bins_give_their_counts()
    {
        var sampler = new OutcomeSumSampler([0, 1, 0.5], [5, 7, 0]);
        var rng = new Random(1);
        for (var i = 0; i < 100; i++) Assert.Equal(7, sampler.Next(rng));
        Assert.Equal(12, sampler.Rows);
    }

    [Fact]
    public void Binned_expected_confusion_equals_the_rows_expanded()
    {
        double[] p = [0.1, 0.7, 0.4];
        bool[] alert = [false, true, true];
        long[] count = [3, 2, 1];
        var binned = ExpectedConfusion.From(p, alert, count);
        var rows = ExpectedConfusion.From([0.1, 0.1, 0.1, 0.7, 0.7, 0.4], [false, false, false, true, true, true]);
        Assert.Equal(rows.TruePositives, binned.TruePositives, 12);
        Assert.Equal(rows.FalsePositives, binned.FalsePositives, 12);
        Assert.Equal(rows.TrueNegatives, binned.TrueNegatives, 12);
        Assert.Equal(rows.FalseNegatives, binned.FalseNegatives, 12);
        // Hand-computed: TP = 2(0.7) + 0.4 = 1.8, FN = 3(0.1) = 0.3.
        Assert.Equal(1.8, binned.TruePositives, 12);
        Assert.Equal(0.3, binned.FalseNegatives, 12);
    }
}
