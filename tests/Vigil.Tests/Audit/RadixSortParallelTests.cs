using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Xunit;

namespace Vigil.Tests.Audit;

public class RadixSortParallelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(1_200_001)] // above the parallel threshold, odd length
    public void SortParallel_orders_keys_like_a_stable_comparison_sort(int n)
    {
        var rng = new Random(n);
        var keys = new ulong[n];
        var payload = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Few distinct scores, so ties (and their order) matter.
            keys[i] = RadixSort.DescendingKey(Math.Round(rng.NextDouble(), 3));
            payload[i] = i;
        }
        var expected = Enumerable.Range(0, n).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();

        var (sortedKeys, sortedPayload) = RadixSort.SortParallel((ulong[])keys.Clone(), (int[])payload.Clone(), new ulong[n], new int[n]);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(keys[expected[i]], sortedKeys[i]);
            Assert.Equal(expected[i], sortedPayload[i]);
        }
    }

    [Fact]
    public void Descending_keys_order_scores_from_high_to_low_with_negative_zero_as_zero()
    {
        double[] scores = [0.5, 1.0, 0.0, -0.0, 0.25, 1e-300];
        var order = scores.Select((s, i) => (Key: RadixSort.DescendingKey(s), i)).OrderBy(x => x.Key).Select(x => scores[x.i]).ToArray();
        Assert.Equal([1.0, 0.5, 0.25, 1e-300, 0.0, 0.0], order);
        Assert.Equal(0.0, RadixSort.ScoreOfDescendingKey(RadixSort.DescendingKey(-0.0)));
    }
}
