using System.Globalization;

namespace Vigil.LoadGen;

/// <summary>
/// The process's resident set size (VmRSS of /proc/self/status, Linux), its anonymous part (RssAnon: heaps, stacks,
/// SQLite page caches; not the store file's mapped pages, which are the kernel's file cache and can be dropped), the
/// managed heap, the memory the garbage collector has committed (its heap and the free space it keeps) and what SQLite
/// has allocated (sqlite3_memory_used: its page caches, bounded by each connection's cache_size, and statements),
/// sampled once a second while a phase runs. "Flat" is judged by least-squares slopes (MB per minute) of RssAnon and of
/// the rest once the two bounded pools are taken out (RssAnon − GC committed − SQLite): a pool filling up to its bound
/// shows in the first, a leak in both.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler()
    {
        // Microsoft.Data.Sqlite sets SQLite's provider at its first connection; with a PostgreSQL store there is none.
        SQLitePCL.Batteries_V2.Init();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                var (rss, anon) = ReadRss();
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;
                var sqlite = SQLitePCL.raw.sqlite3_memory_used() / 1048576.0;
                lock (_samples) _samples.Add(new(clock.Elapsed.TotalSeconds, rss, anon, GC.GetTotalMemory(false) / 1048576.0, committed, sqlite));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// First, min, max and last RSS (MB); first and last RssAnon and its least-squares slopes over all samples and over
    /// the second half (MB/min: bounded caches filling show in the first, a leak in both); the max managed heap; the GC's
    /// first and last committed memory; SQLite's first and last allocation and its high-water mark; the rest's first and
    /// last and its slopes; and the sample count.
    /// </summary>
    public MemorySummary Summary()
    {
        lock (_samples)
        {
            if (_samples.Count == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double min = double.MaxValue, max = double.MinValue, heap = 0;
            foreach (var s in _samples)
            {
                min = Math.Min(min, s.RssMb); max = Math.Max(max, s.RssMb); heap = Math.Max(heap, s.HeapMb);
            }
            var n = _samples.Count;
            Sample first = _samples[0], last = _samples[^1];
            return new(first.RssMb, min, max, last.RssMb, first.AnonMb, last.AnonMb, Slope(0, s => s.AnonMb) * 60, Slope(n / 2, s => s.AnonMb) * 60, heap,
                first.CommittedMb, last.CommittedMb, first.SqliteMb, last.SqliteMb, SQLitePCL.raw.sqlite3_memory_highwater(0) / 1048576.0,
                first.RestMb, last.RestMb, Slope(0, s => s.RestMb) * 60, Slope(n / 2, s => s.RestMb) * 60, n);
        }
    }

    private double Slope(int from, Func<Sample, double> y)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var n = _samples.Count - from;
        if (n < 2) return 0;
        for (var i = from; i < _samples.Count; i++)
        {
            var (t, v) = (_samples[i].Seconds, y(_samples[i]));
            sx += t; sy += v; sxx += t * t; sxy += t * v;
        }
        return ((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
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

/// <summary>One sample (MB); the rest is RssAnon less the GC's committed memory and SQLite's allocation.</summary>
internal readonly record struct Sample(double Seconds, double RssMb, double AnonMb, double HeapMb, double CommittedMb, double SqliteMb)
{
    public double RestMb => AnonMb - CommittedMb - SqliteMb;
}

/// <summary>What <see cref="MemorySampler.Summary"/> reports (MB, slopes in MB/min).</summary>
public readonly record struct MemorySummary(double First, double Min, double Max, double Last, double AnonFirst, double AnonLast,
    double SlopePerMinute, double SecondHalfSlope, double MaxHeap, double CommittedFirst, double CommittedLast,
    double SqliteFirst, double SqliteLast, double SqliteHighwater, double RestFirst, double RestLast, double RestSlope, double RestSecondHalfSlope,
    int Count);
