using MathNet.Numerics;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// A run of low-volume hours ending at the judged hour (<see cref="ExpectedVolume.LowRun"/>).
/// </summary>
/// <param name="Volume">Predictions in the judged (last complete) hour.</param>
/// <param name="Expected">Its expected volume: the median of the same hour of the day over the previous <see cref="Days"/> days.</param>
/// <param name="RunHours">Consecutive hours, ending at the judged one, each below the ratio × its expected volume.</param>
/// <param name="RunVolume">Predictions in the run.</param>
/// <param name="RunExpected">Σ expected volume over the run.</param>
/// <param name="Days">Previous days the judged hour's median was taken over.</param>
/// <param name="PValue">P(X ≤ RunVolume) for X ~ Poisson(RunExpected).</param>
public readonly record struct VolumeRun(long Volume, double Expected, int RunHours, long RunVolume, double RunExpected, int Days, double PValue);

/// <summary>
/// The expected number of predictions in an hour, aware of the hour of the day: clinical arrivals follow a day/night
/// cycle (the sepsis simulator's ED arrivals fall to a third of the afternoon peak overnight), so the day's median
/// volume would call every quiet night a broken feed. Expected volume of hour t = the median of the volumes of hours
/// t − k·24 h for k = 1..<see cref="TrailingDays"/> that lie at or after the stream's first prediction hour (an hour
/// without predictions counts 0, so an earlier outage lowers the median only when it covered half the days). An hour
/// has no expectation with fewer than <see cref="MinDays"/> such days (the first days of a deployment: only the silence
/// monitor judges the feed then).
/// <para>
/// A drop: the run of consecutive hours ending at the judged hour in which each hour received fewer than ratio × its
/// expected volume, with total O and expected total E, where P(X ≤ O) for X ~ Poisson(E), the regularised upper gamma
/// Q(O + 1, E), is below <see cref="Alpha"/>. The ratio says "far below normal", the Poisson tail "not chance at this
/// volume": an empty night hour expecting 2 has P = e⁻² = 0.14 and is not a drop, while 3 empty hours expecting 3 each
/// have P = e⁻⁹ = 1.2·10⁻⁴ and are; at a daytime 60 an hour, one hour of 10 has P ≈ 10⁻¹⁴.
/// </para>
/// </summary>
public static class ExpectedVolume
{
    /// <summary>Previous days the same hour's median is taken over (two weeks: both weekdays and weekends).</summary>
    public const int TrailingDays = 14;

    /// <summary>Fewest previous days with the same hour an expectation needs.</summary>
    public const int MinDays = 3;

    /// <summary>Poisson tail probability below which a low run is a drop.</summary>
    public const double Alpha = 1e-3;

    private const long HourMs = FeedHealthMonitor.HourMs;

    /// <summary>The expected volume of hour <paramref name="hourMs"/> and the days behind it, or null with fewer than <see cref="MinDays"/> days.</summary>
    public static (double Expected, int Days)? Of(IReadOnlyDictionary<long, long> volumes, long firstHourMs, long hourMs)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        Span<long> same = stackalloc long[TrailingDays];
        var n = 0;
        for (var k = 1; k <= TrailingDays; k++)
        {
            var t = hourMs - k * 24 * HourMs;
            if (t < firstHourMs) break;
            same[n++] = volumes.GetValueOrDefault(t);
        }
        if (n < MinDays) return null;
        var s = same[..n];
        s.Sort();
        var median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        return (median, n);
    }

    /// <summary>
    /// The low run ending at <paramref name="hourMs"/> (at most <see cref="FeedHealthMonitor.FeedWindowHours"/> hours), or
    /// null when that hour has no expectation or is not below <paramref name="ratio"/> × it.
    /// </summary>
    public static VolumeRun? LowRun(IReadOnlyDictionary<long, long> volumes, long firstHourMs, long hourMs, double ratio)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        if (Of(volumes, firstHourMs, hourMs) is not { } last) return null;
        var volume = volumes.GetValueOrDefault(hourMs);
        if (!(volume < ratio * last.Expected)) return null;
        long runVolume = 0;
        double runExpected = 0;
        var hours = 0;
        for (var t = hourMs; hours < FeedHealthMonitor.FeedWindowHours; t -= HourMs)
        {
            if (Of(volumes, firstHourMs, t) is not { } e) break;
            var x = volumes.GetValueOrDefault(t);
            if (!(x < ratio * e.Expected)) break;
            runVolume += x;
            runExpected += e.Expected;
            hours++;
        }
        var p = runExpected > 0 ? SpecialFunctions.GammaUpperRegularized(runVolume + 1, runExpected) : 1.0;
        return new VolumeRun(volume, last.Expected, hours, runVolume, runExpected, last.Days, p);
    }
}
