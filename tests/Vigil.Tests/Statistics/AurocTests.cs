using Vigil.Core.Statistics;
using Xunit;

namespace Vigil.Tests.Statistics;

/// <summary>AUROC and its DeLong interval on hand-checkable cases.</summary>
public sealed class AurocTests
{
    [Fact]
    public void Auroc_is_the_share_of_correctly_ordered_pairs_with_ties_counting_half()
    {
        // Positives {0.35, 0.8, 0.4}, negatives {0.1, 0.4}: pairs (p > n) = 0.35>0.1, 0.8>0.1, 0.8>0.4, 0.4>0.1 and
        // one tie (0.4, 0.4): (4 + 0.5) / 6.
        double[] scores = [0.1, 0.4, 0.35, 0.8, 0.4];
        bool[] positive = [false, false, true, true, true];
        var m = Auroc.WithDeLongCi(scores, positive);
        Assert.Equal(4.5 / 6, m.Value!.Value, 12);
        Assert.InRange(m.Value.Value, m.Ci!.Value.Low, m.Ci.Value.High);
    }

    [Fact]
    public void DeLong_variance_matches_its_structural_components()
    {
        // Positives {2, 3}, negatives {1, 2.5}: V10 = [P(n < 2), P(n < 3)] = [0.5, 1], V01 = [P(p > 1), P(p > 2.5)] = [1, 0.5].
        // Var = s²(V10)/2 + s²(V01)/2 = 0.125/2 + 0.125/2 = 0.125; AUROC 0.75; 95% CI 0.75 ± 1.959964·√0.125, clipped.
        double[] scores = [2, 3, 1, 2.5];
        bool[] positive = [true, true, false, false];
        var m = Auroc.WithDeLongCi(scores, positive);
        Assert.Equal(0.75, m.Value!.Value, 12);
        Assert.Equal(0.75 - 1.959963984540054 * Math.Sqrt(0.125), m.Ci!.Value.Low, 9);
        Assert.Equal(1.0, m.Ci.Value.High);
    }

    [Fact]
    public void One_class_only_is_undefined_with_a_reason()
    {
        var m = Auroc.WithDeLongCi([0.1, 0.2], [true, true]);
        Assert.Null(m.Value);
        Assert.False(string.IsNullOrEmpty(m.Reason));
    }
}
