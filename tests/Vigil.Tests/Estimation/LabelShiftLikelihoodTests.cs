using Vigil.Core.Estimation;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>Maximum-likelihood label-shift estimation on hand-solved cases.</summary>
public sealed class LabelShiftLikelihoodTests
{
    [Fact]
    public void Two_probability_levels_give_the_root_of_the_score_equation()
    {
        // π_ref = 0.1; 800 rows at p̂ = 0.05 and 200 at 0.4. The score equation Σ aᵢ/(aᵢπ + bᵢ) = 0 (and the EM fixed
        // point, iterated by hand) gives π̂ = 0.22: 800·(−0.5556)/(1 − 0.5556π) + 200·(3.7778)/(0.6667 + 3.7778π) = 0.
        double[] p = [.. Enumerable.Repeat(0.05, 800), .. Enumerable.Repeat(0.4, 200)];
        var r = LabelShiftLikelihood.Estimate(p, [], 0.1);
        Assert.Equal(0.22, r.Prevalence, 9);
        Assert.False(r.Clipped);
        // Row weights act as repeated rows.
        var weighted = LabelShiftLikelihood.Estimate([0.05, 0.4], [800, 200], 0.1);
        Assert.Equal(0.22, weighted.Prevalence, 9);
    }

    [Fact]
    public void Probabilities_lower_than_any_mixture_explains_are_clipped_at_zero_and_a_bad_prior_is_undefined()
    {
        var r = LabelShiftLikelihood.Estimate([.. Enumerable.Repeat(0.01, 1000)], [], 0.1);
        Assert.Equal(0, r.Prevalence);
        Assert.True(r.Clipped);
        Assert.NotNull(r.Reason);
        Assert.True(double.IsNaN(LabelShiftLikelihood.Estimate([0.5], [], 0).Prevalence));
        // Unchanged probabilities whose mean is the reference prevalence leave it where it was.
        var same = LabelShiftLikelihood.Estimate([0.1, 0.1, 0.1], [], 0.1);
        Assert.Equal(0.1, same.Prevalence, 9);
    }
}
