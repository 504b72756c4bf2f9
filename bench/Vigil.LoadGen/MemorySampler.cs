using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// The process's resident set size (VmRSS of /proc/self/status, Linux) and managed heap, sampled once a second while a
/// phase runs; "flat" is judged by the least-squares slope of RSS over the samples (MB per minute).
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(double Seconds, double RssMb, double HeapMb)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                lock (_samples) _samples.Add((clock.Elapsed.TotalSeconds, RssMb(), GC.GetTotalMemory(false) / 1048576.0));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// First, min, max and last RSS (MB), the least-squares slope over all samples and over the second half (MB/min:
    /// bounded caches filling show in the first, a leak in both), the max managed heap (MB), and the sample count.
    /// </summary>
    public (double First, double Min, double Max, double Last, double SlopePerMinute, double SecondHalfSlope, double MaxHeap, int Count) Summary()
    {
        lock (_samples)
        {
            if (_samples.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double min = double.MaxValue, max = double.MinValue, heap = 0;
            foreach (var (_, rss, h) in _samples)
            {
                min = Math.Min(min, rss); max = Math.Max(max, rss); heap = Math.Max(heap, h);
            }
            var n = _samples.Count;
            return (_samples[0].RssMb, min, max, _samples[^1].RssMb, Slope(0) * 60, Slope(n / 2) * 60, heap, n);
        }
    }

    private double Slope(int from)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var n = _samples.Count - from;
        if (n < 2) return 0;
        for (var i = from; i < _samples.Count; i++)
        {
            var (t, rss, _) = _samples[i];
            sx += t; sy += rss; sxx += t * t; sxy += t * rss;
        }
        return ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
    }

    /// <summary>Every sample as "seconds rss heap" lines (for a plot or a closer look).</summary>
    public IEnumerable<string> Lines()
    {
        lock (_samples)
            return [.. _samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0.0} {s.RssMb:0.0} {s.HeapMb:0.0}"))];
    }

    private static double RssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return double.Parse(kb, CultureInfo.InvariantCulture) / 1024;
        }
        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
