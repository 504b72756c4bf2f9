using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;

namespace Vigil.Bench;

/// <summary>
/// The maturity run alone (<see cref="IMonitorStore.MatureDueAsync"/>, the first half of every evaluation): 60,000 due
/// predictions of a SQLite store (10 groups × 100 hours × 60, each its own encounter, no outcomes: each matures as a
/// known negative), every iteration on a fresh copy of the same store file.
/// Run: <c>dotnet run -c Release --project bench/Vigil.Bench -- --filter '*MaturityBenchmarks*'</c>.
/// </summary>
[Config(typeof(MaturityRunConfig))]
public class MaturityBenchmarks
{
    private const int Groups = 10;
    private const int Hours = 100;
    private const int PerGroupHour = 60;
    private const long HourMs = 3_600_000;

    private TempMonitorStore _template = null!;
    private string _copy = null!;
    private IMonitorStore _store = null!;
    private long _nowMs;

    /// <summary>One invocation per iteration: each needs its own fresh copy of the store (made in IterationSetup).</summary>
    public sealed class MaturityRunConfig : ManualConfig
    {
        public MaturityRunConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithInvocationCount(1).WithUnrollFactor(1).WithIterationCount(5));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _template = new TempMonitorStore("maturity");
        var store = _template.Store;
        store.RegisterModelAsync(BenchPredictions.Registration(1), DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        _nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / HourMs * HourMs;
        BenchPredictions.Ingest(store, _nowMs - ((Hours + 2) * HourMs), Hours, Groups, PerGroupHour, seed: 7, time => time + HourMs);
        // Closed, so that the file holds every page (the WAL checkpointed) and the encounter index is complete.
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_template.Folder, recursive: true);

    [IterationSetup]
    public void Copy()
    {
        _copy = Path.Combine(_template.Folder, "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_copy);
        foreach (var file in Directory.GetFiles(_template.Folder, "monitor.db*"))
            File.Copy(file, Path.Combine(_copy, Path.GetFileName(file)));
        _store = MonitorStoreFactory.OpenAsync("sqlite:" + Path.Combine(_copy, "monitor.db")).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Remove()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_copy, recursive: true);
    }

    [Benchmark]
    public int MatureDue60000() => _store.MatureDueAsync(_nowMs).GetAwaiter().GetResult();
}
