using Vigil.Core.Drift.Samples;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>The radix sort behind every sample test against Array.Sort, on data shaped to stress each of its paths.</summary>
public sealed class SortedSampleTests
{
    public static TheoryData<string> Shapes => ["normal", "integers", "narrow", "signed_zero_and_extremes", "small"];

    private static double[] Make(string shape, int seed)
    {
        var rng = new Random(seed);
        var n = shape == "small" ? 100 : 50_000;
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = shape switch
            {
                "normal" => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) * 1e3,
                "integers" => rng.Next(-5, 6),
                // Values agreeing in their upper 32 key bits: long runs the final pass must order.
                "narrow" => 1.0 + rng.NextDouble() * 1e-9,
                "signed_zero_and_extremes" => (i % 5) switch
                {
                    0 => 0.0,
                    1 => -0.0,
                    2 => double.MaxValue * (rng.NextDouble() - 0.5),
                    3 => double.Epsilon * rng.Next(-3, 4),
                    _ => double.NaN,
                },
                _ => rng.NextDouble() - 0.5,
            };
            if (i % 101 == 0) v[i] = i % 2 == 0 ? double.NaN : double.PositiveInfinity;
        }
        return v;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sorts_finite_values_exactly_like_array_sort_and_drops_the_rest(string shape)
    {
        var raw = Make(shape, 42);
        var expected = raw.Where(double.IsFinite).ToArray();
        Array.Sort(expected);
        var sample = SortedSample.From(raw);
        Assert.Equal(raw.Length - expected.Length, sample.Dropped);
        Assert.Equal(expected.Length, sample.Count);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(sample.Values[i]) || expected[i] == sample.Values[i], $"{shape}[{i}]: {sample.Values[i]} vs {expected[i]}");
    }
}
