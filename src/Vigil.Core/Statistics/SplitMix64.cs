namespace Vigil.Core.Statistics;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit generator whose output depends only on the seed and this code,
/// never on the .NET version. Its finalizer <see cref="Mix"/> also derives the seed of one bootstrap or randomization
/// replicate from (seed, replicate), so a replicate's draws do not depend on which thread runs it.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state = seed;

    public ulong NextUInt64() => Mix(_state += Gamma);

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

    /// <summary>The SplitMix64 output function of a state that has already been advanced by the gamma.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The stream of replicate <paramref name="replicate"/> (≥ 0) of <paramref name="seed"/>: Mix of (seed · 2³² + replicate) + gamma.</summary>
    public static ulong ReplicateStream(int seed, int replicate) => Mix(((ulong)(uint)seed << 32 | (uint)replicate) + Gamma);
}
