using System.Collections.Concurrent;
using Vigil.Contracts.Monitoring;
using Vigil.Core.Statistics;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// The threshold (h for the CUSUM, L for the EWMA) that gives a detector the configured in-control average run length
/// (ARL₀: matured positives between false alarms when the FNR stays at p₀), by seeded simulation, deterministic and
/// cached per (detector, p₀, p₁, ARL₀) so that every replica computes the same threshold.
/// <para>
/// Method: R null streams (Bernoulli(p₀), stream r seeded by SplitMix64 from (<see cref="Seed"/>, r)), each run for
/// <see cref="CapFactor"/>·ARL₀ observations, record the running maximum of the detector's statistic. The first passage
/// over a threshold c is the first time the running maximum exceeds c, so one simulation gives the run length of every c;
/// the mean run length is non-decreasing in c, and bisection finds the smallest c whose mean reaches ARL₀. Runs that never
/// pass count as the cap (a lower bound; with the cap at 6·ARL₀ and near-geometric run lengths that affects about 0.25% of
/// runs). R = 1000 up to ARL₀ = 1000, then 10⁶/ARL₀ (at least 100), so one calibration costs at most about 6·10⁶ steps;
/// the standard error of the estimated ARL₀ is about ARL₀/√R (3% at R = 1000).
/// </para>
/// </summary>
public static class SequentialThresholds
{
    public const int Seed = 20261202;
    public const double CapFactor = 6;

    private static readonly ConcurrentDictionary<(SequentialDetector, double, double, double), double> Cache = new();

    /// <summary>The threshold of the detector for an in-control rate p₀, a target p₁ and ARL₀ (cached).</summary>
    public static double For(SequentialDetector kind, double p0, double p1, double inControlRunLength) =>
        Cache.GetOrAdd((kind, p0, p1, inControlRunLength), k => Calibrate(k.Item1, k.Item2, k.Item3, k.Item4));

    /// <summary>Runs the calibration (uncached).</summary>
    public static double Calibrate(SequentialDetector kind, double p0, double p1, double inControlRunLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inControlRunLength, 1);
        var runs = inControlRunLength <= 1000 ? 1000 : Math.Max(100, (int)(1e6 / inControlRunLength));
        var cap = (int)Math.Ceiling(CapFactor * inControlRunLength);
        // Records of each run: (time, new running maximum), in time order.
        var recordTimes = new List<int>[runs];
        var recordValues = new List<double>[runs];
        var maxima = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            var rng = new SplitMix64(SplitMix64.ReplicateStream(Seed, r));
            var detector = new BernoulliDetector(kind, p0, p1);
            var times = new List<int>();
            var values = new List<double>();
            var max = double.NegativeInfinity;
            for (var t = 1; t <= cap; t++)
            {
                var s = detector.Update(Uniform(rng) < p0);
                if (s > max)
                {
                    max = s;
                    times.Add(t);
                    values.Add(s);
                }
            }
            recordTimes[r] = times;
            recordValues[r] = values;
            maxima[r] = max;
        }
        double MeanRunLength(double c)
        {
            var total = 0.0;
            for (var r = 0; r < runs; r++)
            {
                var values = recordValues[r];
                // first record above c (values increase)
                int lo = 0, hi = values.Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) >>> 1;
                    if (values[mid] > c) hi = mid;
                    else lo = mid + 1;
                }
                total += lo < values.Count ? recordTimes[r][lo] : cap;
            }
            return total / runs;
        }
        double low = 0, high = maxima.Max();
        if (MeanRunLength(high) < inControlRunLength) return high; // the cap binds: as long as the simulation allows
        for (var i = 0; i < 60 && high - low > 1e-6 * Math.Max(1, high); i++)
        {
            var mid = (low + high) / 2;
            if (MeanRunLength(mid) >= inControlRunLength) high = mid;
            else low = mid;
        }
        return high;
    }

    /// <summary>A uniform double in [0, 1) from 53 random bits.</summary>
    public static double Uniform(SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
