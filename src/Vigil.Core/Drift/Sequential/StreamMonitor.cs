using Vigil.Core.Drift.Samples;

namespace Vigil.Core.Drift.Sequential;

/// <summary>One detector run over a stream.</summary>
/// <param name="Detector">Name and parameters.</param>
/// <param name="Alarms">1-based positions in the stream where it alarmed (it restarts after each alarm).</param>
/// <param name="Arl0">In-control average run length, by simulation from the reference.</param>
public sealed record DetectorRun(string Detector, IReadOnlyList<long> Alarms, RunLengthEstimate Arl0);

/// <summary>The sequential monitoring of one column read as a stream in row order.</summary>
/// <param name="Column">Column name.</param>
/// <param name="ReferenceMean">In-control mean (of the reference's finite values).</param>
/// <param name="ReferenceSd">In-control standard deviation (ddof = 0).</param>
/// <param name="Observations">Finite values in the stream (missing cells skipped).</param>
/// <param name="Detectors">One run per detector.</param>
public sealed record StreamMonitoring(string Column, double ReferenceMean, double ReferenceSd, long Observations, IReadOnlyList<DetectorRun> Detectors);

/// <summary>
/// Runs CUSUM, the EWMA chart, Page-Hinkley and ADWIN over a stream (the current file's column in row order),
/// each on values standardised by the reference's mean and standard deviation, and estimates each detector's
/// in-control ARL₀ by seeded simulation: streams resampled with replacement from the reference (a bootstrap, so
/// skewed or 0/1 columns keep their shape) until the first alarm, capped at <c>maxLength</c>.
/// </summary>
public static class StreamMonitor
{
    public static StreamMonitoring Run(string column, ReadOnlySpan<double> reference, ReadOnlySpan<double> stream,
        DetectorSettings? settings = null, int seed = 1, int runs = 100, int maxLength = 10000)
    {
        settings ??= new DetectorSettings();
        var sample = SortedSample.From(reference);
        if (sample.Count < 2) throw new VigilException(FailureKind.Data, $"column '{column}' needs at least two reference values") { Parameter = "stream", Column = column };
        var mean = sample.Mean;
        var sd = sample.StdDdof0;
        if (!(sd > 0)) throw new VigilException(FailureKind.Data, $"column '{column}' is constant in the reference; nothing to standardise by") { Parameter = "stream", Column = column };
        var refValues = sample.Values.ToArray();
        var values = new List<double>();
        foreach (var v in stream)
            if (double.IsFinite(v)) values.Add((v - mean) / sd);

        var runsOut = new List<DetectorRun>();
        foreach (var make in settings.Detectors())
        {
            var detector = make();
            var alarms = new List<long>();
            for (var i = 0; i < values.Count; i++)
            {
                if (!detector.Update(values[i])) continue;
                alarms.Add(i + 1);
                detector.Reset();
            }
            var arl0 = RunLength.InControl(make, rng => (refValues[rng.Next(refValues.Length)] - mean) / sd, runs, maxLength, seed);
            runsOut.Add(new DetectorRun(detector.Name, alarms, arl0));
        }
        return new StreamMonitoring(column, mean, sd, values.Count, runsOut);
    }
}
