namespace Vigil.Examples.HeartDisease;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014), used instead of <see cref="Random"/> so that the
/// fold assignment depends only on the seed and this code, never on the .NET version.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n), by rejection (no modulo bias).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var bound = (ulong)n;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);

        return (int)(r % bound);
    }
}
