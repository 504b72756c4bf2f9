using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// The process's resident set size (VmRSS of /proc/self/status, Linux), its anonymous part (RssAnon: heaps, stacks,
/// SQLite page caches; not the store file's mapped pages, which are the kernel's file cache and can be dropped), the
/// managed heap and the memory the garbage collector has committed (its heap and the free space it keeps), sampled once
/// a second while a phase runs; "flat" is judged by the least-squares slope of RssAnon over the samples (MB per minute).
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(double Seconds, double RssMb, double AnonMb, double HeapMb, double CommittedMb)> _samples = [];
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
                var (rss, anon) = ReadRss();
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;
                lock (_samples) _samples.Add((clock.Elapsed.TotalSeconds, rss, anon, GC.GetTotalMemory(false) / 1048576.0, committed));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// First, min, max and last RSS (MB), the least-squares slope of RssAnon over all samples and over the second half
    /// (MB/min: bounded caches filling show in the first, a leak in both), first and last RssAnon (MB), the max managed
    /// heap and the GC's first and last committed memory (MB), and the sample count.
    /// </summary>
    public MemorySummary Summary()
    {
        lock (_samples)
        {
            if (_samples.Count == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double min = double.MaxValue, max = double.MinValue, heap = 0;
            foreach (var (_, rss, _, h, _) in _samples)
            {
                min = Math.Min(min, rss); max = Math.Max(max, rss); heap = Math.Max(heap, h);
            }
            var n = _samples.Count;
            return new(_samples[0].RssMb, min, max, _samples[^1].RssMb, _samples[0].AnonMb, _samples[^1].AnonMb, Slope(0) * 60, Slope(n / 2) * 60, heap,
                _samples[0].CommittedMb, _samples[^1].CommittedMb, n);
        }
    }

    private double Slope(int from)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var n = _samples.Count - from;
        if (n < 2) return 0;
        for (var i = from; i < _samples.Count; i++)
        {
            var (t, _, anon, _, _) = _samples[i];
            sx += t; sy += anon; sxx += t * t; sxy += t * anon;
        }
        return ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
    }

    /// <summary>Every sample as "seconds rss rss-anon heap committed" lines (for a plot or a closer look).</summary>
    public IEnumerable<string> Lines()
    {
        lock (_samples)
            return [.. _samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0.0} {s.RssMb:0.0} {s.AnonMb:0.0} {s.HeapMb:0.0} {s.CommittedMb:0.0}"))];
    }

    private static (double Rss, double Anon) ReadRss()
    {
        double rss = double.NaN, anon = double.NaN;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line, "VmRSS:".Length);
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line, "RssAnon:".Length);
        }
        return (rss, anon);
    }

    private static double Kb(string line, int from) =>
        double.Parse(line[from..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;

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

/// <summary>What <see cref="MemorySampler.Summary"/> reports (MB, slopes in MB/min of RssAnon).</summary>
public readonly record struct MemorySummary(double First, double Min, double Max, double Last, double AnonFirst, double AnonLast,
    double SlopePerMinute, double SecondHalfSlope, double MaxHeap, double CommittedFirst, double CommittedLast, int Count);
