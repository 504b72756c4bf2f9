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
    /// <summary>The order of the sort's keys: by value, -0.0 before 0.0 (Array.Sort leaves signed zeros in any order).</summary>
    private static int KeyOrder(double a, double b)
    {
        var c = a.CompareTo(b);
        return c != 0 ? c : double.IsNegative(b).CompareTo(double.IsNegative(a));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(64)] // the counting sort's limit
    [InlineData(65)] // one more: the radix sort
    [InlineData(500)]
    public void Sorts_columns_of_few_distinct_values_bit_for_bit(int distinct)
    {
        var rng = new Random(distinct);
        var levels = new double[distinct];
        for (var k = 0; k < distinct; k++) levels[k] = k switch { 0 => -0.0, 1 => 0.0, _ => (k - distinct / 2) * 0.25 + 0.125 };
        var raw = new double[10_000];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (i % 97) switch
            {
                0 => double.NaN,
                1 => double.NegativeInfinity,
                2 => double.PositiveInfinity,
                _ => levels[rng.Next(distinct)],
            };
        }
        var expected = raw.Where(double.IsFinite).ToArray();
        Array.Sort(expected, KeyOrder);

        var sample = SortedSample.From(raw);
        var inPlace = (double[])raw.Clone();
        var sorted = SortedSample.SortInPlace(inPlace);

        Assert.Equal(raw.Length - expected.Length, sample.Dropped);
        Assert.Equal(expected.Length, sorted.Count);
        Assert.Equal(sample.Dropped, sorted.Dropped);
        for (var i = 0; i < expected.Length; i++)
        {
            var want = BitConverter.DoubleToInt64Bits(expected[i]);
            Assert.Equal(want, BitConverter.DoubleToInt64Bits(sample.Values[i]));
            Assert.Equal(want, BitConverter.DoubleToInt64Bits(sorted.Values[i]));
            Assert.Equal(want, BitConverter.DoubleToInt64Bits(inPlace[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sorting_in_place_gives_the_same_sample_as_a_copy(string shape)
    {
        var raw = Make(shape, 7);
        var copy = SortedSample.From(raw);
        var inPlace = SortedSample.SortInPlace(raw);
        Assert.Equal(copy.Count, inPlace.Count);
        Assert.Equal(copy.Dropped, inPlace.Dropped);
        Assert.True(copy.Values.SequenceEqual(inPlace.Values), shape);
        Assert.Equal(copy.Mean, inPlace.Mean);
    }
}
