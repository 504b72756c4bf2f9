namespace Vigil.Application.Simulation;

/// <summary>
/// The simulator's random numbers: SplitMix64 (Steele, Lea and Flood 2014), a 64-bit generator whose sequence is fixed
/// by its seed on every platform and .NET version, so a seed always gives the same stream. Every encounter draws from its
/// own generator seeded by <see cref="Mix"/>(run seed, stream, encounter index), so an injection that takes extra draws
/// for one encounter never shifts another encounter's values (a run with an injection differs from the same run without
/// it only where the injection acts).
/// </summary>
public struct SimRandom
{
    private ulong _state;

    public SimRandom(ulong seed) => _state = seed;

    /// <summary>A well-mixed seed from parts (the SplitMix64 finaliser applied in turn).</summary>
    public static ulong Mix(long a, long b, long c)
    {
        var x = Finalise((ulong)a + 0x9E3779B97F4A7C15UL);
        x = Finalise(x ^ ((ulong)b + 0xBF58476D1CE4E5B9UL));
        return Finalise(x ^ ((ulong)c + 0x94D049BB133111EBUL));
    }

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalise(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double Uniform() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * Uniform();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => Uniform() < p;

    /// <summary>Standard normal (Box-Muller; one value per call, two uniforms).</summary>
    public double Normal()
    {
        var u1 = 1.0 - Uniform(); // (0, 1]
        var u2 = Uniform();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double Normal(double mean, double sd) => mean + sd * Normal();

    /// <summary>Log-normal with the given median and log-scale standard deviation.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>An index drawn with the given probabilities (which sum to 1; the last index takes any rounding remainder).</summary>
    public int Pick(ReadOnlySpan<double> probabilities)
    {
        var u = Uniform();
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            if (u < probabilities[i]) return i;
            u -= probabilities[i];
        }
        return probabilities.Length - 1;
    }
}
