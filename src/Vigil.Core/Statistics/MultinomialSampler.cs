using MathNet.Numerics.Random;

namespace Vigil.Core.Statistics;

/// <summary>Multinomial resampling of a table of counts: the bootstrap of a summary instead of its rows.</summary>
public static class MultinomialSampler
{
    /// <summary>
    /// Draws counts ~ Multinomial(N, counts/N), N = Σ counts, by conditional binomials:
    /// k_i ~ Binomial(N − Σ_{j&lt;i} k_j, c_i / Σ_{j≥i} c_j). Resampling N rows with replacement and then
    /// counting them into these cells gives exactly this distribution, at a cost of one binomial draw per
    /// cell instead of N draws.
    /// </summary>
    public static void Resample(RandomSource rng, ReadOnlySpan<long> counts, Span<long> result)
    {
        long remainingRows = 0;
        for (var i = 0; i < counts.Length; i++) remainingRows += counts[i];
        var remainingMass = remainingRows;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            if (c == 0 || remainingRows == 0)
            {
                result[i] = 0;
                continue;
            }
            var k = c >= remainingMass ? remainingRows : BinomialSampler.Sample(rng, remainingRows, (double)c / remainingMass);
            result[i] = k;
            remainingRows -= k;
            remainingMass -= c;
        }
    }
}
