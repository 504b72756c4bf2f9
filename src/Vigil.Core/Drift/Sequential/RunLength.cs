namespace Vigil.Core.Drift.Sequential;

/// <summary>A run-length estimate from simulation.</summary>
/// <param name="Mean">Mean run length to the first alarm (censored runs count as their full length: a lower bound).</param>
/// <param name="Median">Median run length.</param>
/// <param name="Runs">Simulated runs.</param>
/// <param name="Censored">Runs that reached the maximum length without an alarm.</param>
/// <param name="MaxLength">The cap on a run's length.</param>
public sealed record RunLengthEstimate(double Mean, double Median, int Runs, int Censored, int MaxLength);

/// <summary>Detection performance on streams with a known change point.</summary>
/// <param name="FalseAlarmRate">Share of runs that alarmed before the change.</param>
/// <param name="DetectionRate">Share of runs without a false alarm that alarmed within the horizon after the change.</param>
/// <param name="MeanDelay">Mean delay (observations after the change up to and including the alarm) over detected runs.</param>
/// <param name="MedianDelay">Median of the same delays.</param>
/// <param name="Runs">Simulated runs.</param>
public sealed record ChangeDetectionEstimate(double FalseAlarmRate, double DetectionRate, double MeanDelay, double MedianDelay, int Runs);

/// <summary>
/// Average run lengths by seeded simulation, so a user can choose a detector's threshold for a false-alarm budget:
/// ARL₀ (in control: mean number of observations until a false alarm) and delays after a change.
/// Run i uses the generator seeded with seed + i, so results are reproducible.
/// </summary>
public static class RunLength
{
    /// <summary>In-control ARL₀: streams from <paramref name="inControl"/> until the first alarm or <paramref name="maxLength"/>.</summary>
    public static RunLengthEstimate InControl(Func<ISequentialDetector> detector, Func<Random, double> inControl,
        int runs = 200, int maxLength = 20000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(inControl);
        var lengths = new double[runs];
        var censored = 0;
        for (var r = 0; r < runs; r++)
        {
            var rng = new Random(seed + r);
            var d = detector();
            var t = 0;
            while (t < maxLength)
            {
                t++;
                if (d.Update(inControl(rng))) break;
            }
            if (t == maxLength) censored++;
            lengths[r] = t;
        }
        return new RunLengthEstimate(lengths.Average(), Median(lengths), runs, censored, maxLength);
    }

    /// <summary>
    /// Streams of <paramref name="changeAt"/> in-control observations followed by up to <paramref name="horizon"/>
    /// shifted ones; counts false alarms before the change and delays after it.
    /// </summary>
    public static ChangeDetectionEstimate WithChange(Func<ISequentialDetector> detector, Func<Random, double> inControl,
        Func<Random, double> shifted, int changeAt, int horizon, int runs = 200, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(inControl);
        ArgumentNullException.ThrowIfNull(shifted);
        var delays = new List<double>();
        var falseAlarms = 0;
        var missed = 0;
        for (var r = 0; r < runs; r++)
        {
            var rng = new Random(seed + r);
            var d = detector();
            var alarmed = false;
            for (var t = 1; t <= changeAt && !alarmed; t++)
                alarmed = d.Update(inControl(rng));
            if (alarmed)
            {
                falseAlarms++;
                continue;
            }
            var delay = 0;
            for (var t = 1; t <= horizon; t++)
            {
                if (!d.Update(shifted(rng))) continue;
                delay = t;
                break;
            }
            if (delay == 0) missed++;
            else delays.Add(delay);
        }
        var eligible = runs - falseAlarms;
        return new ChangeDetectionEstimate(
            (double)falseAlarms / runs,
            eligible == 0 ? double.NaN : (double)delays.Count / eligible,
            delays.Count == 0 ? double.NaN : delays.Average(),
            delays.Count == 0 ? double.NaN : Median([.. delays]),
            runs);
    }

    /// <summary>A standard normal draw (Box-Muller), for simulated value streams.</summary>
    public static double Normal(Random rng, double mean = 0, double sd = 1)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A 0/1 draw with P(1) = p, for simulated outcome streams.</summary>
    public static double Bernoulli(Random rng, double p)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return rng.NextDouble() < p ? 1 : 0;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
