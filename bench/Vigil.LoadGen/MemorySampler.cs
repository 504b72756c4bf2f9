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

    /// <summary>First, min, max and last RSS (MB), the slope (MB/min), the max managed heap (MB), and the sample count.</summary>
    public (double First, double Min, double Max, double Last, double SlopePerMinute, double MaxHeap, int Count) Summary()
    {
        lock (_samples)
        {
            if (_samples.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double sx = 0, sy = 0, sxx = 0, sxy = 0, min = double.MaxValue, max = double.MinValue, heap = 0;
            foreach (var (t, rss, h) in _samples)
            {
                sx += t; sy += rss; sxx += t * t; sxy += t * rss;
                min = Math.Min(min, rss); max = Math.Max(max, rss); heap = Math.Max(heap, h);
            }
            var n = _samples.Count;
            var slope = n < 2 ? 0 : ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
            return (_samples[0].RssMb, min, max, _samples[^1].RssMb, slope * 60, heap, n);
        }
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
